import { useCallback, useEffect, useRef, useState } from 'react';
import type { Socket } from 'socket.io-client';
import { api, ApiError } from '../api/client.ts';
import type { IssuanceProgress, IssuanceRun } from '../api/types.ts';
import { connectDiscussion } from '../realtime/socket.ts';

const POLL_MS = 2000;

// server/realtime/events.ts does not declare this push yet; its shape is the worker's (IssuanceProgress).
type ProgressSocket = Socket<{ 'certificates:progress': (progress: IssuanceProgress) => void }>;

/** The later of two views of the same run: progress only moves forward, and a finished run stays finished. */
function later(current: IssuanceRun | undefined, next: IssuanceRun): IssuanceRun {
  if (!current || current.id !== next.id) return next;
  if (current.status !== 'running' && next.status === 'running') return current;
  return next.status !== 'running' || next.done >= current.done ? next : current;
}

/**
 * The cohort's issuance run as it progresses: moved by the worker's `certificates:progress` pushes on
 * the staff channel, and read from GET /api/issuance-runs/:id every 2 s when no push came meanwhile
 * (the staff channel has no replay, so a push lost during a reconnect would otherwise freeze the bar).
 */
export function useIssuanceRun(cohortId: string, latest: IssuanceRun | null | undefined, onFinished: () => void) {
  const [run, setRun] = useState<IssuanceRun>();
  const [error, setError] = useState<unknown>();
  const lastNews = useRef(0);
  const finished = useRef(onFinished);
  const shown = useRef<IssuanceRun>(undefined);
  useEffect(() => {
    finished.current = onFinished;
    shown.current = run;
  });

  const adopt = useCallback((next: IssuanceRun) => {
    lastNews.current = Date.now();
    setRun((current) => later(current, next));
  }, []);
  const fetchRun = useCallback((runId: string) => api.get<IssuanceRun>(`/api/issuance-runs/${runId}`).then(adopt, setError), [adopt]);

  useEffect(() => {
    if (latest) adopt(latest);
  }, [latest, adopt]);

  useEffect(() => {
    const socket = connectDiscussion() as unknown as ProgressSocket;
    socket.on('certificates:progress', (progress) => {
      if (progress.cohortId !== cohortId) return;
      const current = shown.current;
      const known = current?.id === progress.runId;
      if (known) adopt({ ...current, done: progress.done, total: progress.total, status: progress.status });
      // The push carries counts only: the reasons of failures, or a run another coordinator started, are read in full.
      if (!known || progress.status !== 'running') void fetchRun(progress.runId);
    });
    return () => {
      socket.disconnect();
    };
  }, [cohortId, fetchRun]);

  const runningId = run?.status === 'running' ? run.id : undefined;
  useEffect(() => {
    if (!runningId) return;
    const timer = window.setInterval(() => {
      if (Date.now() - lastNews.current >= POLL_MS) void fetchRun(runningId);
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [runningId, fetchRun]);

  const previousStatus = useRef(run?.status);
  useEffect(() => {
    if (previousStatus.current === 'running' && run && run.status !== 'running') finished.current();
    previousStatus.current = run?.status;
  }, [run]);

  const start = useCallback(async () => {
    setError(undefined);
    try {
      adopt(await api.post<IssuanceRun>(`/api/cohorts/${cohortId}/certificates/issue`));
    } catch (failure) {
      // Already running (another coordinator, another tab): follow that run instead.
      const runId = failure instanceof ApiError && failure.status === 409 ? failure.problem['runId'] : undefined;
      if (typeof runId === 'string') await fetchRun(runId);
      else setError(failure);
    }
  }, [cohortId, adopt, fetchRun]);

  return { run, error, start };
}

import { useEffect, useId, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { EnrolmentView, Page } from '../api/types.ts';
import { useLoad } from '../api/use-load.ts';
import { useSession } from '../auth/session-context.tsx';
import { ErrorMessage } from '../components/feedback.tsx';
import { useI18n, type MessageKey } from '../i18n/i18n.tsx';
import { useStaffRoom, type LiveParticipant, type LiveTrack } from './use-staff-room.ts';

const PRESENCE_REFRESH_MS = 15_000;

/** Who has the session page open (Socket.IO presence), with names from the roster when the caller may read it. */
function usePresence(sessionId: string, cohortId: string | undefined, read: () => Promise<{ personId: string }[]>, online: boolean): LiveParticipant[] | undefined {
  const [ids, setIds] = useState<string[]>();
  const roster = useLoad(() => (cohortId ? api.get<Page<EnrolmentView>>(`/api/cohorts/${cohortId}/enrolments?limit=200`) : Promise.resolve(undefined)), [cohortId]);
  useEffect(() => {
    if (!online) return;
    const refresh = () => void read().then((people) => setIds(people.map((p) => p.personId)), () => undefined);
    refresh();
    const timer = window.setInterval(refresh, PRESENCE_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [read, online, sessionId]);
  if (!ids) return undefined;
  const names = new Map(roster.data?.items.map((e) => [e.person.id, e.person.nameLatin]) ?? []);
  return ids.map((personId) => ({ personId, name: names.get(personId) ?? personId, tracks: [] })).sort((a, b) => a.name.localeCompare(b.name));
}

function RemoveForm({ person, onRemove, onCancel }: { person: LiveParticipant; onRemove: (reason: string) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const [reason, setReason] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onRemove(reason.trim());
  };
  return (
    <form onSubmit={submit} className="inline-form confirm">
      <div className="field">
        <label htmlFor={id}>{t('moderation.removeReason', { name: person.name })}</label>
        <input id={id} value={reason} maxLength={500} onChange={(event) => setReason(event.target.value)} />
      </div>
      <button type="submit" className="button-danger">
        {t('moderation.removeConfirm', { name: person.name })}
      </button>
      <button type="button" onClick={onCancel}>
        {t('common.cancel')}
      </button>
    </form>
  );
}

function trackLabel(track: LiveTrack): MessageKey {
  if (track.source === 'microphone') return 'moderation.track.microphone';
  if (track.source === 'camera') return 'moderation.track.camera';
  if (track.source.startsWith('screen')) return 'moderation.track.screen';
  return track.kind === 'audio' ? 'moderation.track.audio' : 'moderation.track.video';
}

/** The people in the session now, each with remove and (when LiveKit lists their tracks) mute. */
export function LivePeoplePanel({ sessionId, cohortId, presence, online, onAction }: { sessionId: string; cohortId: string | undefined; presence: () => Promise<{ personId: string }[]>; online: boolean; onAction: () => void }) {
  const { t } = useI18n();
  const { room, retry } = useStaffRoom(sessionId);
  const present = usePresence(sessionId, cohortId, presence, online);
  const [removing, setRemoving] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const { session } = useSession();
  // A moderator does not remove themselves: the server refuses it, and the page does not offer it.
  const people = (room.kind === 'connected' ? room.participants : present)?.filter((person) => person.personId !== session?.personId);

  const act = async (work: () => Promise<unknown>, message: string) => {
    setError(undefined);
    setDone(undefined);
    try {
      await work();
      setDone(message);
      onAction();
    } catch (failure) {
      setError(failure);
    }
  };
  const remove = (person: LiveParticipant, reason: string) => {
    setRemoving(undefined);
    void act(() => api.post(`/api/sessions/${sessionId}/moderation/remove`, { personId: person.personId, ...(reason && { reason }) }), t('moderation.removed', { name: person.name }));
  };
  const mute = (person: LiveParticipant, track: LiveTrack) =>
    void act(() => api.post(`/api/sessions/${sessionId}/moderation/mute`, { personId: person.personId, trackSid: track.sid }), t('moderation.muted', { name: person.name }));

  return (
    <section aria-labelledby="people-heading" className="panel card">
      <h2 id="people-heading">{t('moderation.people', { count: people?.length ?? 0 })}</h2>
      {room.kind === 'connecting' && <p className="muted">{t('moderation.connecting')}</p>}
      {room.kind === 'unreachable' && (
        <p className="notice">
          {t('moderation.presenceOnly')}{' '}
          <button type="button" className="link-button" onClick={retry}>
            {t('session.retry')}
          </button>
        </p>
      )}
      <div aria-live="polite">
        {done && <p className="notice notice-ok">{done}</p>}
        <ErrorMessage error={error} />
      </div>
      <ul className="plain live-people" data-source={room.kind === 'connected' ? 'livekit' : 'presence'}>
        {people?.map((person) => (
          <li key={person.personId} className="live-person" data-person-id={person.personId}>
            <span className="live-person-name">{person.name}</span>
            <span className="live-person-actions">
              {person.tracks
                .filter((track) => !track.muted)
                .map((track) => (
                  <button key={track.sid} type="button" onClick={() => mute(person, track)}>
                    {t('moderation.mute', { track: t(trackLabel(track)), name: person.name })}
                  </button>
                ))}
              <button type="button" onClick={() => setRemoving(person.personId)} aria-expanded={removing === person.personId}>
                {t('moderation.remove', { name: person.name })}
              </button>
            </span>
            {removing === person.personId && <RemoveForm person={person} onRemove={(reason) => remove(person, reason)} onCancel={() => setRemoving(undefined)} />}
          </li>
        ))}
      </ul>
      {people?.length === 0 && <p className="muted">{t('moderation.nobody')}</p>}
    </section>
  );
}

import type { Job } from 'bullmq';
import type { Deps } from '../server/deps.ts';
import type { JobName, JobPayload } from '../server/jobs/registry.ts';
import { purgeExpiredSignIns } from './processors/purge-expired-sign-ins.processor.ts';
import { sendNotification } from './processors/send-notification.processor.ts';
import { sendReminders } from './processors/send-reminders.processor.ts';
import { reconcileSchedule } from './processors/reconcile-schedule.processor.ts';
import { rederiveInstants } from './processors/rederive-instants.processor.ts';
import { closeRoom, openRoom } from './processors/room-lifecycle.processor.ts';
import { pollLiveRoomsJob, processLivekitEventJob } from './processors/livekit.processor.ts';
import { evaluateCompletionJob, issueCertificatesJob } from './processors/certificates.processor.ts';

/** The BullMQ side of a running job, for processors that must know their attempt or re-delay. */
export interface JobHandle {
  job: Job;
  token: string | undefined;
}

type Processor<N extends JobName> = (deps: Deps, payload: JobPayload<N>, handle: JobHandle) => Promise<unknown>;

/** Which function runs each job kind; a kind missing here fails type-checking. */
export const processors: { [N in JobName]: Processor<N> } = {
  'purge-expired-sign-ins': purgeExpiredSignIns,
  'send-notification': sendNotification,
  'send-reminders': sendReminders,
  'open-room': openRoom,
  'close-room': closeRoom,
  'process-livekit-event': processLivekitEventJob,
  'poll-live-rooms': pollLiveRoomsJob,
  'issue-certificates': issueCertificatesJob,
  'evaluate-completion': evaluateCompletionJob,
  'reconcile-schedule': reconcileSchedule,
  'rederive-instants': rederiveInstants,
};

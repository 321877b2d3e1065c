import type { Deps } from '../../server/deps.ts';
import type { JobPayload } from '../../server/jobs/registry.ts';
import { runIssuance } from '../../server/domain/certificates/issuance.service.ts';
import { warnPeopleAtRisk } from '../../server/domain/completion/at-risk.service.ts';
import { attendanceSettingsFrom } from '../../server/domain/attendance/attendance.service.ts';
import { deliverySettingsFrom } from '../../server/domain/notifications/delivery-settings.ts';


/** Bulk issuance of one run; after a crash BullMQ runs it again and it issues only what is missing. */
export async function issueCertificatesJob(deps: Deps, payload: JobPayload<'issue-certificates'>) {
  return runIssuance({ announce: { queues: deps.queues, domain: deliverySettingsFrom(deps.config).domain }, renderThreads: deps.config.CERTIFICATE_RENDER_THREADS, db: deps.db, push: deps.push, logger: deps.logger, config: deps.config, settings: attendanceSettingsFrom(deps.config), now: () => deps.clock.now() }, payload.runId);
}

/** Who became at risk since the last session: each gets one message saying what they still need. */
export async function evaluateCompletionJob(deps: Deps, payload: JobPayload<'evaluate-completion'>) {
  return warnPeopleAtRisk(deps, payload.cohortId, { now: deps.clock.now(), domain: deliverySettingsFrom(deps.config).domain, settings: attendanceSettingsFrom(deps.config) });
}

import type { Deps } from '../../server/deps.ts';
import type { JobPayload } from '../../server/jobs/registry.ts';
import { deleteExpiredSignInState } from '../../server/domain/auth/auth.repository.ts';

/** Deletes magic links and sign-in sessions that expired (or were revoked) more than `graceDays` ago. */
export async function purgeExpiredSignIns(deps: Pick<Deps, 'db' | 'clock'>, payload: JobPayload<'purge-expired-sign-ins'>) {
  const before = new Date(deps.clock.now().getTime() - payload.graceDays * 86_400_000);
  return deleteExpiredSignInState(deps.db, before);
}

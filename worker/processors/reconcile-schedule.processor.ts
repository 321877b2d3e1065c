import type { Deps } from '../../server/deps.ts';
import { reconcileSchedule as reconcile } from '../../server/jobs/reconcile.ts';

export function reconcileSchedule(deps: Deps) {
  return reconcile({ db: deps.db, queues: deps.queues, now: deps.clock.now(), config: deps.config });
}

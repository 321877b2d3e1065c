import type { Deps } from '../server/deps.ts';
import type { JobName, JobPayload } from '../server/jobs/registry.ts';
import { purgeExpiredSignIns } from './processors/purge-expired-sign-ins.processor.ts';

type Processor<N extends JobName> = (deps: Deps, payload: JobPayload<N>) => Promise<unknown>;

/** Which function runs each job kind; a kind missing here fails type-checking. */
export const processors: { [N in JobName]: Processor<N> } = {
  'purge-expired-sign-ins': purgeExpiredSignIns,
};

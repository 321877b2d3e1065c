import type { Logger } from '../logger.ts';
import type { Actor } from '../domain/access/actor.ts';

export type SignedInActor = Actor & { csrfToken: string; expiresAt: Date };

/** What middleware puts on every request's context. */
export interface AppEnv {
  Variables: {
    requestId: string;
    log: Logger;
    actor: SignedInActor | undefined;
  };
}

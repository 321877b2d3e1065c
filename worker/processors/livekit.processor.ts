import { WebhookEvent } from 'livekit-server-sdk';
import type { JsonValue } from '@bufbuild/protobuf';
import type { Deps } from '../../server/deps.ts';
import type { JobPayload } from '../../server/jobs/registry.ts';
import { pollLiveRooms, processLivekitEvent } from '../../server/domain/attendance/evidence.service.ts';

const parse = (json: unknown) => WebhookEvent.fromJson(json as JsonValue, { ignoreUnknownFields: true });

/** A stored webhook becomes attendance evidence; running it again adds nothing. */
export async function processLivekitEventJob(deps: Deps, payload: JobPayload<'process-livekit-event'>) {
  return processLivekitEvent(deps.db, payload.eventId, deps.clock.now(), parse);
}

/** Who is connected to every open room now: catches what a lost webhook missed. */
export async function pollLiveRoomsJob(deps: Deps) {
  return pollLiveRooms(deps, deps.clock.now());
}

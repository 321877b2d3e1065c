import { AccessToken, TrackSource, type VideoGrant } from 'livekit-server-sdk';
import type { Config } from '../config.ts';

export type JoinRole = 'staff' | 'lecturer' | 'participant' | 'interpreter' | 'observer';

/** Least privilege per role: one room, and only what the role does in it. */
export function grantsFor(role: JoinRole, room: string): VideoGrant {
  const base = { roomJoin: true, room, canSubscribe: true };
  switch (role) {
    case 'staff':
    case 'lecturer':
      return { ...base, canPublish: true, canPublishData: true, roomAdmin: true };
    case 'participant':
      return { ...base, canPublish: true, canPublishData: true, canPublishSources: [TrackSource.MICROPHONE, TrackSource.CAMERA, TrackSource.SCREEN_SHARE] };
    case 'interpreter':
      return { ...base, canPublish: true, canPublishData: false, canPublishSources: [TrackSource.MICROPHONE] };
    case 'observer':
      return { ...base, canPublish: false, canPublishData: false };
  }
}

/**
 * A short-lived join token. The key, secret and lifetime are passed explicitly: the SDK would otherwise
 * read ambient variables and default to a six-hour token.
 */
export async function mintJoinToken(
  config: Pick<Config, 'LIVEKIT_API_KEY' | 'LIVEKIT_API_SECRET' | 'LIVEKIT_TOKEN_TTL_MINUTES'>,
  input: { room: string; identity: string; name: string; role: JoinRole; attributes?: Record<string, string>; monitor?: boolean },
): Promise<{ token: string; expiresAt: Date }> {
  const ttlSeconds = config.LIVEKIT_TOKEN_TTL_MINUTES * 60;
  const token = new AccessToken(config.LIVEKIT_API_KEY, config.LIVEKIT_API_SECRET, {
    identity: input.identity,
    name: input.name,
    ttl: ttlSeconds,
    attributes: { role: input.role, ...input.attributes },
  });
  // A monitor watches unseen: subscribe only, hidden from the other participants' lists.
  token.addGrant(input.monitor ? { roomJoin: true, room: input.room, canSubscribe: true, canPublish: false, canPublishData: false, hidden: true, roomAdmin: true } : grantsFor(input.role, input.room));
  const jwt = await token.toJwt();
  // LiveKit checks the expiry against real time, so report the one written in the token.
  const { exp } = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as { exp: number };
  return { token: jwt, expiresAt: new Date(exp * 1000) };
}

/** The address browsers connect to: the LiveKit URL with a WebSocket scheme. */
export function clientServerUrl(livekitUrl: string): string {
  return livekitUrl.replace(/^http(s?):\/\//, 'ws$1://');
}

export const liveRoomName = (sessionId: string) => `session-${sessionId}`;
export const teamRoomName = (sessionId: string, teamId: string) => `session-${sessionId}-team-${teamId}`;

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const ROOM_NAME = new RegExp(`^session-(${UUID})(?:-team-(${UUID}))?$`);

/** The session (and team) a room belongs to; rooms not made by livecohort give undefined. */
export function parseRoomName(name: string): { sessionId: string; teamId: string | undefined } | undefined {
  const match = ROOM_NAME.exec(name);
  return match ? { sessionId: match[1]!, teamId: match[2] } : undefined;
}

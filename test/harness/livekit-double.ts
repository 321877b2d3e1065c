import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccessToken, ParticipantInfo, ParticipantInfo_State, Room, TokenVerifier, TrackInfo, TrackSource, TrackType, WebhookEvent } from 'livekit-server-sdk';

interface TrackState {
  sid: string;
  source: TrackSource;
  name: string;
  muted: boolean;
}

interface ParticipantState {
  sid: string;
  identity: string;
  name: string;
  /** Seconds, from the double's clock, as LiveKit reports it. */
  joinedAt: number;
  tracks: TrackState[];
}

interface RoomState {
  sid: string;
  name: string;
  emptyTimeout: number;
  maxParticipants: number;
  creationTime: string;
  participants: Map<string, ParticipantState>;
}

export interface WebhookFaults {
  /** Share of events lost on the way (0–1). */
  dropRate?: number;
  /** Share of events delivered twice. */
  duplicateRate?: number;
  /** Events of these kinds are never delivered (e.g. every participant_left). */
  dropKinds?: string[];
  /** Deliver the queued events in a shuffled order. */
  reorder?: boolean;
  /** Deliver every leave of a batch before its joins (a `left` arriving before its `joined`). */
  leftFirst?: boolean;
}

/** A deterministic random sequence, so a failing scenario can be replayed exactly. */
function seededRandom(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
}

const sid = (prefix: string) => `${prefix}_${randomBytes(6).toString('hex')}`;

/**
 * A stand-in for a LiveKit server, speaking its real wire protocol.
 *
 * RoomService: Twirp over JSON at POST /twirp/livekit.RoomService/<Method>, a Bearer JWT checked like
 * LiveKit checks it (signature, issuer = API key, the grant each method needs), protobuf-JSON bodies,
 * errors as { code, msg } with Content-Type application/json.
 *
 * Webhooks: like livekit/protocol's URL notifier: the body is the protobuf JSON of a WebhookEvent, the
 * `Authorization` header a bare 5-minute access token whose `sha256` claim is the base64 SHA-256 of the
 * body, Content-Type application/webhook+json. Delivery can be told to drop, duplicate or reorder.
 *
 * The scenario driver (join, leave, drop, reconnect, a second device) keeps the participant list and
 * the webhooks consistent, and records the ground truth of who was connected when.
 */
export async function startLivekitDouble(options: { apiKey?: string; apiSecret?: string; now?: () => Date } = {}) {
  const apiKey = options.apiKey ?? 'devkey';
  const apiSecret = options.apiSecret ?? 'secret';
  let now = options.now ?? (() => new Date());
  const verifier = new TokenVerifier(apiKey, apiSecret);
  const rooms = new Map<string, RoomState>();
  const calls: { method: string; body: Record<string, unknown> }[] = [];
  /** Hold a method's answer this long after acting on it (a slow server, for crash tests). */
  const answerDelays: Partial<Record<string, number>> = {};
  /** Ground truth: every connection's interval, in ms of the double's clock. */
  const truth: { room: string; identity: string; sid: string; from: number; to: number | null }[] = [];

  // ---- webhooks -------------------------------------------------------------------------------
  const webhooks = {
    url: undefined as string | undefined,
    /** While down, deliveries are really attempted against a closed port, and lost (LiveKit gives up). */
    down: false,
    faults: {} as WebhookFaults,
    random: seededRandom(42),
    queue: [] as WebhookEvent[],
    /** Every event the server meant to send, in order. */
    emitted: [] as WebhookEvent[],
    delivered: 0,
    lost: 0,
    /** Answers from the receiving endpoint, for assertions. */
    statuses: [] as number[],
  };

  function emit(event: string, room: RoomState, participant?: ParticipantState) {
    const message = new WebhookEvent({
      id: sid('EV'),
      createdAt: BigInt(Math.floor(now().getTime() / 1000)),
      room: roomInfo(room),
      ...(participant && { participant: participantInfo(participant) }),
    });
    // A class field initialiser overwrites `event` passed to the constructor: set it afterwards.
    message.event = event as WebhookEvent['event'];
    webhooks.emitted.push(message);
    webhooks.queue.push(message);
  }

  async function sign(body: string) {
    const token = new AccessToken(apiKey, apiSecret, { ttl: '5m' });
    token.sha256 = createHash('sha256').update(body).digest('base64');
    return token.toJwt();
  }

  async function post(url: string, body: string, authorization: string): Promise<number> {
    try {
      const response = await fetch(url, { method: 'POST', headers: { Authorization: authorization, 'Content-Type': 'application/webhook+json' }, body });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return 0;
    }
  }

  /** Sends every queued event (applying the faults) and waits for the answers. */
  async function flush(): Promise<void> {
    const batch = webhooks.queue.splice(0);
    if (webhooks.faults.reorder) {
      for (let i = batch.length - 1; i > 0; i--) {
        const j = Math.floor(webhooks.random() * (i + 1));
        [batch[i], batch[j]] = [batch[j]!, batch[i]!];
      }
    }
    if (webhooks.faults.leftFirst) {
      const rank = (e: WebhookEvent) => (e.event === 'participant_left' || e.event === 'participant_connection_aborted' ? 0 : 1);
      batch.sort((a, b) => rank(a) - rank(b));
    }
    for (const event of batch) {
      const dropped = webhooks.faults.dropKinds?.includes(event.event) || webhooks.random() < (webhooks.faults.dropRate ?? 0);
      if (dropped || !webhooks.url) {
        webhooks.lost += 1;
        continue;
      }
      const body = event.toJsonString();
      const copies = webhooks.random() < (webhooks.faults.duplicateRate ?? 0) ? 2 : 1;
      for (let copy = 0; copy < copies; copy++) {
        const status = await post(webhooks.down ? 'http://127.0.0.1:1/' : webhooks.url, body, await sign(body));
        webhooks.statuses.push(status);
        if (status >= 200 && status < 300) webhooks.delivered += 1;
        else webhooks.lost += 1;
      }
    }
  }

  // ---- state ----------------------------------------------------------------------------------
  function roomInfo(room: RoomState) {
    return new Room({
      sid: room.sid,
      name: room.name,
      emptyTimeout: room.emptyTimeout,
      maxParticipants: room.maxParticipants,
      creationTime: BigInt(room.creationTime),
      numParticipants: room.participants.size,
    });
  }

  function participantInfo(p: ParticipantState) {
    return new ParticipantInfo({
      sid: p.sid,
      identity: p.identity,
      name: p.name,
      state: ParticipantInfo_State.ACTIVE,
      joinedAt: BigInt(p.joinedAt),
      tracks: p.tracks.map((t) => new TrackInfo({ sid: t.sid, name: t.name, source: t.source, type: t.source === TrackSource.CAMERA ? TrackType.VIDEO : TrackType.AUDIO, muted: t.muted })),
    });
  }

  function createRoom(name: string, emptyTimeout: number, maxParticipants: number): RoomState {
    const existing = rooms.get(name);
    if (existing) return existing;
    const room: RoomState = { sid: sid('RM'), name, emptyTimeout, maxParticipants, creationTime: String(Math.floor(now().getTime() / 1000)), participants: new Map() };
    rooms.set(name, room);
    emit('room_started', room);
    return room;
  }

  function disconnect(room: RoomState, identity: string, webhook: 'left' | 'aborted' | 'none') {
    const participant = room.participants.get(identity);
    if (!participant) return false;
    room.participants.delete(identity);
    const open = truth.find((t) => t.sid === participant.sid && t.to === null);
    if (open) open.to = now().getTime();
    if (webhook !== 'none') emit(webhook === 'left' ? 'participant_left' : 'participant_connection_aborted', room, participant);
    return true;
  }

  function deleteRoom(name: string): boolean {
    const room = rooms.get(name);
    if (!room) return false;
    for (const identity of [...room.participants.keys()]) disconnect(room, identity, 'left');
    rooms.delete(name);
    emit('room_finished', room);
    return true;
  }

  // ---- the scenario driver ----------------------------------------------------------------------
  const driver = {
    /** A person connects (a browser joining with a token); a second device replaces the first, as LiveKit does. */
    join(roomName: string, identity: string, name = identity): string {
      const room = rooms.get(roomName);
      if (!room) throw new Error(`room ${roomName} does not exist`);
      if (room.participants.has(identity)) disconnect(room, identity, 'left');
      const participant: ParticipantState = { sid: sid('PA'), identity, name, joinedAt: Math.floor(now().getTime() / 1000), tracks: [] };
      room.participants.set(identity, participant);
      truth.push({ room: roomName, identity, sid: participant.sid, from: participant.joinedAt * 1000, to: null });
      emit('participant_joined', room, participant);
      return participant.sid;
    },
    /** A clean leave: participant_left. */
    leave(roomName: string, identity: string) {
      const room = rooms.get(roomName);
      if (room) disconnect(room, identity, 'left');
    },
    /** The connection dies: LiveKit notices and reports it (or, with 'none', its report is never sent). */
    drop(roomName: string, identity: string, webhook: 'left' | 'aborted' | 'none' = 'aborted') {
      const room = rooms.get(roomName);
      if (room) disconnect(room, identity, webhook);
    },
    publish(roomName: string, identity: string, source: TrackSource = TrackSource.MICROPHONE, name = 'microphone'): string {
      const participant = rooms.get(roomName)?.participants.get(identity);
      if (!participant) throw new Error(`${identity} is not in ${roomName}`);
      const track: TrackState = { sid: sid('TR'), source, name, muted: false };
      participant.tracks.push(track);
      return track.sid;
    },
    isConnected: (roomName: string, identity: string) => rooms.get(roomName)?.participants.has(identity) ?? false,
    /** Milliseconds the identity was connected (to any room of `roomPrefix`) within [from, to). */
    truthFor(identity: string, from: number, to: number, roomPrefix = ''): number {
      const spans = truth
        .filter((t) => t.identity === identity && t.room.startsWith(roomPrefix))
        .map((t) => [Math.max(t.from, from), Math.min(t.to ?? now().getTime(), to)] as const)
        .filter(([a, b]) => b > a)
        .sort((x, y) => x[0] - y[0]);
      let total = 0;
      let end = -Infinity;
      for (const [a, b] of spans) {
        if (b <= end) continue;
        total += b - Math.max(a, end);
        end = b;
      }
      return total;
    },
  };

  // ---- Twirp RoomService ------------------------------------------------------------------------
  const answer = (res: http.ServerResponse, status: number, body: unknown, method?: string) => {
    const send = () => {
      if (res.destroyed) return;
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const delay = method ? answerDelays[method] : undefined;
    if (delay) setTimeout(send, delay);
    else send();
  };
  const notFound = (res: http.ServerResponse, what: string) => answer(res, 404, { code: 'not_found', msg: `${what} does not exist` });

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', async () => {
      const method = /^\/twirp\/livekit\.RoomService\/(\w+)$/.exec(req.url ?? '')?.[1];
      if (req.method !== 'POST' || !method) return answer(res, 404, { code: 'bad_route', msg: 'no such method' });
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      let grants;
      try {
        grants = await verifier.verify(token);
      } catch {
        return answer(res, 401, { code: 'unauthenticated', msg: 'invalid token' });
      }
      let body: Record<string, unknown>;
      try {
        body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
      } catch {
        return answer(res, 400, { code: 'malformed', msg: 'the body is not JSON' });
      }
      calls.push({ method, body });
      const roomName = String(body['room'] ?? body['name'] ?? '');
      const needs =
        method === 'CreateRoom' || method === 'DeleteRoom'
          ? grants.video?.roomCreate
          : method === 'ListRooms'
            ? grants.video?.roomList
            : grants.video?.roomAdmin && grants.video.room === roomName;
      if (!needs) return answer(res, 403, { code: 'permission_denied', msg: `${method} needs another grant` });
      switch (method) {
        case 'CreateRoom': {
          const room = createRoom(roomName, Number(body['emptyTimeout'] ?? body['empty_timeout'] ?? 0), Number(body['maxParticipants'] ?? body['max_participants'] ?? 0));
          return answer(res, 200, roomInfo(room).toJsonString(), method);
        }
        case 'DeleteRoom':
          if (!deleteRoom(roomName)) return notFound(res, 'room');
          return answer(res, 200, {});
        case 'ListRooms':
          return answer(res, 200, { rooms: [...rooms.values()].map((r) => roomInfo(r).toJson()) });
        case 'ListParticipants': {
          const room = rooms.get(roomName);
          if (!room) return notFound(res, 'room');
          return answer(res, 200, { participants: [...room.participants.values()].map((p) => participantInfo(p).toJson()) });
        }
        case 'RemoveParticipant': {
          const room = rooms.get(roomName);
          if (!room || !disconnect(room, String(body['identity']), 'left')) return notFound(res, 'participant');
          return answer(res, 200, {});
        }
        case 'MutePublishedTrack': {
          const track = rooms.get(roomName)?.participants.get(String(body['identity']))?.tracks.find((t) => t.sid === body['trackSid']);
          if (!track) return notFound(res, 'track');
          track.muted = Boolean(body['muted']);
          return answer(res, 200, { track: new TrackInfo({ sid: track.sid, name: track.name, source: track.source, muted: track.muted }).toJson() });
        }
        default:
          return answer(res, 501, { code: 'unimplemented', msg: `${method} is not implemented by the double` });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    rooms,
    calls,
    answerDelays,
    webhooks,
    driver,
    flush,
    /** Follow another clock (a test's ManualClock) for event times and join times. */
    useClock(clock: () => Date) {
      now = clock;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type LivekitDouble = Awaited<ReturnType<typeof startLivekitDouble>>;

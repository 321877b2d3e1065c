import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenVerifier } from 'livekit-server-sdk';

interface RoomState {
  name: string;
  emptyTimeout: number;
  maxParticipants: number;
  creationTime: string;
}

/**
 * A stand-in for a LiveKit server's RoomService, speaking its real wire protocol: Twirp over JSON at
 * POST /twirp/livekit.RoomService/<Method>, a Bearer JWT checked like LiveKit checks it (signature,
 * issuer = API key, the grant each method needs), errors as { code, msg } with Content-Type
 * application/json. Point LIVEKIT_URL at a real server and the same tests must pass.
 */
export async function startLivekitDouble(apiKey = 'devkey', apiSecret = 'secret') {
  const verifier = new TokenVerifier(apiKey, apiSecret);
  const rooms = new Map<string, RoomState>();
  const calls: { method: string; body: Record<string, unknown> }[] = [];
  const answer = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
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
      const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
      calls.push({ method, body });
      const needs = method === 'CreateRoom' || method === 'DeleteRoom' ? grants.video?.roomCreate : method === 'ListRooms' ? grants.video?.roomList : grants.video?.roomAdmin;
      if (!needs) return answer(res, 403, { code: 'permission_denied', msg: `${method} needs another grant` });
      switch (method) {
        case 'CreateRoom': {
          const name = String(body['name']);
          const room = rooms.get(name) ?? { name, emptyTimeout: Number(body['emptyTimeout'] ?? body['empty_timeout'] ?? 0), maxParticipants: Number(body['maxParticipants'] ?? body['max_participants'] ?? 0), creationTime: String(Math.floor(Date.now() / 1000)) };
          rooms.set(name, room);
          return answer(res, 200, { sid: `RM_${name}`, ...room });
        }
        case 'DeleteRoom':
          if (!rooms.delete(String(body['room']))) return answer(res, 404, { code: 'not_found', msg: 'room not found' });
          return answer(res, 200, {});
        case 'ListRooms':
          return answer(res, 200, { rooms: [...rooms.values()] });
        case 'ListParticipants':
          return answer(res, 200, { participants: [] });
        default:
          return answer(res, 200, {});
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    rooms,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

import { io as connect, type Socket } from 'socket.io-client';
import type { TestContext } from './context.ts';
import { signedInPerson } from './factories.ts';

/** A signed-in person's real Socket.IO client; resolves once connected. */
export async function socketFor(ctx: TestContext, url: string, personId: string): Promise<Socket> {
  const browser = await signedInPerson(ctx, personId);
  return connectWithCookie(url, `lc_session=${browser.cookies.get('lc_session')}`);
}

export function connectWithCookie(url: string, cookie: string): Promise<Socket> {
  const socket = connect(url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie } });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Sends a command and returns its acknowledgement. */
export function command<T = any>(socket: Socket, event: string, payload: unknown): Promise<{ data?: T; error?: { code: string; message: string } }> {
  return socket.timeout(10_000).emitWithAck(event, payload);
}

/** Collects every room event a socket receives, in arrival order. */
export function recordEvents(socket: Socket): { kind: string; sequence: number; payload: any }[] {
  const seen: { kind: string; sequence: number; payload: any }[] = [];
  socket.onAny((kind: string, event: { sequence?: number; payload?: unknown }) => {
    if (event && typeof event.sequence === 'number') seen.push({ kind, sequence: event.sequence, payload: event.payload });
  });
  return seen;
}

import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { testRedisUrl } from './databases.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type Entry = 'server/main.ts' | 'worker/main.ts' | 'scripts/start.ts' | 'scripts/migrate.ts' | 'scripts/admin-create.ts';
export interface ProcessMessage {
  type?: string;
  port?: number;
  from?: string;
  pid?: number;
}

export interface Spawned {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Every IPC message the process sent, in order. */
  messages: ProcessMessage[];
  /** The exit code once the process ended and its output was read to the end (null after a signal). */
  exited: Promise<number | null>;
}

const started = new Set<number>();

/** Whether the pid is still one of our entry points (a pid freed by an ended process may be reused). */
function isOurs(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(root);
  } catch {
    return false;
  }
}

/**
 * Runs one of the repository's entry points on this Node (the repository's Node 24) with only the
 * given environment, capturing its output and its IPC messages (`process.send`).
 */
export function spawnEntry(entry: Entry, env: Record<string, string>, options: { args?: string[]; stdin?: string } = {}): Spawned {
  const child = fork(path.join(root, entry), options.args ?? [], {
    execPath: process.execPath,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', LOG_LEVEL: 'warn', NODE_ENV: 'test', ...env },
    stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe', 'ipc'],
  });
  const pid = child.pid;
  if (pid) {
    started.add(pid);
    child.once('exit', () => started.delete(pid));
  }
  if (options.stdin !== undefined) child.stdin?.end(options.stdin);
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const messages: ProcessMessage[] = [];
  child.on('message', (message: ProcessMessage) => {
    messages.push(message);
    // Grandchildren (npm start's server and worker) must not outlive a failed test either.
    if (message.pid) started.add(message.pid);
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, messages, exited };
}

/** Resolves with the first message that matches; rejects if the process ends before sending it. */
export function waitForMessage(spawned: Spawned, matches: (message: ProcessMessage) => boolean): Promise<ProcessMessage> {
  const already = spawned.messages.find(matches);
  if (already) return Promise.resolve(already);
  return new Promise((resolve, reject) => {
    const onMessage = (message: ProcessMessage) => {
      if (matches(message)) {
        spawned.child.off('message', onMessage);
        resolve(message);
      }
    };
    spawned.child.on('message', onMessage);
    void spawned.exited.then((code) => reject(new Error(`exited with ${code} first:\n${spawned.stderr()}`)));
  });
}

/** Resolves with the port once the server reports that it listens. */
export async function listening(spawned: Spawned): Promise<number> {
  const message = await waitForMessage(spawned, (m) => m.type === 'listening' && typeof m.port === 'number');
  return message.port!;
}

/**
 * Resolves once a worker process has a BullMQ worker connected on the queue. That happens in an I/O
 * callback, so the process has run its start-up code to the end, including its SIGTERM handler.
 */
export async function untilWorkerConnected(prefix: string, queueName = 'maintenance'): Promise<void> {
  const connection = new Redis(testRedisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(queueName, { connection, prefix });
  try {
    for (let attempt = 0; attempt < 250; attempt++) {
      if ((await queue.getWorkersCount()) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no worker connected on ${prefix}:${queueName}`);
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** True when nothing accepts connections on the port any more. */
export function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

/** Ends whatever the tests of this file started and left running, and the Redis keys they used. */
export async function cleanUpProcesses(redisPrefixes: string[] = []): Promise<void> {
  for (const pid of started) {
    if (isOurs(pid)) process.kill(pid, 'SIGKILL');
  }
  started.clear();
  if (redisPrefixes.length === 0) return;
  const redis = new Redis(testRedisUrl);
  try {
    for (const prefix of redisPrefixes) {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
    }
  } finally {
    redis.disconnect();
  }
}

import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Spawned {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Runs server/main.ts or worker/main.ts on this Node, capturing its output. */
export function spawnEntry(entry: 'server/main.ts' | 'worker/main.ts', env: Record<string, string>): Spawned {
  const child = fork(path.join(root, entry), [], {
    execPath: process.execPath,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Resolves with the port once the server reports it listens; rejects if it exits first. */
export function listening(spawned: Spawned): Promise<number> {
  return new Promise((resolve, reject) => {
    spawned.child.on('message', (message: { type?: string; port?: number }) => {
      if (message.type === 'listening' && message.port) resolve(message.port);
    });
    void spawned.exited.then((code) => reject(new Error(`exited with ${code}: ${spawned.stderr()}`)));
  });
}

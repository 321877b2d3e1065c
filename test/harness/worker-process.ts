import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const workerMain = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../worker/main.ts');

/** A real worker process (worker/main.ts on this Node), resolved once it reports ready. */
export async function spawnWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = fork(workerMain, [], {
    execPath: process.execPath,
    env: { ...process.env, LOG_LEVEL: 'silent', DEMO_DATA: 'off', ...env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready: ${stderr}`)));
  });
  return child;
}

export function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill(signal);
  });
}

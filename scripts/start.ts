// npm start: the server and the worker as two processes. The server migrates the database first;
// the worker starts once the server listens. If either dies, the other is stopped too.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const children: ChildProcess[] = [];
let stopping = false;

function start(name: string, entry: string): ChildProcess {
  const child = fork(path.join(root, entry), [], { execPath: process.execPath, stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    process.stderr.write(`\nlivecohort ${name} exited (${signal ?? `code ${code}`}); stopping the rest.\n`);
    stopAll(code && code !== 0 ? code : 1);
  });
  return child;
}

function stopAll(exitCode: number): void {
  stopping = true;
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  if (running.length === 0) process.exit(exitCode);
  let left = running.length;
  for (const child of running) {
    child.once('exit', () => {
      left -= 1;
      if (left === 0) process.exit(exitCode);
    });
    child.kill('SIGTERM');
  }
}

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

const server = start('server', 'server/main.ts');
server.once('message', (message: { type?: string }) => {
  if (message.type === 'listening' && !stopping) start('worker', 'worker/main.ts');
});

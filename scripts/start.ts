// npm start: the server and the worker as two processes on this Node. The server creates and migrates
// the database first; the worker starts only once the server listens, so the two never race on
// migrations. If either exits on its own, the other is stopped too and the command fails.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

type Name = 'server' | 'worker';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const running = new Map<Name, ChildProcess>();
let stopRequested = false;
let exitCode = 0;

function say(text: string): void {
  process.stderr.write(`livecohort | ${text}\n`);
}

function forwardLines(from: NodeJS.ReadableStream | null, to: NodeJS.WritableStream, prefix: string): void {
  if (from) createInterface({ input: from, crlfDelay: Infinity }).on('line', (line) => to.write(`${prefix}${line}\n`));
}

function start(name: Name): ChildProcess {
  const child = fork(path.join(root, name, 'main.ts'), [], { execPath: process.execPath, stdio: ['inherit', 'pipe', 'pipe', 'ipc'] });
  running.set(name, child);
  const prefix = `${name.padEnd(10)} | `;
  forwardLines(child.stdout, process.stdout, prefix);
  forwardLines(child.stderr, process.stderr, prefix);
  child.on('message', (message: unknown) => {
    const event = typeof message === 'object' && message !== null ? (message as { type?: unknown; port?: unknown }) : {};
    // A parent of our own (a test, a supervisor) learns the port and the readiness of both processes.
    if (process.connected) process.send?.({ ...event, from: name, pid: child.pid });
    if (name === 'server' && event.type === 'listening' && !stopRequested && !running.has('worker')) {
      say(`the server listens on port ${String(event.port)}; starting the worker`);
      start('worker');
    }
  });
  child.once('error', (error) => say(`could not run the ${name}: ${error.message}`));
  // 'close' comes after the child's output has been read to the end, so no last line is lost.
  child.once('close', (code, signal) => {
    running.delete(name);
    const how = signal ? `on ${signal}` : `with code ${code}`;
    if (!stopRequested) {
      say(`the ${name} exited ${how} on its own; stopping the rest`);
      exitCode = code || 1;
      stopAll('SIGTERM');
    } else if (code !== 0 && exitCode === 0) {
      say(`the ${name} stopped ${how}`);
      exitCode = code ?? 1;
    }
    if (running.size === 0) process.exit(exitCode);
  });
  return child;
}

function stopAll(signal: NodeJS.Signals): void {
  // A second request (Ctrl-C again) stops at once instead of waiting for running requests and jobs.
  const forced = stopRequested;
  stopRequested = true;
  for (const child of running.values()) child.kill(forced ? 'SIGKILL' : signal);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stopAll(signal));

start('server');

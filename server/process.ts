import { ConfigError, loadConfig, type Config } from './config.ts';
import { DependencyUnavailableError } from './deps.ts';
import type { Logger } from './logger.ts';

/** Start-up failures a person can fix are printed as a paragraph, not a stack trace. */
export function exitOnStartupError(error: unknown, what: string): never {
  if (error instanceof ConfigError || error instanceof DependencyUnavailableError) {
    process.stderr.write(`\n${what} did not start.\n${error.message}\n\n`);
  } else {
    process.stderr.write(`\n${what} did not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n\n`);
  }
  process.exit(1);
}

/** A port already taken or not ours to bind becomes a sentence naming the setting to change. */
export function listenFailure(error: unknown, host: string, port: number): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return new ConfigError([`Port ${port} on ${host} is already in use by another program. Stop it, or set PORT to a free port.`]);
  if (code === 'EACCES') return new ConfigError([`This user may not listen on port ${port} of ${host}. Set PORT to a port above 1023.`]);
  if (code === 'EADDRNOTAVAIL') return new ConfigError([`${host} is not an address of this machine. Set HOST to one that is (127.0.0.1 or 0.0.0.0).`]);
  return error;
}

export function loadConfigOrExit(what: string): Config {
  try {
    return loadConfig();
  } catch (error) {
    exitOnStartupError(error, what);
  }
}

/** Runs `stop` once on SIGTERM or SIGINT, and exits hard if it takes longer than the timeout. */
export function onShutdownSignal(logger: Logger, timeoutMs: number, stop: () => Promise<void>): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown took too long; exiting');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    stop().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
}

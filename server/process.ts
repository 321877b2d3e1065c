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

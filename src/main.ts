/**
 * `npm start`: loads .env, validates configuration, loads the knowledge base, and
 * serves every configured platform, or the terminal console when none is.
 * SIGTERM or SIGINT shuts down in order (see app.stop) within SHUTDOWN_DEADLINE_MS.
 */
import { runConsole } from './adapters/console/index.js';
import { type App, StartupError, startApp } from './app.js';
import { configFromEnvironment } from './config.js';
import { systemClock } from './core/clock.js';
import { KnowledgeError } from './core/knowledge/load.js';
import { StoreStartupError } from './core/storage/startup-error.js';
import { createLogger, type Logger } from './logger.js';
import { keepServingOnUnhandledRejection } from './process-guards.js';

/** Under the 10 s that container runtimes and most supervisors wait before SIGKILL, with room to exit. */
const SHUTDOWN_DEADLINE_MS = 9_000;
/**
 * A signal sent to the whole process group (systemd, Ctrl-C) can reach us twice when a wrapper
 * (npm, tsx) relays its own copy. A repeat this soon is that echo; a later one is someone insisting.
 */
const SIGNAL_ECHO_MS = 1_000;
/**
 * Exit codes (README → Operations): 1 other start-up problems and a forced shutdown, 2 bad
 * configuration, 3 a database that needs a person (permissions, a damaged or foreign file, a
 * refused login: restarting cannot help), 4 a database server that did not answer (may pass).
 */
const EXIT_CONFIG = 2;
const EXIT_STORE_UNUSABLE = 3;
const EXIT_STORE_UNREACHABLE = 4;

async function main(): Promise<number> {
  const config = configFromEnvironment();
  if (!config) return EXIT_CONFIG;

  const consoleMode = !config.discord && !config.slack;
  // In the console, JSON logs would drown the chat: only warnings unless asked for more.
  const log = createLogger(consoleMode && !process.env.LOG_LEVEL ? 'warn' : config.logLevel);
  keepServingOnUnhandledRejection(log);
  // Listening before start-up, so a signal during a slow connect still ends in order.
  const signalled = onShutdownSignal(log);

  let app: App;
  try {
    // The console is a local terminal chat: nothing to probe from outside.
    app = await startApp(consoleMode ? { ...config, healthPort: null } : config, log, systemClock);
  } catch (err) {
    if (err instanceof KnowledgeError) {
      process.stderr.write(`Funnelbot cannot start: ${err.message}\nFix the files above, then check with: npm run kb:check\n`);
      return 1;
    }
    if (err instanceof StoreStartupError) {
      const unusable = err.kind === 'unusable';
      process.stderr.write(
        `Funnelbot cannot start: ${err.message}\n` +
          (unusable ? 'Restarting will not help until this is fixed.\n' : 'Start Funnelbot again once the database answers.\n'),
      );
      return unusable ? EXIT_STORE_UNUSABLE : EXIT_STORE_UNREACHABLE;
    }
    if (err instanceof StartupError) {
      process.stderr.write(`Funnelbot cannot start: ${err.message}\n`);
      return 1;
    }
    throw err;
  }

  if (consoleMode) {
    const session = runConsole({ bot: app.bot, clock: systemClock });
    await Promise.race([session.done, signalled.then(() => session.handle.stop())]);
    await app.stop();
    return 0;
  }
  log.info({ platforms: app.platforms.map((p) => p.name) }, 'funnelbot running');
  await signalled;
  try {
    await app.stop();
    return 0;
  } catch (err) {
    log.error({ err }, 'shutdown failed');
    return 1;
  }
}

/**
 * Resolves on the first SIGTERM or SIGINT and arms the shutdown deadline. A second signal
 * (after the echo window) exits at once, for an operator who won't wait.
 */
function onShutdownSignal(log: Logger): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let firstAt: number | undefined;
    const onSignal = (signal: NodeJS.Signals) => {
      if (firstAt === undefined) {
        firstAt = Date.now();
        log.info({ signal, deadlineMs: SHUTDOWN_DEADLINE_MS }, 'shutting down: taking no new commands, finishing those in flight');
        // Kept referenced on purpose: if shutdown hangs on a forgotten promise, this still ends the process.
        setTimeout(() => {
          log.error({ deadlineMs: SHUTDOWN_DEADLINE_MS }, 'shutdown did not finish in time; exiting anyway');
          process.exit(1);
        }, SHUTDOWN_DEADLINE_MS);
        resolve(signal);
        return;
      }
      if (Date.now() - firstAt < SIGNAL_ECHO_MS) {
        log.debug({ signal }, 'same signal again at once (relayed by a wrapper): already shutting down');
        return;
      }
      log.warn({ signal }, 'second signal: exiting now, without finishing');
      process.exit(1);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`Funnelbot stopped on an unexpected error: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);

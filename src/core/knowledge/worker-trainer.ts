/**
 * Retrains a matcher in a worker thread, so the process keeps answering while it trains
 * (about a second on the shipped knowledge, against 3 s interaction windows). The worker gets
 * the knowledge base as data (a structured clone: callers and tests build knowledge bases that
 * are not from files), trains, and sends the model's snapshot back; the main thread restores it
 * over its own knowledge base object, so answers refer to the same topics and activities as a
 * matcher trained in place. When a worker cannot be used, it trains on the main thread, as before.
 *
 * The worker stays for `idleMs` after a retrain: a trainer working through the inbox retrains
 * several times in a row, and a warm worker trains about twice as fast as a new one. Idle, it
 * does not keep the process alive, and after `idleMs` it ends, giving its memory back.
 */
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../logger.js';
import { calibrationOf } from '../matching/calibration.js';
import { createMatcher, type LearningMatcher, matcherFor } from '../matching/index.js';
import { MatcherModel, type ModelSnapshot } from '../matching/model.js';
import type { KnowledgeBase } from './load.js';

/** Under tsx or vitest this file is TypeScript and so is the worker; built, both are JavaScript. */
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './train-worker.ts' : './train-worker.js', import.meta.url);

/**
 * A worker running `url`. A TypeScript entry (tsx, vitest) needs tsx's hooks, and on Node 20
 * `--import tsx` in a worker's execArgv does not reach the worker's entry
 * (ERR_UNKNOWN_FILE_EXTENSION): the worker registers them itself, then imports the entry.
 */
function startWorker(url: URL): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url);
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(code, { eval: true });
}

/** Raised for retrains asked for or cut short by `close()`. */
export class TrainerClosedError extends Error {
  constructor() {
    super('the matcher trainer is closed (shutting down)');
  }
}

// One retrain at a time in this process, whichever trainer asks: each takes a whole core.
let queue: Promise<unknown> = Promise.resolve();

export interface WorkerTrainerOptions {
  /** How long an idle worker is kept for the next retrain (default 60 s). */
  idleMs?: number;
  /** The worker's script (tests pass a broken one to see the fallback). */
  workerUrl?: URL;
}

interface Job {
  worker: Worker;
  resolve(snapshot: ModelSnapshot): void;
  reject(err: unknown): void;
}

export class WorkerTrainer {
  private readonly idleMs: number;
  private readonly workerUrl: URL;
  private worker?: Worker;
  private job?: Job;
  private idleTimer?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly log: Logger,
    opts: WorkerTrainerOptions = {},
  ) {
    this.idleMs = opts.idleMs ?? 60_000;
    this.workerUrl = opts.workerUrl ?? WORKER_URL;
  }

  /** The matcher `createMatcher(kb)` gives, trained once the retrains asked for before it are done. */
  train(kb: KnowledgeBase): Promise<LearningMatcher> {
    if (this.closed) return Promise.reject(new TrainerClosedError());
    const run = queue.then(() => this.run(kb));
    queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Starts the worker ahead of a retrain that is likely soon (a trainer opened the inbox), so that
   * retrain does not also pay for loading the matcher's code. Kept like an idle worker.
   */
  warm(): void {
    if (this.closed || this.worker) return;
    try {
      const worker = this.spawn();
      worker.unref();
      clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => this.retire(), this.idleMs).unref();
    } catch (err) {
      this.log.debug({ err }, 'could not start the training worker ahead of time');
    }
  }

  /** Ends the worker and refuses further retrains; the one in progress and those waiting fail with TrainerClosedError. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.idleTimer);
    await this.worker?.terminate();
  }

  /** Whether a worker is alive now (for tests). */
  get hasWorker(): boolean {
    return this.worker !== undefined;
  }

  private async run(kb: KnowledgeBase): Promise<LearningMatcher> {
    if (this.closed) throw new TrainerClosedError();
    let snapshot: ModelSnapshot;
    try {
      snapshot = await this.inWorker(kb);
    } catch (err) {
      if (this.closed) throw new TrainerClosedError();
      this.log.warn({ err }, 'could not train the matcher in a worker thread; training on the main thread');
      return createMatcher(kb);
    }
    const started = performance.now();
    const matcher = matcherFor(MatcherModel.restore(kb, snapshot), calibrationOf(kb));
    this.log.debug({ restoreMs: Math.round(performance.now() - started) }, 'matcher trained in a worker thread');
    return matcher;
  }

  private inWorker(kb: KnowledgeBase): Promise<ModelSnapshot> {
    return new Promise<ModelSnapshot>((resolve, reject) => {
      clearTimeout(this.idleTimer);
      const worker = this.worker ?? this.spawn();
      this.job = { worker, resolve, reject };
      worker.ref();
      // Throws at once when the knowledge base cannot be cloned; the worker stays for the next one.
      worker.postMessage(kb);
    }).finally(() => {
      this.job = undefined;
      if (!this.worker || this.closed) return;
      this.worker.unref();
      this.idleTimer = setTimeout(() => this.retire(), this.idleMs).unref();
    });
  }

  /** Ends the idle worker; the next retrain starts a new one. */
  private retire(): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }

  private spawn(): Worker {
    const worker = startWorker(this.workerUrl);
    this.worker = worker;
    let failure: unknown;
    worker.on('message', (snapshot: ModelSnapshot) => {
      if (this.job?.worker === worker) this.job.resolve(snapshot);
    });
    worker.on('error', (err) => {
      failure = err;
    });
    worker.once('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      if (this.job?.worker === worker) this.job.reject(failure ?? new Error(`the training worker exited with code ${code}`));
    });
    return worker;
  }
}

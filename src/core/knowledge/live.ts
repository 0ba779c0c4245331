/**
 * The knowledge each server/workspace sees: the files in `knowledge/` plus what its trainers
 * added from chat (stored, so every instance sharing the database gets it). An instance checks
 * a workspace's version (its largest addition id) at most every `checkEveryMs` when someone
 * there asks. When it moved, the new knowledge is used at once over the matcher it had
 * (`recallingLabels`: the new questions are answered as labelled, word for word), and the
 * matcher retrains in the background to understand them in other words too; the instance
 * where a trainer acted waits for that retrain before replying. Retraining runs in a worker
 * thread (worker-trainer.ts), so the process answers everyone else meanwhile.
 */
import type { Platform } from '../../contract/inbound.js';
import type { Logger } from '../../logger.js';
import type { Clock } from '../clock.js';
import { recallingLabels } from '../matching/index.js';
import type { Matcher } from '../matching/types.js';
import type { Store } from '../storage/store.js';
import type { KnowledgeAddition, NewAddition } from './additions.js';
import { applyAdditions } from './layer.js';
import type { KnowledgeBase } from './load.js';
import { TrainerClosedError, WorkerTrainer } from './worker-trainer.js';

export interface KnowledgeView {
  kb: KnowledgeBase;
  matcher: Matcher;
}

interface WorkspaceState {
  version: number;
  view: KnowledgeView;
  /** The newest matcher trained to the end (the view may meanwhile use newer knowledge over it). */
  trained: Matcher;
  checkedAt: number;
  /** A version check in progress: concurrent questions wait for the same one. */
  refreshing?: Promise<void>;
  /** The background retrain on the newest knowledge, if one is running. */
  training?: Promise<void>;
}

export interface LiveKnowledgeOptions {
  /** How often a workspace's version is compared with the store's (default 1 s). */
  checkEveryMs?: number;
  /** Trains a matcher (default: in a worker thread; tests pass a faster or instrumented one). */
  train?: (kb: KnowledgeBase) => Matcher | Promise<Matcher>;
}

export class LiveKnowledge {
  private readonly workspaces = new Map<string, WorkspaceState>();
  private readonly checkEveryMs: number;
  private readonly train: (kb: KnowledgeBase) => Matcher | Promise<Matcher>;
  /** The worker trainer this instance made (none when `train` was given). */
  private readonly trainer?: WorkerTrainer;

  constructor(
    private readonly base: KnowledgeView,
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly log: Logger,
    opts: LiveKnowledgeOptions = {},
  ) {
    this.checkEveryMs = opts.checkEveryMs ?? 1000;
    if (opts.train) this.train = opts.train;
    else {
      const trainer = new WorkerTrainer(log);
      this.trainer = trainer;
      this.train = (kb) => trainer.train(kb);
    }
  }

  /** A trainer is about to change the knowledge: get the retrain's worker ready (nothing when training in place). */
  prepare(): void {
    this.trainer?.warm();
  }

  /** Ends a retrain in progress (shutdown); the knowledge stays as it was and later retrains are refused. */
  async close(): Promise<void> {
    await this.trainer?.close();
  }

  /** The knowledge a workspace sees now. Never fails: on a store error it keeps what it had. */
  async for(platform: Platform, workspaceId: string): Promise<KnowledgeView> {
    const key = `${platform}:${workspaceId}`;
    const state = this.workspaces.get(key);
    if (state && this.clock.now() - state.checkedAt < this.checkEveryMs) return state.view;
    if (state?.refreshing) {
      await state.refreshing;
      return state.view;
    }
    return this.refresh(platform, workspaceId);
  }

  /** Stores a trainer's additions (one workspace) and makes this instance use them at once: one retrain for all. */
  async add(additions: readonly NewAddition[]): Promise<KnowledgeAddition[]> {
    const stored: KnowledgeAddition[] = [];
    for (const a of additions) stored.push(await this.store.addKnowledge(a));
    const first = additions[0];
    if (first) {
      await this.refresh(first.platform, first.workspaceId, true);
      await this.workspaces.get(`${first.platform}:${first.workspaceId}`)?.training;
    }
    return stored;
  }

  private async refresh(platform: Platform, workspaceId: string, force = false): Promise<KnowledgeView> {
    const key = `${platform}:${workspaceId}`;
    const state: WorkspaceState = this.workspaces.get(key) ?? {
      version: 0,
      view: this.base,
      trained: this.base.matcher,
      checkedAt: Number.NEGATIVE_INFINITY,
    };
    this.workspaces.set(key, state);
    const work = (async () => {
      try {
        const stored = await this.store.knowledgeVersion(platform, workspaceId);
        state.checkedAt = this.clock.now();
        if (stored === state.version && !force) return;
        const additions = await this.store.listKnowledge(platform, workspaceId);
        const kb = applyAdditions(this.base.kb, additions);
        const version = additions.at(-1)?.id ?? 0;
        // Another refresh of this workspace may have finished meanwhile with newer additions: keep those.
        if (version < state.version) return;
        // At once: the new knowledge over the matcher we had; the retrained one replaces it when ready.
        state.view = { kb, matcher: recallingLabels(state.trained, kb) };
        state.version = version;
        state.training = this.retrain(state, platform, workspaceId, kb, version);
      } catch (err) {
        // Keep answering from what we had; the next question tries again.
        state.checkedAt = this.clock.now();
        this.log.warn({ err, platform, workspaceId }, 'could not refresh the knowledge added from chat');
      }
    })();
    state.refreshing = work;
    await work;
    if (state.refreshing === work) state.refreshing = undefined;
    return state.view;
  }

  /** Trains on `kb` and uses the result, unless newer knowledge came meanwhile. Never fails. */
  private async retrain(state: WorkspaceState, platform: Platform, workspaceId: string, kb: KnowledgeBase, version: number): Promise<void> {
    const started = performance.now();
    try {
      const matcher = await this.train(kb);
      if (state.version !== version) return;
      state.view = { kb, matcher };
      state.trained = matcher;
      const trainMs = Math.round(performance.now() - started);
      this.log.info({ platform, workspaceId, version, trainMs }, 'knowledge updated');
    } catch (err) {
      if (err instanceof TrainerClosedError)
        return void this.log.info({ platform, workspaceId }, 'knowledge retrain stopped: shutting down');
      // The new knowledge stays in use over the older matcher; the next change retrains again.
      this.log.warn({ err, platform, workspaceId }, 'could not retrain on the knowledge added from chat');
    }
  }
}

/** The knowledge a command sees: the workspace's live view when the core has one, else the files'. */
export async function knowledgeFor(
  ctx: { kb: KnowledgeBase; matcher: Matcher; knowledge?: LiveKnowledge },
  place: { platform: Platform; workspaceId: string },
): Promise<KnowledgeView> {
  return ctx.knowledge ? ctx.knowledge.for(place.platform, place.workspaceId) : { kb: ctx.kb, matcher: ctx.matcher };
}

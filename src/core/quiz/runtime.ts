import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Random } from './random.js';

/** Per-process facts the quiz needs beyond the handler context. Built by the bot facade. */
export interface CoreRuntime {
  /** Identifies this process in round leases. */
  instanceId: string;
  random: Random;
  /** How long a driver's claim on a round lasts without renewal; a dead owner is replaced after this. */
  leaseMs: number;
  /** Wakes the round driver now (no-op when it isn't started, e.g. in tests that call tick()). */
  kick(): void;
}

export const DEFAULT_LEASE_MS = 5_000;

export function newInstanceId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

const fallback: CoreRuntime = { instanceId: newInstanceId(), random: Math.random, leaseMs: DEFAULT_LEASE_MS, kick() {} };

/** The context's runtime, or a process default when a context was built by hand (unit tests of other handlers). */
export function runtimeOf(ctx: { runtime?: CoreRuntime }): CoreRuntime {
  return ctx.runtime ?? fallback;
}

import { expect } from 'vitest';
import type { KnowledgeBase } from '../../../src/core/knowledge/load.js';
import type { MatchResult } from '../../../src/core/matching/types.js';

/** The MatchResult contract: kinds, confidence range, null topic exactly when declining or "neither", a verdict only for activities. */
export function assertValid(r: MatchResult, kb: KnowledgeBase): void {
  expect(['topic', 'activity', 'neither', 'abstain']).toContain(r.kind);
  expect(r.confidence).toBeGreaterThanOrEqual(0);
  expect(r.confidence).toBeLessThanOrEqual(1);
  expect(Number.isFinite(r.confidence)).toBe(true);
  expect(r.topic === null).toBe(r.kind === 'abstain' || r.kind === 'neither');
  if (r.topic !== null) expect(kb.byId.has(r.topic)).toBe(true);
  // An activity in doubt gets the rule instead of a verdict; only activities ever get one.
  if (r.verdict !== null) expect(r.kind).toBe('activity');
  for (const id of r.suggestions) expect(kb.byId.has(id)).toBe(true);
  expect(r.suggestions.length).toBeLessThanOrEqual(3);
  if (r.topic !== null) expect(r.suggestions).not.toContain(r.topic);
}

import { TOPIC_FRAMES } from './lexicon.js';
import { PhraseSet } from './phrases.js';
import type { Ranked } from './topic-ranking.js';

/**
 * What a topic question asks for, beyond which words it shares with the examples:
 *
 * - "what does a marketing team work on / do all day / spend its time on" asks for one
 *   side's activities, even when "what … marketing" looks like a definition question;
 * - "how do they differ in the way they interact with customers" names a distinction
 *   (customer interaction), so that distinction answers it rather than the general overview.
 *
 * Both only reorder topics that already matched reasonably well: they never make an
 * unrelated message answerable.
 */

export interface IntentTuning {
  /** A topic the message frames explicitly wins when it scores at least this share of the top topic. */
  frameShare: number;
  /** The asked side's activities topic wins at this share of the top topic… */
  activityShare: number;
  /** …and then scores at least this (the question's form is evidence in itself). */
  activityFloor: number;
}

/** Topics that answer "in general": a named distinction or an activities question outranks them. */
const GENERAL = new Set(['overview', 'what-is-sales', 'what-is-marketing', 'sales-activities', 'marketing-activities', 'scope', 'common-goal']);

export class Intents {
  private readonly frames = new PhraseSet<string>(false);

  constructor(
    has: (topic: string) => boolean,
    private readonly t: IntentTuning,
  ) {
    for (const [topic, cues] of Object.entries(TOPIC_FRAMES)) if (has(topic)) this.frames.add(cues, topic);
  }

  /**
   * `words`: the message's corrected surface words; `stems`: its content stems (with the
   * "activ" stem the analysis adds for "what do they do / work on").
   */
  rerank(ranked: readonly Ranked[], words: readonly string[], stems: readonly string[]): Ranked[] {
    const top = ranked[0];
    if (!top) return [...ranked];
    let out = [...ranked];
    // One side's activities.
    const side = sideOf(stems);
    if (side && stems.includes('activ')) {
      out = promote(out, `${side}-activities`, this.t.activityShare, () => true);
      if (out[0]!.topic === `${side}-activities` && out[0]!.score < this.t.activityFloor) out[0] = { topic: out[0]!.topic, score: this.t.activityFloor };
    } else if (side) {
      // "what is sales, really?" is not answered by what-is-marketing because an example
      // about marketing happens to share the rest of its words.
      const other = side === 'sales' ? 'marketing' : 'sales';
      for (const kind of ['what-is-', '']) {
        const [mine, theirs] = kind ? [`what-is-${side}`, `what-is-${other}`] : [`${side}-activities`, `${other}-activities`];
        if (top.topic === theirs) out = promote(out, mine, this.t.frameShare, () => true);
      }
    }
    // An explicitly named distinction.
    const weights = new Map<string, number>();
    for (const hit of this.frames.find(this.frames.keysOf(words))) weights.set(hit.tag, (weights.get(hit.tag) ?? 0) + hit.weight);
    const framed = [...weights].sort((a, b) => b[1] - a[1]);
    for (const [topic] of framed) {
      const before = out;
      out = promote(out, topic, this.t.frameShare, (current) => !weights.has(current) || (GENERAL.has(current) && current !== topic));
      if (out !== before) break;
    }
    return out;
  }
}

/**
 * Puts `topic` first (at the top score) when it has at least `share` of it and the current
 * top may be displaced; otherwise returns the list unchanged (the same array).
 */
function promote(ranked: Ranked[], topic: string, share: number, displaceable: (current: string) => boolean): Ranked[] {
  const top = ranked[0]!;
  if (top.topic === topic) return ranked;
  const at = ranked.findIndex((r) => r.topic === topic);
  if (at < 0 || ranked[at]!.score < share * top.score || !displaceable(top.topic)) return ranked;
  const moved = { topic, score: top.score };
  return [moved, ...ranked.filter((_, i) => i !== at)];
}

function sideOf(stems: readonly string[]): 'sales' | 'marketing' | undefined {
  const sales = stems.includes('sale') || stems.includes('salesperson');
  const marketing = stems.includes('market') || stems.includes('marketer');
  return sales === marketing ? undefined : sales ? 'sales' : 'marketing';
}

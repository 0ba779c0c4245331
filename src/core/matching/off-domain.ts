import { HOW_TO_VERBS, OFF_DOMAIN_CUES, TASK_VERBS } from './lexicon.js';
import { PhraseSet } from './phrases.js';

/**
 * How strongly a message looks like something other than a question about the
 * difference between sales and marketing: company data and schedules, tools and IT
 * help, people, requests to do things, small talk. The matcher weighs this against how
 * well the best topic matched.
 */

export interface OffDomainInput {
  /** The message's words as typed (normalised, shorthand spelled out, not spell-corrected). */
  surface: readonly string[];
  /** The same words after spelling correction. */
  corrected: readonly string[];
  /** How many content words the message has. */
  contentWords: number;
  /** Real word (ours or English)? Used to spot names of people, companies and tools. */
  isWord: (word: string) => boolean;
}

export interface OffDomainTuning {
  requestWeight: number;
  offDensityWords: number;
}

const POLITE = new Set(['please', 'pls', 'plz', 'can', 'could', 'would', 'will', 'you', 'u', 'hey', 'hi', 'hello', 'ok', 'okay', 'so', 'quick', 'kindly', 'just', 'someone', 'somebody', 'anyone', 'bot', 'funnelbot']);

export class OffDomain {
  private readonly cues = new PhraseSet<true>(true).add(OFF_DOMAIN_CUES, true);

  constructor(private readonly t: OffDomainTuning) {}

  /** Weight of the off-domain signs in a message (0 = none). */
  weight({ surface, corrected, contentWords, isWord }: OffDomainInput): number {
    let w = 0;
    for (const hit of this.cues.find(this.cues.keysOf(surface))) w += hit.weight;
    // Figures ("15% of 2400", "Q3 numbers") point at company data or arithmetic, not at concepts.
    w += Math.min(2, surface.filter((x) => /^\d{2,}/.test(x)).length);
    // Names of people, companies and tools ("globex", "hubspot"): neither English nor ours.
    w += Math.min(2, surface.filter((x, i) => x.length >= 3 && /^[a-z]+$/.test(x) && corrected[i] === x && !isWord(x)).length);
    if (isRequest(surface) || isHowTo(surface)) w += this.t.requestWeight;
    // A clock time ("at 3", "3pm") is a schedule question.
    if (surface.some((x, i) => /^\d{1,2}(?:am|pm)$/.test(x) || (x === 'at' && /^\d{1,2}$/.test(surface[i + 1] ?? '')))) w += 3;
    w += statusOfSide(surface);
    // A long message mentions "last month" in passing; in a short one it is the point.
    return w * Math.min(1, this.t.offDensityWords / Math.max(1, contentWords));
  }
}

/** Company things a side has: "the marketing budget", "our sales team", "the sales channel". */
const SIDE_THINGS = new Set(['budget', 'budgets', 'team', 'teams', 'channel', 'meeting', 'meetings', 'report', 'reports', 'deck', 'dashboard', 'offsite', 'kickoff', 'intern', 'interns', 'manager', 'director', 'head', 'office', 'site', 'page', 'agency', 'hire', 'hires', 'headcount', 'targets', 'target', 'numbers', 'party', 'lunch', 'call', 'standup', 'sync', 'slack', 'calendar', 'folder', 'drive', 'login', 'tool', 'tools', 'crm', 'review']);
const DETERMINERS = new Set(['the', 'our', 'my', 'your', 'their', 'this', 'that']);
const STATUS_OPENERS = new Set(['is', 'are', 'has', 'have', 'was', 'were', 'did', 'will']);

/**
 * "is the marketing budget approved?", "is our sales team hiring?": a yes/no question about
 * the state of a company thing that belongs to one side. Weight 3, close to decisive.
 */
export function statusOfSide(surface: readonly string[]): number {
  const [be, det, side, thing] = surface;
  if (!STATUS_OPENERS.has(be ?? '') || !DETERMINERS.has(det ?? '') || (side !== 'sales' && side !== 'marketing')) return 0;
  return SIDE_THINGS.has(thing ?? '') ? 3 : 0;
}

/** "how do I set up a campaign in …", "how can we calculate …": a how-to for a tool or a chore. */
export function isHowTo(surface: readonly string[]): boolean {
  const i = surface.indexOf('how');
  if (i < 0 || i > 3) return false;
  const [aux, who, verb, next] = surface.slice(i + 1, i + 5);
  if (!aux || !['do', 'can', 'should', 'would', 'to'].includes(aux)) return false;
  // "how to set up …" has no subject.
  const v = aux === 'to' ? who : ['i', 'we', 'you', 'u'].includes(who ?? '') ? verb : undefined;
  return v !== undefined && (HOW_TO_VERBS.has(v) || (v === 'get' && next === 'started'));
}

/** Opens with a request to do something ("please update the sales deck", "can you send me…"). */
export function isRequest(surface: readonly string[]): boolean {
  const first = surface.find((w) => !POLITE.has(w));
  return first !== undefined && TASK_VERBS.has(first);
}

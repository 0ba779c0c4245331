/**
 * Recognises "is X sales or marketing?" in its many chat spellings and pulls out X:
 * "cold calling: sales or markting", "who does PR, sales or marketing?",
 * "is branding a marketing thing", "door to door selling is sales right? or marketing".
 * Works on corrected, lower-case words.
 */

export interface ActivityQuestion {
  /** The activity as asked, in the message's words (before the "sales or marketing" part when there is one). */
  words: string[];
  /** Everything the message says about the activity, including what follows the question. */
  context: string[];
  /** For one-sided questions ("is X marketing?"): the side asked about. */
  asked?: 'sales' | 'marketing';
  /** The question words trimmed off before the activity ("which", "who handles"). */
  lead: string[];
  /** Asked as "which team owns X?": names no side, so it may as well be about something else entirely. */
  sideless?: true;
}

const SALES = new Set(['sales', 'sale', 'selling']);
const MARKETING = new Set(['marketing']);
const SIDE = (w: string | undefined) => (w === undefined ? undefined : SALES.has(w) ? 'sales' : MARKETING.has(w) ? 'marketing' : undefined);

/** Words that may sit between the two sides: "a sales thing or a marketing thing", "sales right? or marketing". */
const BETWEEN = new Set(['or', 'our', 'your', 'versus', 'a', 'an', 'the', 'is', 'it', 'its', 'thing', 'task', 'activity', 'job', 'function', 'team', 'department', 'dept', 'side', 'work', 'right', 'responsibility', 'one', 'more', 'rather', 'maybe', 'perhaps', 'either', 'and', 'also', 'then', 'problem', 'issue', 'question', 'role', 'skill', 'area', 'domain', 'territory', 'sth', 'something', 'activities', 'tasks', 'things', 'jobs', 'should', 'would', 'could', 'does', 'do', 'even', 'not', 'definitely']);
/** Role nouns after a side ("a marketing thing") and tails like "right?", "or not". */
const TAIL = new Set(['thing', 'task', 'activity', 'job', 'function', 'team', 'department', 'dept', 'side', 'work', 'right', 'or', 'not', 'then', 'too', 'really', 'exactly', 'though', 'tho', 'here', 'question', 'role', 'responsibility', 'area', 'domain', 'territory', 'one', 'activities', 'tasks', 'things', 'jobs', 'either', 'both', 'please', 'thanks', 'versus',
  // Confirmation tags and "…or should sales do it": "is sales isnt it", "sales, yeah?".
  'it', 'is', 'isnt', 'aint', 'yeah', 'yes', 'correct', 'surely', 'no', 'do', 'does', 'own', 'handle', 'that', 'this', 'stuff', 'idk', 'lol', 'own']);
/** Scaffolding before the activity: "so quick question, is it…", "would you say…", "who handles…". */
const LEAD = new Set(['is', 'are', 'was', 'were', 'would', 'does', 'do', 'did', 'should', 'will', 'can', 'could', 'isnt', 'arent', 'so', 'and', 'but', 'hey', 'hi', 'hello', 'quick', 'question', 'q', 'ok', 'okay', 'also', 'then', 'about', 'what', 'how', 'i', 'we', 'you', 'think', 'say', 'consider', 'considered', 'mean', 'hmm', 'um', 'like', 'guys', 'please', 'it', 'that', 'this', 'there', 'who', 'whose', 'which', 'where', 'handles', 'handle', 'owns', 'own', 'runs', 'run', 'manages', 'manage', 'job', 'responsible', 'for', 'takes', 'care', 'of', 'team', 'side', 'department', 'doing', 'usually', 'normally', 'typically', 'generally', 'technically', 'actually', 'really', 'honest', 'honestly', 'yo', 'folks', 'a', 'an', 'the', 'to', 'counts', 'count', 'as', 'falls', 'fall', 'under', 'belongs', 'belong', 'part', 'in', 'into', 'between', 'versus', 'would', 'u', 'ya', 'kind', 'sort', 'type', 'someone', 'anyone', 'pls', 'plz', 'explain', 'simply', 'describe', 'my', 'boss', 'manager', 'asks', 'asked', 'wants', 'know', 'wondering', 'curious', 'if', 'whether', 'me', 'even']);
/** Words at the end of X that belong to the question, not the activity: "X counts as", "X is part of". */
const TRAIL = new Set(['is', 'are', 'was', 'a', 'an', 'the', 'count', 'counts', 'as', 'considered', 'fall', 'falls', 'under', 'belong', 'belongs', 'to', 'part', 'of', 'in', 'for', 'more', 'really', 'usually', 'actually', 'technically', 'like', 'right', 'it', 'that', 'this', 'would', 'be', 'should', 'does', 'do', 'job', 'the', 'under', 'within', 'about', 'mostly', 'purely', 'just', 'also', 'then', 'so', 'or', 'versus', 'and', 'but', 'thing', 'both', 'either', 'kind', 'of', 'sort', 'a', 'typically', 'generally', 'done', 'by', 'owned', 'handled', 'team',
  // A trailing question about X: "…, where does that fit", "…, which side is that", "…, who should own it".
  'my', 'our', 'even', 'where', 'which', 'who', 'whose', 'side', 'fit', 'fits', 'sit', 'sits', 'go', 'goes', 'land', 'lands', 'own', 'owns', 'handle', 'handles', 'should', 'would', 'could', 'will', 'department', 'dept', 'function', 'responsibility', 'exactly']);
// Repeated words above are harmless; sets keep one copy.

/** X in "is X sales or marketing?" (or "is X marketing?"), or null when the message is not that kind of question. */
export function parseActivityQuestion(words: readonly string[]): ActivityQuestion | null {
  const pair = findPair(words);
  if (pair) {
    const [i, j] = pair;
    const prefix = words.slice(0, i);
    const before = trimActivity(prefix);
    let k = j + 1;
    while (k < words.length && TAIL.has(words[k]!)) k++;
    const after = words.slice(k);
    const afterActivity = trimActivity(after);
    const main = before.length > 0 ? before : afterActivity;
    if (main.length === 0) return null;
    // "sales or marketing, who's buying lunch today?": what follows is a question of its own, not an activity.
    if (before.length === 0 && WH.has(after[0] ?? '') && ASKING.has(after[1] ?? '')) return null;
    // "a course on the sales vs marketing stuff", "is there …": the pair is part of a noun phrase, not the question.
    let p = i - 1;
    while (p >= 0 && ARTICLE.has(words[p]!)) p--;
    // ("is Priya on the sales team or the marketing team?" still asks where something belongs.)
    if (p >= 0 && PREPOSITION.has(words[p]!) && after.length > 0) return null;
    if (BE.has(words[0]!) && words[1] === 'there') return null;
    const lead = before.length > 0 ? prefix.slice(0, prefix.indexOf(before[0]!)) : [];
    // Context keeps every word after the pair ("…? it's one-way"), even those the tail skip passed over.
    return { words: main, context: before.length > 0 ? [...before, ...words.slice(j + 1)] : afterActivity, lead };
  }
  return parseOneSided(words) ?? parseOwnership(words);
}

/** "X — sales?", "X: sales, marketing?", "X = sales or mktg?": the side set off after a dash, colon or equals sign. */
const SIDE_TAG = /[—–:=]\s*(?:a\s+)?(?:sales|marketing)(?:\s*[,/]\s*(?:sales|marketing))?\s*[?!.]*\s*$|\s-\s*(?:sales|marketing)(?:\s*[,/]\s*(?:sales|marketing))?\s*[?!.]*\s*$|,\s*(?:sales|marketing)\s*[,/]\s*(?:sales|marketing)\s*[?!.]*\s*$/i;

/**
 * The tag form, which the word-level parse cannot see because it needs the punctuation:
 * "insurance: a coverage review with one client — sales?", "co-selling on one account: sales, marketing?".
 */
export function parseSideTag(words: readonly string[], raw: string): ActivityQuestion | null {
  if (!SIDE_TAG.test(raw.trim())) return null;
  let end = words.length;
  while (end > 0 && SIDE(words[end - 1]) === undefined) end--;
  const asked = SIDE(words[end - 1]);
  if (!asked) return null;
  end--;
  if (end > 0 && SIDE(words[end - 1]) !== undefined) end--;
  const x = trimActivity(words.slice(0, end));
  // A question of its own before the tag ("how are we doing — sales?") is no activity.
  if (x.length < 2 || WH.has(x[0]!) || x.some((w) => SIDE(w) !== undefined && !isCompound(x, w)) || x.some((w) => EVALUATIVE.has(w))) return null;
  return { words: x, context: x, asked, lead: [] };
}

/** Nouns for "the team" in "which team owns X?". */
const TEAM = new Set(['team', 'teams', 'department', 'departments', 'dept', 'side', 'function', 'group', 'unit', 'org', 'role', 'people', 'folks', 'bucket', 'camp', 'column', 'category', 'box', 'pile', 'half']);
/** Verbs of owning a task: "which team owns / handles / is responsible for X". */
const OWN = new Set(['owns', 'own', 'handles', 'handle', 'does', 'do', 'runs', 'run', 'manages', 'manage', 'covers', 'cover', 'leads', 'lead', 'drives', 'drive', 'takes', 'looks', 'is', 'should', 'would', 'normally', 'usually', 'typically']);
/** "whose job is X", "whose responsibility is X". */
const DUTY = new Set(['job', 'task', 'responsibility', 'area', 'call', 'problem', 'territory', 'remit', 'thing']);
const PRONOUN = new Set(['it', 'that', 'this', 'them', 'those', 'these']);

/**
 * Ownership questions that name neither side: "which team owns closing deals?",
 * "whose job is the logo redesign", "competitor analysis, which team owns it?". They ask
 * where an activity belongs just as "is X sales or marketing?" does.
 */
function parseOwnership(words: readonly string[]): ActivityQuestion | null {
  // Leading form: "which/what team owns X", "whose job is X".
  for (let i = 0; i + 2 < words.length && i <= 4; i++) {
    const w = words[i]!;
    let at = -1;
    if ((w === 'which' || w === 'what') && TEAM.has(words[i + 1]!) && OWN.has(words[i + 2]!)) at = i + 2;
    else if (w === 'whose' && DUTY.has(words[i + 1]!)) at = i + 1;
    // "who should own X", "who normally handles X", "who is responsible for X"; a plain
    // "who owns X" / "who runs X" more often asks about a person ("who owns the acme account").
    else if (w === 'who' && MODAL_OR_ADVERB.has(words[i + 1]!)) at = ownerVerbEnd(words, i + 1);
    // "where does X fit / belong / sit", "where would X go".
    else if (w === 'where' && AUX.has(words[i + 1]!)) {
      let end = words.length;
      while (end > i + 2 && (TRAIL.has(words[end - 1]!) || PLACE_VERBS.has(words[end - 1]!))) end--;
      if (end < words.length && PLACE_VERBS.has(words[end]!) ) {
        const x = trimActivity(words.slice(i + 2, end));
        if (x.length > 0 && !PRONOUN.has(x[0]!) && !x.some((v) => SIDE(v) !== undefined || EVALUATIVE.has(v))) return { words: x, context: x, lead: words.slice(0, i + 2), sideless: true };
      }
      break;
    }
    if (at < 0) continue;
    const x = trimActivity(words.slice(at + 1));
    if (x.length > 0 && !PRONOUN.has(x[0]!) && !x.some((v) => SIDE(v) !== undefined || EVALUATIVE.has(v))) return { words: x, context: x, lead: words.slice(0, at + 1), sideless: true };
    break;
  }
  // Trailing form: "X, which team owns it?", "X - whose job is that?", "X: which team?", "X, who does that".
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    const team = (w === 'which' || w === 'what') && TEAM.has(words[i + 1] ?? '');
    const whose = w === 'whose' && DUTY.has(words[i + 1] ?? '');
    const who = w === 'who' && (OWN.has(words[i + 1] ?? '') || AUX.has(words[i + 1] ?? '')) && i + 2 <= words.length;
    if (!team && !whose && !who) continue;
    const rest = words.slice(i + (who ? 1 : 2));
    const restOk = rest.every((v) => OWN.has(v) || PRONOUN.has(v) || TRAIL.has(v) || AUX.has(v) || v === 'for' || v === 'responsible' || v === 'care' || v === 'after' || v === 'job');
    // "who does that" must end on a pronoun or an owning verb ("people who filled in the form" is a relative clause).
    if (!restOk || (who && !PRONOUN.has(rest.at(-1) ?? '') && !OWN.has(rest.at(-1) ?? ''))) {
      if (who) continue;
      return null;
    }
    const x = trimActivity(words.slice(0, i));
    // A relative "who"/"which" inside X ("people who downloaded the guide") is part of the activity.
    if (x.length === 0 || x.some((v, k) => SIDE(v) !== undefined || EVALUATIVE.has(v) || (WH.has(v) && (k < 2 || ASKING.has(x[k + 1] ?? ''))))) return null;
    return { words: x, context: x, lead: words.slice(i), sideless: true };
  }
  return null;
}

/** "where does X fit / belong / sit / go / land". */
const PLACE_VERBS = new Set(['fit', 'fits', 'belong', 'belongs', 'sit', 'sits', 'go', 'goes', 'land', 'lands', 'live', 'lives', 'fall', 'falls']);
const MODAL_OR_ADVERB = new Set(['should', 'would', 'will', 'must', 'normally', 'usually', 'typically', 'generally', 'is']);
const AUX = new Set(['does', 'do', 'did', 'should', 'would', 'will', 'could', 'is', 'must']);
const OWNER_VERBS = new Set(['own', 'owns', 'handle', 'handles', 'do', 'does', 'run', 'runs', 'manage', 'manages', 'lead', 'leads', 'drive', 'drives', 'cover', 'covers', 'take', 'takes', 'deal', 'deals', 'look', 'looks']);

/** After "who": "should own", "normally handles", "is responsible for", "takes care of", "deals with". Index of the last scaffolding word, or -1. */
function ownerVerbEnd(words: readonly string[], from: number): number {
  let k = from;
  while (k < words.length && (AUX.has(words[k]!) || ['normally', 'usually', 'typically', 'actually', 'really', 'generally'].includes(words[k]!))) k++;
  if (words[k] === 'responsible' && words[k + 1] === 'for') return k + 1;
  if (!OWNER_VERBS.has(words[k] ?? '')) {
    // "who is doing X" / "who does X": the auxiliary itself may be the verb ("does"), never "is".
    return k > from && (words[k - 1] === 'does' || words[k - 1] === 'do') && k < words.length ? k - 1 : -1;
  }
  if ((words[k] === 'take' || words[k] === 'takes') && words[k + 1] === 'care' && words[k + 2] === 'of') return k + 2;
  if ((words[k] === 'deal' || words[k] === 'deals') && words[k + 1] === 'with') return k + 1;
  if ((words[k] === 'look' || words[k] === 'looks') && words[k + 1] === 'after') return k + 1;
  return k;
}

/** Positions of "sales … or … marketing" (either order) with only connective words between. */
function findPair(words: readonly string[]): [number, number] | null {
  for (let i = 0; i < words.length; i++) {
    const first = SIDE(words[i]);
    if (!first) continue;
    let sawOr = false;
    for (let j = i + 1; j < words.length && j <= i + 6; j++) {
      const w = words[j]!;
      const side = SIDE(w);
      if (side && side !== first && sawOr) return [i, j];
      // "sales, marketing or both?": the two sides listed, with "or" after them.
      if (side && side !== first && j === i + 1 && words[j + 1] === 'or' && (words[j + 2] === 'both' || words[j + 2] === 'neither')) return [i, j];
      // "sales not marketing" sets the two sides against each other as "or" does.
      if (w === 'or' || w === 'versus' || w === 'not') sawOr = true;
      else if (!BETWEEN.has(w)) break;
    }
  }
  return null;
}

/** "is X (a|part of) marketing (thing)?" and "X is sales right?": one side named at the end. */
function parseOneSided(words: readonly string[]): ActivityQuestion | null {
  let end = words.length;
  while (end > 0 && TAIL.has(words[end - 1]!)) end--;
  const asked = SIDE(words[end - 1]);
  if (!asked || end < 2) return null;
  const body = words.slice(0, end - 1);
  // "…marketing and sales?" names both sides: a question about the pair, not about one activity.
  if (body.length >= 2 && (body[body.length - 1] === 'and' || body[body.length - 1] === 'or') && SIDE(body[body.length - 2]) !== undefined) return null;
  if (body.length >= 2 && body.at(-1) === 'and' && SIDE(body.at(-2)) === undefined && body.slice(0, -1).some((w) => SIDE(w) !== undefined && SIDE(w) !== asked)) return null;
  // "is there a course for sales…" asks whether something exists.
  if (BE.has(words[0]!) && words[1] === 'there') return null;
  // What links X to the side may only be "is", "a", "part of", "counts as"…: "why is networking important in sales" is no such question.
  let link = body.length;
  while (link > 0 && LINK.has(body[link - 1]!)) link--;
  const linkWords = body.slice(link);
  // "…which one is sales and which is marketing?" asks which is which, not about one activity.
  if (WH.has(body[link - 1] ?? '')) return null;
  // "is X marketing?" / "X counts as sales?"; not "can you recommend a podcast about sales".
  const yesNo = YES_NO.has(words[0]!);
  const copula = linkWords.some((w) => COPULA.has(w));
  // "X: sales, right?", "X - marketing isn't it": a confirmation tag asks the same as "is X marketing?".
  const tail = words.slice(end);
  const confirmed = tail.some((w) => CONFIRM.has(w)) || (tail.at(-2) === 'is' && tail.at(-1) === 'it');
  if (!copula && !confirmed && !(yesNo && BE.has(words[0]!))) return null;
  // "what activities fall under marketing" asks for a list; "cold calling falls under sales?" classifies.
  if (!yesNo && WH.has(words[0]!)) return null;
  const x = trimActivity(body.slice(0, link));
  if (x.length === 0 || SIDE(x[0]) || x.some((w) => SIDE(w) !== undefined && !isCompound(x, w))) return null;
  // "ok dumb q but what *is* marketing": a question asked inside X means it is no activity
  // ("a poll asking visitors what they want" still is one).
  if (x.some((w, k) => EVALUATIVE.has(w) || (WH.has(w) && (k < 3 || k === x.length - 1 || ASKING.has(x[k + 1] ?? ''))))) return null;
  return { words: x, context: x, asked, lead: body.slice(0, body.indexOf(x[0]!)) };
}

const CONFIRM = new Set(['right', 'isnt', 'correct', 'yeah', 'surely', 'aint']);
/** "what is", "how does": a question verb right after a question word. */
const ASKING = new Set(['is', 'are', 'was', 'does', 'do', 'did', 'exactly', 'actually']);
/** "a course on the sales vs marketing thing": the pair after one of these is a noun phrase. */
const ARTICLE = new Set(['a', 'an', 'the']);
const PREPOSITION = new Set(['on', 'about', 'of', 'between', 'regarding', 'around']);
const WH = new Set(['what', 'which', 'who', 'whose', 'where', 'when', 'why', 'how']);
const YES_NO = new Set(['is', 'are', 'would', 'does', 'do', 'should', 'isnt', 'was', 'can', 'will']);
/** Openers that are themselves the "is" of "is X marketing?". */
const BE = new Set(['is', 'are', 'isnt', 'arent', 'was']);
const COPULA = new Set(['is', 'are', 'be', 'count', 'counts', 'considered', 'belong', 'belongs', 'falls', 'fall', 'part']);
/** Words that may link X to the side at the end: "X is a (part of) marketing". */
const LINK = new Set(['that', 'this', 'it', 'would', 'be', 'is', 'are', 'a', 'an', 'the', 'part', 'of', 'count', 'counts', 'as', 'considered', 'belong', 'belongs', 'to', 'fall', 'falls', 'under', 'in', 'for', 'more', 'really', 'just', 'purely', 'actually', 'technically', 'typically', 'usually', 'also', 'then', 'done', 'by', 'kind', 'sort', 'job', 'of']);
/** "is networking important", "is research needed": a question about X, not a classification of it. */
const EVALUATIVE = new Set(['important', 'useful', 'necessary', 'needed', 'good', 'bad', 'hard', 'easy', 'better', 'worse', 'relevant', 'key', 'vital', 'essential', 'related', 'connected', 'linked', 'involved', 'possible', 'worth', 'required', 'enough', 'effective', 'different', 'same', 'bigger', 'broader', 'smaller', 'wider']);

/** "email marketing", "sales pitch": a side word inside an activity's own name. */
function isCompound(x: readonly string[], w: string): boolean {
  const i = x.indexOf(w);
  return i > 0 || (i === 0 && x.length > 1 && !['is', 'or', 'and', 'versus'].includes(x[1]!));
}

/** Drops question scaffolding around the activity. */
export function trimActivity(words: readonly string[]): string[] {
  let start = 0;
  let end = words.length;
  while (start < end && LEAD.has(words[start]!)) start++;
  while (end > start && TRAIL.has(words[end - 1]!)) end--;
  return words.slice(start, end);
}

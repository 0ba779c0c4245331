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
}

const SALES = new Set(['sales', 'sale', 'selling']);
const MARKETING = new Set(['marketing']);
const SIDE = (w: string | undefined) => (w === undefined ? undefined : SALES.has(w) ? 'sales' : MARKETING.has(w) ? 'marketing' : undefined);

/** Words that may sit between the two sides: "a sales thing or a marketing thing", "sales right? or marketing". */
const BETWEEN = new Set(['or', 'versus', 'a', 'an', 'the', 'is', 'it', 'its', 'thing', 'task', 'activity', 'job', 'function', 'team', 'department', 'dept', 'side', 'work', 'right', 'responsibility', 'one', 'more', 'rather', 'maybe', 'perhaps', 'either', 'and', 'also', 'then', 'problem', 'issue', 'question', 'role', 'skill', 'area', 'domain', 'territory', 'sth', 'something', 'activities', 'tasks', 'things', 'jobs']);
/** Role nouns after a side ("a marketing thing") and tails like "right?", "or not". */
const TAIL = new Set(['thing', 'task', 'activity', 'job', 'function', 'team', 'department', 'dept', 'side', 'work', 'right', 'or', 'not', 'then', 'too', 'really', 'exactly', 'though', 'tho', 'here', 'question', 'role', 'responsibility', 'area', 'domain', 'territory', 'one', 'activities', 'tasks', 'things', 'jobs', 'either', 'both', 'please', 'thanks', 'versus']);
/** Scaffolding before the activity: "so quick question, is it…", "would you say…", "who handles…". */
const LEAD = new Set(['is', 'are', 'was', 'were', 'would', 'does', 'do', 'did', 'should', 'will', 'can', 'could', 'isnt', 'arent', 'so', 'and', 'but', 'hey', 'hi', 'hello', 'quick', 'question', 'q', 'ok', 'okay', 'also', 'then', 'about', 'what', 'how', 'i', 'we', 'you', 'think', 'say', 'consider', 'considered', 'mean', 'hmm', 'um', 'like', 'guys', 'please', 'it', 'that', 'this', 'there', 'who', 'whose', 'which', 'where', 'handles', 'handle', 'owns', 'own', 'runs', 'run', 'manages', 'manage', 'job', 'responsible', 'for', 'takes', 'care', 'of', 'team', 'side', 'department', 'doing', 'usually', 'normally', 'typically', 'generally', 'technically', 'actually', 'really', 'honest', 'honestly', 'yo', 'folks', 'a', 'an', 'the', 'to', 'counts', 'count', 'as', 'falls', 'fall', 'under', 'belongs', 'belong', 'part', 'in', 'into', 'between', 'versus', 'would', 'u', 'ya', 'kind', 'sort', 'type', 'someone', 'anyone', 'pls', 'plz', 'my', 'boss', 'manager', 'asks', 'asked', 'wants', 'know', 'wondering', 'curious', 'if', 'whether']);
/** Words at the end of X that belong to the question, not the activity: "X counts as", "X is part of". */
const TRAIL = new Set(['is', 'are', 'was', 'a', 'an', 'the', 'count', 'counts', 'as', 'considered', 'fall', 'falls', 'under', 'belong', 'belongs', 'to', 'part', 'of', 'in', 'for', 'more', 'really', 'usually', 'actually', 'technically', 'like', 'right', 'it', 'that', 'this', 'would', 'be', 'should', 'does', 'do', 'job', 'the', 'under', 'within', 'about', 'mostly', 'purely', 'just', 'also', 'then', 'so', 'or', 'versus', 'and', 'but', 'thing', 'both', 'either', 'kind', 'of', 'sort', 'a', 'typically', 'generally', 'done', 'by', 'owned', 'handled', 'team']);
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
    const lead = before.length > 0 ? prefix.slice(0, prefix.indexOf(before[0]!)) : [];
    return { words: main, context: before.length > 0 ? [...before, ...after] : afterActivity, lead };
  }
  return parseOneSided(words);
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
      if (w === 'or' || w === 'versus') sawOr = true;
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
  // What links X to the side may only be "is", "a", "part of", "counts as"…: "why is networking important in sales" is no such question.
  let link = body.length;
  while (link > 0 && LINK.has(body[link - 1]!)) link--;
  const linkWords = body.slice(link);
  // "is X marketing?" / "X counts as sales?"; not "can you recommend a podcast about sales".
  const yesNo = YES_NO.has(words[0]!);
  const copula = linkWords.some((w) => COPULA.has(w));
  if (!copula && !(yesNo && BE.has(words[0]!))) return null;
  // "what activities fall under marketing" asks for a list; "cold calling falls under sales?" classifies.
  if (!yesNo && WH.has(words[0]!)) return null;
  const x = trimActivity(body.slice(0, link));
  if (x.length === 0 || SIDE(x[0]) || x.some((w) => SIDE(w) !== undefined && !isCompound(x, w))) return null;
  // "ok dumb q but what *is* marketing": a question word inside X means it is no activity.
  if (x.some((w) => EVALUATIVE.has(w) || WH.has(w))) return null;
  return { words: x, context: x, asked, lead: body.slice(0, body.indexOf(x[0]!)) };
}

const WH = new Set(['what', 'which', 'who', 'whose', 'where', 'when', 'why', 'how']);
const YES_NO = new Set(['is', 'are', 'would', 'does', 'do', 'should', 'isnt', 'was', 'can', 'will']);
/** Openers that are themselves the "is" of "is X marketing?". */
const BE = new Set(['is', 'are', 'isnt', 'arent', 'was']);
const COPULA = new Set(['is', 'are', 'be', 'count', 'counts', 'considered', 'belong', 'belongs', 'falls', 'fall', 'part']);
/** Words that may link X to the side at the end: "X is a (part of) marketing". */
const LINK = new Set(['is', 'are', 'a', 'an', 'the', 'part', 'of', 'count', 'counts', 'as', 'considered', 'belong', 'belongs', 'to', 'fall', 'falls', 'under', 'in', 'for', 'more', 'really', 'just', 'purely', 'actually', 'technically', 'typically', 'usually', 'also', 'then', 'done', 'by', 'kind', 'sort', 'job', 'of']);
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

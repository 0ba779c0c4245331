import { stem, surfaceWords, Vocabulary } from '../matching/analyse.js';
import type { DataPath } from './problems.js';
import type { Sides } from './schema.js';

/**
 * Names the bot looks up to decide an activity question: every activity's name and aliases,
 * and other departments' examples. The matcher reads each name as its words after chat
 * shorthand and vocabulary.yaml, stemmed, without the words that name a side ("sales",
 * "marketers", …: in "is X sales or marketing?" those belong to the question), and finds the
 * nearest listed name; of two that read the same, the first listed always wins and the other
 * is never answered. `readsAs` repeats that reading (MatcherModel's listed index: Featurizer's
 * analysis with the side stems dropped), so two names that collide here collide there.
 */
export interface ListedName {
  text: string;
  /** The file and the entry it belongs to, e.g. `activity 3 "cold calling a lead"`. */
  file: string;
  entry: string;
  /** Its path in the file, for the line and the field. */
  path: DataPath;
  /** What the bot answers when it finds this name: a verdict, or the department's work. */
  answer: string;
}

export interface SharedName {
  name: ListedName;
  /** The earlier name that reads the same; the bot answers with its entry. */
  earlier: ListedName;
}

export function namesReader(synonyms: readonly (readonly string[])[], sides: Sides | undefined): (text: string) => string {
  const vocabulary = new Vocabulary(synonyms);
  const sideNames = [...(sides?.sales.names ?? []), ...(sides?.marketing.names ?? []), ...(sides?.both?.names ?? [])];
  const sideStems = new Set(sideNames.flatMap((n) => surfaceWords(n)).map(stem));
  return (text) =>
    vocabulary
      .apply(surfaceWords(text))
      .map(stem)
      .filter((s) => !sideStems.has(s))
      .join(' ');
}

/** Names that read the same as an earlier name of another entry, in listing order (a name repeated inside one entry is harmless). */
export function sharedNames(names: readonly ListedName[], readsAs: (text: string) => string): SharedName[] {
  const first = new Map<string, ListedName>();
  const out: SharedName[] = [];
  for (const name of names) {
    const key = readsAs(name.text);
    // A name of side words only reads as nothing and matches nothing: not a clash.
    if (key === '') continue;
    const earlier = first.get(key);
    if (!earlier) first.set(key, name);
    else if (earlier.file !== name.file || earlier.entry !== name.entry) out.push({ name, earlier });
  }
  return out;
}

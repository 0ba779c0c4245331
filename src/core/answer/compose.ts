import type { Reply, RichText, Suggestion } from '../../contract/reply.js';
import { capitalise, clip, isoDay } from '../../contract/text.js';
import type { KnowledgeBase } from '../knowledge/load.js';
import type { Topic } from '../knowledge/schema.js';
import type { MatchResult } from '../matching/types.js';
import { explainAction } from './actions.js';

/**
 * Turns what the matcher concluded into the neutral reply. Adapters never decide what to say.
 * `question` is the message as typed: an echoed activity keeps the capitals of the knowledge base or,
 * failing that, of the person ("SEO", "Google").
 * The suggestions are the reply's one "see also" list (the deciding topic first for an activity).
 */
export function composeAnswer(kb: KnowledgeBase, result: MatchResult, question?: string): Reply {
  const suggestions = suggest(kb, result.suggestions);
  const echo = result.activity?.text ? clip(theirCapitals(kb, result.activity.text, question), 80) : undefined;
  switch (result.kind) {
    case 'topic': {
      const topic = kb.byId.get(result.topic!)!;
      const other = result.ambiguousWith ? kb.byId.get(result.ambiguousWith) : undefined;
      const body: RichText = other
        ? [`Did you mean "${topic.title}" or "${other.title}"? Here is my best guess, ${topic.title}:\n`, topic.answer]
        : [topic.answer];
      return {
        visibility: 'public',
        title: topic.title,
        body,
        ...topicParts(topic),
        suggestions: other ? suggest(kb, [other.id, ...result.suggestions.filter((s) => s !== other.id)]) : suggestions,
      };
    }
    case 'activity': {
      const topic = kb.byId.get(result.topic!)!;
      const what = echo ?? 'That';
      if (result.verdict === null) {
        // Too little to go on: the rule to apply, not a guess dressed up as a verdict.
        return {
          visibility: 'public',
          title: `${capitalise(what)}: it depends`,
          body: [result.activity?.reason ?? topic.answer],
          suggestions: suggest(kb, [topic.id, ...result.suggestions.filter((s) => s !== topic.id)]),
        };
      }
      const verdictText = result.verdict === 'both' ? 'both sales and marketing' : result.verdict;
      const body: RichText = [{ strong: `${capitalise(verdictText)}.` }, ' ', result.activity?.reason ?? topic.answer];
      // Unlisted activities are judged from the distinctions: say so, rather than sound like a lookup.
      const known = result.activity?.known;
      if (result.activity && !known) body.push(' (It is not on my list of activities, so this follows from the general distinction.)');
      else if (
        known &&
        result.activity &&
        !sameWords(known.activity, result.activity.text) &&
        !known.aliases.some((x) => sameWords(x, result.activity!.text))
      ) {
        body.push(` (On my list as "${known.activity}".)`);
      }
      return {
        visibility: 'public',
        title: `${capitalise(what)}: ${verdictText}`,
        body,
        suggestions: suggest(kb, [topic.id, ...result.suggestions.filter((s) => s !== topic.id)]),
      };
    }
    case 'neither': {
      return {
        visibility: 'public',
        title: 'Neither sales nor marketing',
        body: [
          `${echo ? `"${capitalise(echo)}"` : 'That'} doesn't sound like sales or marketing to me. `,
          result.activity?.reason ??
            'Sales is the one-to-one work of turning prospects into customers and closing deals; marketing is the broader, one-to-many work of research, strategy, branding and promotion.',
        ],
        suggestions,
      };
    }
    case 'abstain':
      return {
        visibility: 'public',
        title: "That's outside what I know",
        body: [
          "I can only help with how sales and marketing differ, and I don't want to guess at this one.",
          // Named in the text too, so the answer reads whole where buttons don't show (plain text, `ask --json`).
          suggestions.length ? ` The closest topics I have: ${suggestions.map((s) => s.title).join('; ')}.` : '',
        ],
        suggestions,
        footer: ['See everything I know with ', { cmd: { command: 'topics' } }, '.'],
      };
  }
}

/** The full explanation of one topic, with its related topics as suggestions. */
export function explainTopic(kb: KnowledgeBase, topic: Topic): Reply {
  return {
    visibility: 'public',
    title: topic.title,
    body: [topic.answer],
    ...topicParts(topic),
    suggestions: suggest(kb, topic.related),
  };
}

/** A file topic compares the two sides; a team answer says who wrote it and when instead. */
function topicParts(topic: Topic): Pick<Reply, 'comparison' | 'footer'> {
  if (!topic.team) return { comparison: { sales: topic.sales, marketing: topic.marketing } };
  const { author, createdAt, edited } = topic.team;
  const rewrite = edited ? `; edited by ${edited.by}, ${isoDay(edited.at)}` : '';
  return { footer: [`Team answer by ${author}, ${isoDay(createdAt)}${rewrite}.`] };
}

function suggest(kb: KnowledgeBase, ids: readonly string[]): Suggestion[] {
  return ids
    .filter((id, i) => kb.byId.has(id) && ids.indexOf(id) === i)
    .slice(0, 3)
    .map((id) => ({ topic: id, title: kb.byId.get(id)!.title, actionId: explainAction(id) }));
}

function sameWords(a: string, b: string): boolean {
  const words = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  return words(a) === words(b);
}

/**
 * The matcher reads lower-case words. An echoed word takes the capitals the knowledge base
 * writes it with (an acronym or brand in an activity's name, a topic title), else the ones
 * the person typed it with ("Google", "SEO"); a capital that only starts a sentence is not kept.
 */
function theirCapitals(kb: KnowledgeBase, text: string, question: string | undefined): string {
  const typed = question ? capitalised([question]) : new Map<string, string>();
  const known = knownCapitals(kb);
  return text
    .split(' ')
    .map((w) => known.get(w) ?? typed.get(w) ?? w)
    .join(' ');
}

const capitalsByKb = new WeakMap<KnowledgeBase, ReadonlyMap<string, string>>();

/** Words the knowledge base's names write with capitals of their own, by their lower-case form. */
function knownCapitals(kb: KnowledgeBase): ReadonlyMap<string, string> {
  let map = capitalsByKb.get(kb);
  if (!map) {
    map = capitalised([
      ...kb.topics.map((t) => t.title),
      ...kb.activities.flatMap((a) => [a.activity, ...a.aliases]),
      ...kb.functions.map((f) => f.name),
    ]);
    capitalsByKb.set(kb, map);
  }
  return map;
}

/** Words written with capitals of their own (not only a sentence's first letter) in `texts`, keyed as the matcher reads them. */
function capitalised(texts: readonly string[]): Map<string, string> {
  const fold = (w: string) =>
    w
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .replace(/['\u2019]/g, '')
      .toLowerCase();
  const out = new Map<string, string>();
  for (const text of texts) {
    for (const m of text.matchAll(/[\p{L}\p{N}]+(?:['\u2019][\p{L}\p{N}]+)*/gu)) {
      const word = m[0];
      const startsSentence = /(?:^|[.!?:])$/.test(text.slice(0, m.index).trimEnd());
      const own = /\p{Lu}/u.test(word.slice(1)) || (/^\p{Lu}/u.test(word) && !startsSentence);
      if (own && !out.has(fold(word))) out.set(fold(word), word.replace(/\u2019/g, "'"));
    }
  }
  return out;
}

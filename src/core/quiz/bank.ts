import { createHash } from 'node:crypto';
import { capitalise } from '../../contract/text.js';
import type { KnowledgeBase } from '../knowledge/load.js';
import type { Activity } from '../knowledge/schema.js';
import type { StoredOption, StoredQuestion } from '../storage/store.js';
import { type Random, shuffled } from './random.js';

/**
 * The question bank, derived from the knowledge base: every topic's quiz items plus a
 * "sales or marketing?" question per labelled activity (two options; "both" ones skipped). Each question knows its topic,
 * its explanation, and what each wrong option reveals.
 */

export const LETTERS = ['A', 'B', 'C', 'D'] as const;
export type Letter = (typeof LETTERS)[number];

export interface BankItem extends StoredQuestion {
  /** Choice options are shuffled when presented; true/false and activity options keep their order. */
  shuffle: boolean;
}

export function buildBank(kb: KnowledgeBase): BankItem[] {
  const items: BankItem[] = [];
  for (const topic of kb.topics) {
    for (const item of topic.quiz) {
      if (item.type === 'choice') {
        items.push({
          key: `${topic.id}.${shortHash(item.question)}`,
          topic: topic.id,
          kind: 'choice',
          prompt: item.question,
          options: item.options.map((o) => withMisconception(o.text, o.correct, o.misconception)),
          explanation: item.explanation,
          shuffle: true,
        });
      } else {
        items.push({
          key: `${topic.id}.${shortHash(item.statement)}`,
          topic: topic.id,
          kind: 'truefalse',
          prompt: `True or false: ${item.statement}`,
          options: [
            withMisconception('True', item.answer, item.misconception),
            withMisconception('False', !item.answer, item.misconception),
          ],
          explanation: item.explanation,
          shuffle: false,
        });
      }
    }
  }
  for (const activity of kb.activities) {
    const item = activityItem(activity);
    if (item) items.push(item);
  }
  return items;
}

/**
 * "Sales or marketing?" with the two answers in a fixed order. Activities whose verdict is
 * "both" are left out: offering a third option only for them would give the answer away.
 */
function activityItem(a: Activity): BankItem | undefined {
  if (a.verdict === 'both') return undefined;
  const name = a.activity.trim();
  const option = (text: string, verdict: 'sales' | 'marketing') =>
    withMisconception(text, a.verdict === verdict, `Thinks "${name}" is ${verdict} work`);
  return {
    key: `activity.${shortHash(name.toLowerCase())}`,
    topic: a.topic,
    kind: 'activity',
    prompt: `Sales or marketing: ${capitalise(name)}?`,
    options: [option('Sales', 'sales'), option('Marketing', 'marketing')],
    explanation: a.reason,
    shuffle: false,
  };
}

/** The question as shown: choice options shuffled. */
export function present(item: BankItem, random: Random): StoredQuestion {
  const { shuffle, ...question } = item;
  return { ...question, options: shuffle ? shuffled(item.options, random) : [...item.options] };
}

export function letterAt(index: number): Letter {
  const letter = LETTERS[index];
  if (!letter) throw new RangeError(`no letter for option ${index}`);
  return letter;
}

/** Index of a letter among the question's options, or -1. */
export function optionIndex(question: StoredQuestion, letter: string): number {
  const i = LETTERS.indexOf(letter as Letter);
  return i >= 0 && i < question.options.length ? i : -1;
}

export function correctIndex(question: StoredQuestion): number {
  return question.options.findIndex((o) => o.correct);
}

/** What a person may type for an option where buttons can't be clicked: its letter, and its text when short ("true", "sales"). */
export function optionAliases(question: StoredQuestion, index: number, suffix = ''): string[] {
  const text = question.options[index]?.text.trim().toLowerCase() ?? '';
  const short = text && text.split(/\s+/).length <= 3 ? [`${text}${suffix}`] : [];
  return [`${letterAt(index).toLowerCase()}${suffix}`, ...short];
}

/** `A) …` lines: the options written out, so buttons can carry just letters. */
export function optionLines(question: StoredQuestion, suffix: (option: StoredOption, index: number) => string = () => ''): string {
  return question.options.map((o, i) => `${letterAt(i)}) ${o.text}${suffix(o, i)}`).join('\n');
}

function withMisconception(text: string, correct: boolean, misconception: string | undefined): StoredOption {
  return correct || !misconception ? { text, correct } : { text, correct, misconception };
}

function shortHash(text: string): string {
  return createHash('sha1').update(text.trim()).digest('base64url').slice(0, 8);
}

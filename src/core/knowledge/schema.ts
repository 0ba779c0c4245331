import { z } from 'zod';

/**
 * The shape of the human-edited knowledge files. One topic per file in
 * `knowledge/topics/<id>.yaml`, plus `knowledge/activities.yaml`.
 * `source: general` marks content added beyond the seed article (it must agree
 * with the article's distinctions); the default is `article`.
 */

export const TOPIC_ID = /^[a-z][a-z0-9-]*$/;
const text = (min = 1) => z.string().trim().min(min);
const source = z.enum(['article', 'general']).default('article');

export const choiceOption = z.strictObject({
  text: text(),
  correct: z.boolean().default(false),
  /** For a wrong option: the misconception choosing it reveals. */
  misconception: text().optional(),
});

export const choiceItem = z.strictObject({
  type: z.literal('choice'),
  question: text(5),
  options: z.array(choiceOption).min(3).max(4),
  explanation: text(5),
  source,
});

export const trueFalseItem = z.strictObject({
  type: z.literal('truefalse'),
  statement: text(5),
  answer: z.boolean(),
  /** The misconception a wrong answer reveals. */
  misconception: text(),
  explanation: text(5),
  source,
});

export const quizItem = z.discriminatedUnion('type', [choiceItem, trueFalseItem]);

export const topicFile = z.strictObject({
  id: z.string().regex(TOPIC_ID, 'must be lower-case words joined by hyphens, e.g. "four-ps"'),
  title: text(),
  /** The short answer: 2–5 sentences. */
  answer: text(20),
  sales: text(10),
  marketing: text(10),
  related: z.array(z.string()).default([]),
  /** Words and phrases that point at this topic, beyond the title (optional help for the matcher). */
  keywords: z.array(text()).default([]),
  /** Questions as people type them in chat; they train the matcher. */
  examples: z.array(text(3)).min(8),
  quiz: z.array(quizItem).min(4),
});

export const verdict = z.enum(['sales', 'marketing', 'both']);

export const activity = z.strictObject({
  activity: text(3),
  verdict,
  /** The topic that decides it: sales-activities, marketing-activities, customer-interaction, communication, … */
  topic: z.string(),
  reason: text(10),
  /** Other ways people say the same activity. */
  aliases: z.array(text()).default([]),
  source,
});

/** activities.yaml: the list is checked first, then each entry on its own (so every broken entry is reported). */
export const activitiesList = z.strictObject({
  activities: z.array(z.unknown()).min(1),
});

export type ChoiceItem = z.infer<typeof choiceItem>;
export type TrueFalseItem = z.infer<typeof trueFalseItem>;
export type QuizItem = z.infer<typeof quizItem>;
export type Topic = z.infer<typeof topicFile>;
export type Activity = z.infer<typeof activity>;
export type Verdict = z.infer<typeof verdict>;

import { z } from 'zod';

/**
 * The shape of the human-edited knowledge files. One topic per file in
 * `knowledge/topics/<id>.yaml`, plus `knowledge/activities.yaml`.
 * `source: general` marks content added beyond the seed article (it must agree
 * with the article's distinctions); the default is `article`.
 */

export const TOPIC_ID = /^[a-z][a-z0-9-]*$/;
const text = (min = 1) => z.string().trim().min(min);
/** An id: lower-case words joined by hyphens (the refinement's message is shown to trainers as is). */
const id = (example: string) =>
  z.string().refine((v) => TOPIC_ID.test(v), {
    error: (issue) => `must be lower-case words joined by hyphens, like "${example}", found "${String(issue.input)}"`,
  });
/** Where a quiz item's fact comes from: the seed article, general knowledge, or a team answer. */
const source = z.enum(['article', 'general', 'team']).default('article');

export const choiceOption = z.strictObject({
  text: text(),
  correct: z.boolean().default(false),
  /** For a wrong option: the misconception choosing it reveals. */
  misconception: text().optional(),
});

export const choiceItem = z
  .strictObject({
    type: z.literal('choice'),
    question: text(5),
    options: z.array(choiceOption).min(3).max(4),
    explanation: text(5),
    source,
  })
  .superRefine((item, ctx) => {
    const correct = item.options.filter((o) => o.correct).length;
    if (correct !== 1)
      ctx.addIssue({ code: 'custom', path: ['options'], message: `needs exactly one option with "correct: true", found ${correct}` });
    item.options.forEach((o, i) => {
      if (!o.correct && !o.misconception)
        ctx.addIssue({
          code: 'custom',
          path: ['options', i, 'misconception'],
          message: 'is missing: a wrong option names the misconception it reveals',
        });
    });
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
  id: id('pricing-basics'),
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
/** The answer for work that belongs to neither side (another department's). */
export const NEITHER = 'neither';

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

/**
 * `examples/<writer>.yaml`: labelled questions from one writer (a trainer's extra examples,
 * or a commissioned set). They train the matcher like a topic's own examples, and the
 * evaluation holds each writer out in turn.
 */
export const exampleKind = z.enum(['topic', 'activity', 'neither', 'off-domain']);
export const labelledExample = z
  .strictObject({
    text: text(),
    kind: exampleKind,
    /** The topic that answers it: required for `topic` and `activity`, absent otherwise. */
    topic: z.string().nullable().optional(),
    /** For `activity`: sales, marketing or both. */
    verdict: verdict.nullable().optional(),
    /** For `activity`: whether activities.yaml names it (evaluation only). */
    listed: z.boolean().optional(),
  })
  .superRefine((e, ctx) => {
    const needsTopic = e.kind === 'topic' || e.kind === 'activity';
    if (needsTopic && !e.topic)
      ctx.addIssue({ code: 'custom', path: ['topic'], message: `is missing: a ${e.kind} example names the topic that answers it` });
    else if (!needsTopic && e.topic)
      ctx.addIssue({ code: 'custom', path: ['topic'], message: `must be left out for an example of kind ${e.kind}` });
    if (e.kind === 'activity' && !e.verdict)
      ctx.addIssue({ code: 'custom', path: ['verdict'], message: 'is missing: an activity example says sales, marketing or both' });
    if (e.kind !== 'activity' && e.verdict)
      ctx.addIssue({ code: 'custom', path: ['verdict'], message: `must be left out for an example of kind ${e.kind}` });
  });
export const examplesFile = z.strictObject({
  /** Who wrote the set, in a few words (optional). */
  writer: text().optional(),
  examples: z.array(z.unknown()).min(1),
});

/** `out-of-scope.yaml`: messages the knowledge cannot answer; they teach the matcher to decline. */
export const outOfScopeFile = z.strictObject({
  examples: z.array(text(2)).min(1),
});

/** `functions.yaml`: other departments, whose work is neither sales nor marketing. */
export const businessFunction = z.strictObject({
  id: id('customer-support'),
  /** As used in a sentence: "that is customer support's work". */
  name: text(),
  /** Shown to the person: what the function does and why that is neither. */
  reason: text(10),
  /** Its work, as people describe it. */
  examples: z.array(text(3)).min(3),
});
export const functionsFile = z.strictObject({
  functions: z.array(z.unknown()).min(1),
});

/** `distinctions.yaml`: the sides, and the distinctions that decide an activity's verdict. */
export const side = z.strictObject({
  /** Words that name the side in a question ("is X sales or marketing?"). */
  names: z.array(text()).default([]),
  /** The topic that answers an activity question decided for this side. */
  topic: z.string(),
});
export const distinction = z.strictObject({
  id: id('one-to-one'),
  side: z.enum(['sales', 'marketing', NEITHER]),
  /** The topic that explains the distinction (optional). */
  topic: z.string().optional(),
  /** `audience`: the distinction is about who is addressed, which decides over an activity's usual label. */
  decides: z.enum(['audience']).optional(),
  /** Shown as the reason: names the distinction. */
  reason: text(10),
  /** Phrases that signal it in an activity's description. */
  cues: z.array(text()).min(1),
});
export const distinctionsFile = z.strictObject({
  sides: z.strictObject({ sales: side, marketing: side, both: side.partial({ names: true }).optional() }),
  /** The rule to apply when the evidence is too weak for a verdict. */
  doubt: text(10),
  distinctions: z.array(z.unknown()).default([]),
});

/** `vocabulary.yaml`: words people type for the same thing; every variant reads as the group's first entry. */
export const vocabularyFile = z.strictObject({
  synonyms: z.array(z.array(text()).min(2)).default([]),
});

/** `calibration.yaml`: the matcher's thresholds, written by `npm run calibrate` (never by hand). */
export const calibrationFile = z.strictObject({
  alpha: z.number().min(0).max(1).optional(),
  activityBias: z.number().optional(),
  outThreshold: z.number().optional(),
  confidenceFloor: z.number().optional(),
  frameThreshold: z.number().optional(),
  doubtThreshold: z.number().optional(),
  listedSimilarity: z.number().optional(),
  ambiguityMargin: z.number().optional(),
  otherQuestion: z.number().optional(),
});

/** A date as ISO 8601 writes it: `2026-12-06`, or with the time, `2026-12-06T14:30:00Z`. */
const isoDate = z.string().refine((v) => z.iso.date().safeParse(v).success || z.iso.datetime({ offset: true }).safeParse(v).success, {
  error: (issue) => `must be a date like "2026-12-06" or a date and time like "2026-12-06T14:30:00Z", found "${String(issue.input)}"`,
});

/**
 * `team-answers.yaml`: small answers trainers wrote in chat, exported by `npm run kb:export` (or written by hand).
 * Each becomes a topic marked as a team answer: no sales/marketing comparison; true/false quiz questions optional.
 */
export const teamAnswer = z.strictObject({
  id: id('team-12'),
  title: text(),
  answer: text(),
  /** The trainer who wrote it, as shown with the answer. */
  author: text(),
  created: isoDate,
  /** Questions it answers, as people typed them; they train the matcher. */
  examples: z.array(text(3)).default([]),
  /** The trainer who last rewrote the answer, and when (shown with it). */
  editor: text().optional(),
  edited: isoDate.optional(),
  /** True/false questions on it for quiz rounds (the answer is their explanation). */
  quiz: z.array(trueFalseItem).default([]),
});
export const teamAnswersFile = z.strictObject({
  answers: z.array(z.unknown()).default([]),
});

/** activities.yaml: the list is checked first, then each entry on its own (so every broken entry is reported). */
export const activitiesList = z.strictObject({
  activities: z.array(z.unknown()).min(1),
});

export type ChoiceItem = z.infer<typeof choiceItem>;
export type TrueFalseItem = z.infer<typeof trueFalseItem>;
export type QuizItem = z.infer<typeof quizItem>;
/** Marks a topic that is a team answer (from chat or `team-answers.yaml`): who wrote it and when (epoch ms). */
export interface TeamMark {
  author: string;
  createdAt: number;
  /** The latest rewrite: who and when (epoch ms). */
  edited?: { by: string; at: number };
}
/** A topic as the bot holds it; `team` is never written in a topic file (only team answers have it). */
export type Topic = z.infer<typeof topicFile> & { team?: TeamMark };
export type TeamAnswer = z.infer<typeof teamAnswer>;

/** What a team answer entry says about its author and latest edit, as the bot shows it. */
export function teamMarkOf(a: Pick<TeamAnswer, 'author' | 'created' | 'editor' | 'edited'>): TeamMark {
  return {
    author: a.author,
    createdAt: Date.parse(a.created),
    ...(a.editor && a.edited ? { edited: { by: a.editor, at: Date.parse(a.edited) } } : {}),
  };
}

/** A team answer as a topic: matched like one by its title, answer and examples; nothing to compare. */
export function teamTopic(a: Pick<TeamAnswer, 'id' | 'title' | 'answer' | 'examples' | 'quiz'>, team: TeamMark): Topic {
  return {
    id: a.id,
    title: a.title,
    answer: a.answer,
    sales: '',
    marketing: '',
    related: [],
    keywords: [],
    examples: a.examples,
    quiz: a.quiz,
    team,
  };
}
export type Activity = z.infer<typeof activity>;
export type Verdict = z.infer<typeof verdict>;
export type LabelledExample = z.infer<typeof labelledExample> & { writer: string };
export type BusinessFunction = z.infer<typeof businessFunction>;
export type Distinction = z.infer<typeof distinction>;
export type Sides = z.infer<typeof distinctionsFile>['sides'];

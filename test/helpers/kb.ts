import { type KnowledgeBase, makeKnowledgeBase } from '../../src/core/knowledge/load.js';
import type { Activity, QuizItem, Topic } from '../../src/core/knowledge/schema.js';

/**
 * A tiny knowledge base of our own, so quiz tests never depend on the shipped content's text.
 * Two topics with two quiz items each, and three activities (one "both", which the quiz skips).
 */
const choice = (question: string, right: string, wrong: [string, string][], explanation: string): QuizItem => ({
  type: 'choice',
  question,
  options: [{ text: right, correct: true }, ...wrong.map(([text, misconception]) => ({ text, correct: false, misconception }))],
  explanation,
  source: 'article',
});

const topic = (id: string, title: string, quiz: QuizItem[]): Topic => ({
  id,
  title,
  answer: `${title}: the short answer.`,
  sales: `${title}, sales side.`,
  marketing: `${title}, marketing side.`,
  related: [],
  keywords: [],
  examples: [],
  quiz,
});

export const TEST_TOPICS: Topic[] = [
  topic('funnel', 'The funnel', [
    choice(
      'Which part of the funnel does sales own?',
      'The narrow end',
      [
        ['The wide top', 'Thinks sales fills the top of the funnel'],
        ['All of it', 'Thinks sales and marketing are one funnel job'],
        ['None of it', 'Thinks the funnel is only a marketing idea'],
      ],
      'Sales completes the transaction at the lower end.',
    ),
    {
      type: 'truefalse',
      statement: 'Marketing is the whole funnel strategy.',
      answer: true,
      misconception: 'Thinks the funnel strategy belongs to sales',
      explanation: 'Marketing designs the overall funnel.',
      source: 'article',
    },
  ]),
  topic('scope', 'Scope', [
    choice(
      'Which is broader?',
      'Marketing',
      [
        ['Sales', 'Thinks sales contains marketing'],
        ['Neither', 'Thinks they are the same size'],
      ],
      'Sales is one element of marketing.',
    ),
    {
      type: 'truefalse',
      statement: 'Sales is one part of marketing.',
      answer: true,
      misconception: 'Thinks sales stands outside marketing',
      explanation: 'Marketing is the wider discipline.',
      source: 'article',
    },
  ]),
];

const activity = (name: string, verdict: Activity['verdict'], topicId: string): Activity => ({
  activity: name,
  verdict,
  topic: topicId,
  reason: `${name} reason.`,
  aliases: [],
  source: 'article',
});

export const TEST_ACTIVITIES: Activity[] = [
  activity('cold calling', 'sales', 'funnel'),
  activity('brand campaigns', 'marketing', 'scope'),
  activity('lead scoring', 'both', 'funnel'),
];

export function testKb(topics: Topic[] = TEST_TOPICS, activities: Activity[] = TEST_ACTIVITIES): KnowledgeBase {
  return makeKnowledgeBase({ topics, activities });
}

/**
 * Knowledge added at run time from chat (the trainers' inbox), stored per server/workspace
 * and layered over the files in `knowledge/`. `npm run kb:export` writes them into those files.
 */
import type { Platform } from '../../contract/inbound.js';

interface AdditionBase {
  /** Increasing per database: a workspace's knowledge version is its largest addition id. */
  id: number;
  platform: Platform;
  workspaceId: string;
  createdAt: number;
  /** Display name of the trainer who added it (shown with team answers). */
  author: string;
}

export type KnowledgeAddition =
  /** "This question belongs to topic X": one more example of an existing topic. */
  | (AdditionBase & { kind: 'example'; topic: string; text: string })
  /** "Off-topic": one more out-of-scope example, so similar questions are declined confidently. */
  | (AdditionBase & { kind: 'out-of-scope'; text: string })
  /** A team answer: a small new entry, matched like a topic, its examples starting with the grouped questions. */
  | (AdditionBase & { kind: 'answer'; topic: string; title: string; text: string; examples: string[] })
  /** A team answer's text rewritten by a trainer (the latest edit wins). */
  | (AdditionBase & { kind: 'answer-edit'; topic: string; text: string })
  /** A team answer removed by a trainer: it is no longer matched, shown or quizzed. `text` is empty. */
  | (AdditionBase & { kind: 'answer-removed'; topic: string; text: string })
  /** A true/false quiz question on a team answer; the answer's text is its explanation. `text` is the statement. */
  | (AdditionBase & { kind: 'quiz'; topic: string; text: string; answer: boolean; misconception: string });

export type NewAddition = KnowledgeAddition extends infer A ? (A extends KnowledgeAddition ? Omit<A, 'id'> : never) : never;

/** Team answers' topic ids: `team-<addition id>`, never a file topic's id. */
export const teamTopicId = (additionId: number) => `team-${additionId}`;

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
  | (AdditionBase & { kind: 'answer'; topic: string; title: string; text: string; examples: string[] });

export type NewAddition = KnowledgeAddition extends infer A ? (A extends KnowledgeAddition ? Omit<A, 'id'> : never) : never;

/** Team answers' topic ids: `team-<addition id>`, never a file topic's id. */
export const teamTopicId = (additionId: number) => `team-${additionId}`;

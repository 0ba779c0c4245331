/**
 * Click ids under answers: `fb:up:<answer>`, `fb:down:<answer>`, `fb:meant:<answer>:<topic>`,
 * `fb:tell:<answer>` (opens a form), `fb:told:<answer>` (its submission) and `fb:follow:<item>`
 * (tell me when someone answers an inbox question). Answer and item numbers are row ids.
 */
export const FEEDBACK_NS = 'fb';

export type FeedbackVerb = 'up' | 'down' | 'meant' | 'tell' | 'told' | 'follow';

export const feedbackAction = (verb: FeedbackVerb, id: number, topic?: string) => `${FEEDBACK_NS}:${verb}:${id}${topic ? `:${topic}` : ''}`;

const PATTERN = /^(up|down|meant|tell|told|follow):(\d{1,15})(?::([a-z0-9-]{1,60}))?$/;

/** Parses the payload after `fb:`; undefined for anything malformed. */
export function parseFeedbackAction(payload: string): { verb: FeedbackVerb; id: number; topic?: string } | undefined {
  const m = PATTERN.exec(payload);
  if (!m) return undefined;
  const verb = m[1] as FeedbackVerb;
  if ((verb === 'meant') !== (m[3] !== undefined)) return undefined;
  return { verb, id: Number(m[2]), ...(m[3] ? { topic: m[3] } : {}) };
}

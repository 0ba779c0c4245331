/** Action ids for "explain this topic" buttons (suggestions). */
export const EXPLAIN_NS = 'ex';

export function explainAction(topicId: string): string {
  return `${EXPLAIN_NS}:${topicId}`;
}

/** Practice button ids: `pr:a:<nonce>:<letter>:<s|g>` (sure / guessing) and `pr:next`. */
export const PRACTICE_NS = 'pr';

export type PracticeAction = { kind: 'answer'; nonce: string; letter: string; confident: boolean } | { kind: 'next' };

export const practiceAnswerAction = (nonce: string, letter: string, confident: boolean) =>
  `${PRACTICE_NS}:a:${nonce}:${letter}:${confident ? 's' : 'g'}`;
export const practiceNextAction = () => `${PRACTICE_NS}:next`;

const ANSWER = /^a:([A-Za-z0-9_-]{1,24}):([A-D]):([sg])$/;

export function parsePracticeAction(payload: string): PracticeAction | undefined {
  if (payload === 'next') return { kind: 'next' };
  const m = ANSWER.exec(payload);
  return m ? { kind: 'answer', nonce: m[1]!, letter: m[2]!, confident: m[3] === 's' } : undefined;
}

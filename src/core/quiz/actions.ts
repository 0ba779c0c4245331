/**
 * Quiz button ids: `qz:a:<round>:<question>:<letter>`, `qz:skip:<round>:<question>`,
 * `qz:stop:<round>`. Round ids are 12 url-safe characters, so ids stay far below 100.
 */
export const QUIZ_NS = 'qz';

export type QuizAction =
  | { kind: 'answer'; roundId: string; qIndex: number; letter: string }
  | { kind: 'skip'; roundId: string; qIndex: number }
  | { kind: 'stop'; roundId: string };

export const answerAction = (roundId: string, qIndex: number, letter: string) => `${QUIZ_NS}:a:${roundId}:${qIndex}:${letter}`;
export const skipAction = (roundId: string, qIndex: number) => `${QUIZ_NS}:skip:${roundId}:${qIndex}`;
export const stopAction = (roundId: string) => `${QUIZ_NS}:stop:${roundId}`;

const ROUND_ID = '[A-Za-z0-9_-]{1,40}';
const ANSWER = new RegExp(`^a:(${ROUND_ID}):(\\d{1,3}):([A-D])$`);
const SKIP = new RegExp(`^skip:(${ROUND_ID}):(\\d{1,3})$`);
const STOP = new RegExp(`^stop:(${ROUND_ID})$`);

/** Parses the payload after `qz:`; undefined for anything malformed. */
export function parseQuizAction(payload: string): QuizAction | undefined {
  let m = ANSWER.exec(payload);
  if (m) return { kind: 'answer', roundId: m[1]!, qIndex: Number(m[2]), letter: m[3]! };
  m = SKIP.exec(payload);
  if (m) return { kind: 'skip', roundId: m[1]!, qIndex: Number(m[2]) };
  m = STOP.exec(payload);
  if (m) return { kind: 'stop', roundId: m[1]! };
  return undefined;
}

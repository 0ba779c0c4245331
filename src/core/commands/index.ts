import type { CommandName } from '../../contract/inbound.js';
import { EXPLAIN_NS } from '../answer/actions.js';
import { FEEDBACK_NS } from '../feedback/actions.js';
import { INBOX_NS } from '../inbox/actions.js';
import { PRACTICE_NS } from '../practice/actions.js';
import { QUIZ_NS } from '../quiz/actions.js';
import { answersEdit, answersList, answersQuiz, answersRemove } from './answers.js';
import { ask } from './ask.js';
import { explain, explainClicked } from './explain.js';
import { feedbackClicked } from './feedback.js';
import { FORGET_NS, forgetMe, forgetMeAction } from './forget-me.js';
import { gapsAnswer, gapsDismiss, gapsList, gapsTeach } from './gaps.js';
import { help } from './help.js';
import { inboxClicked } from './inbox.js';
import { leaderboard } from './leaderboard.js';
import { practice, practiceAction } from './practice.js';
import { quizAction } from './quiz-action.js';
import { quizNext } from './quiz-next.js';
import { quizStart } from './quiz-start.js';
import { quizStatus } from './quiz-status.js';
import { quizStop } from './quiz-stop.js';
import { report } from './report.js';
import { stats } from './stats.js';
import { topics } from './topics.js';
import { trainersAdd, trainersList, trainersRemove } from './trainers.js';
import type { ActionHandler, Handler } from './types.js';

/** Which handler serves which declared command: every declaration needs one, or this does not type-check. */
export const HANDLERS: { [N in CommandName]: Handler<N> } = {
  ask,
  explain,
  topics,
  help,
  'quiz.start': quizStart,
  'quiz.stop': quizStop,
  'quiz.next': quizNext,
  'quiz.status': quizStatus,
  leaderboard,
  stats,
  'forget-me': forgetMe,
  practice,
  report,
  'gaps.list': gapsList,
  'gaps.teach': gapsTeach,
  'gaps.answer': gapsAnswer,
  'gaps.dismiss': gapsDismiss,
  'answers.list': answersList,
  'answers.edit': answersEdit,
  'answers.remove': answersRemove,
  'answers.quiz': answersQuiz,
  'trainers.add': trainersAdd,
  'trainers.remove': trainersRemove,
  'trainers.list': trainersList,
};

/** Button clicks, by the namespace before the first `:` of the action id (a Map: no prototype names). */
export const ACTIONS: ReadonlyMap<string, ActionHandler> = new Map([
  [EXPLAIN_NS, explainClicked],
  [QUIZ_NS, quizAction],
  [PRACTICE_NS, practiceAction],
  [FORGET_NS, forgetMeAction],
  [INBOX_NS, inboxClicked],
  [FEEDBACK_NS, feedbackClicked],
]);

import { afterEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../../src/contract/reply.js';
import { LEAD_IN_MS, PAUSE_MS } from '../../../src/core/quiz/driver.js';
import { inbound, TRAINER } from '../../helpers/bot.js';
import { quizStart } from '../../helpers/commands.js';
import { type QuizWorld, quizWorld } from '../../helpers/quiz.js';

/**
 * Pinned-down interleavings the property test found: a trainer's stop landing while the
 * driver is posting a reveal or the final standings. (The property test only meets these
 * by chance; here they happen every time.)
 */

let world: QuizWorld;
afterEach(async () => {
  await world?.close();
});

/** Presses `quiz stop` from inside the platform call that posts or edits a message matching `when`. */
async function stopDuring(when: (reply: Reply) => boolean): Promise<QuizWorld> {
  const w = await quizWorld();
  const port = w.platform.port();
  let pressed = false;
  const stop = async (reply: Reply) => {
    if (pressed || !when(reply)) return;
    pressed = true;
    await w.bot.handle(inbound('trainer', { name: 'quiz.stop' }, TRAINER));
  };
  const { post, edit } = port;
  port.post = async (place, reply) => {
    const ref = await post(place, reply);
    await stop(reply);
    return ref;
  };
  port.edit = async (ref, reply, opts) => {
    await edit(ref, reply, opts);
    await stop(reply);
  };
  w.bot.attach('console', port);
  return w;
}

const titles = (w: QuizWorld) => w.platform.messages.map((m) => m.versions[0]!.reply.title);

describe('a stop that lands while the driver is mid-step', () => {
  it('during the final standings: they are posted once', async () => {
    world = await stopDuring((r) => !!r.title?.startsWith('Quiz over'));
    await world.bot.handle(inbound('trainer', quizStart({ questions: 1, seconds: 10 }), TRAINER));
    for (const ms of [LEAD_IN_MS, 10_000, PAUSE_MS, PAUSE_MS]) {
      world.clock.advance(ms);
      await world.bot.tick();
    }
    expect(titles(world)).toEqual(['Question 1 of 1', 'Quiz over: final standings']);
  });

  it('during a reveal: the round ends with one reveal and one set of standings', async () => {
    world = await stopDuring((r) => !!r.title?.endsWith('· closed'));
    await world.bot.handle(inbound('trainer', quizStart({ questions: 3, seconds: 10 }), TRAINER));
    for (const ms of [LEAD_IN_MS, 10_000, PAUSE_MS, PAUSE_MS]) {
      world.clock.advance(ms);
      await world.bot.tick();
    }
    expect(titles(world)).toEqual(['Question 1 of 3', 'Quiz stopped: final standings']);
    const question = world.platform.messages[0]!;
    expect(question.versions.filter((v) => v.reply.title?.endsWith('· closed'))).toHaveLength(1);
  });
});

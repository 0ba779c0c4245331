import { composeAnswer } from '../answer/compose.js';
import type { Handler } from './types.js';

export const ask: Handler<'ask'> = async (ctx, inbound) => {
  const result = ctx.matcher.match(inbound.command.text);
  ctx.log.debug({ topic: result.topic, kind: result.kind, confidence: result.confidence }, 'matched question');
  return composeAnswer(ctx.kb, result);
};

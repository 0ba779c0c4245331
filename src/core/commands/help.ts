import { commandsOn } from '../../contract/commands.js';
import type { RichText } from '../../contract/reply.js';
import type { Handler } from './types.js';

/** Every command this platform offers, spelled with its arguments, and who may use it. */
export const help: Handler<'help'> = async (_ctx, inbound) => {
  const lines: RichText = commandsOn(inbound.place.platform).flatMap((c): RichText => {
    const notes = [c.who === 'trainers' ? 'trainers' : c.who === 'admins' ? 'admins' : '', c.private ? 'only you see the reply' : '']
      .filter(Boolean)
      .join('; ');
    return ['\n', { cmd: { command: c.name, usage: true } }, ` — ${c.description}${notes ? ` (${notes})` : ''}`];
  });
  return {
    visibility: 'private',
    title: 'Funnelbot: sales vs. marketing',
    body: [
      'Ask me how sales and marketing differ, or whether an activity is sales or marketing ("is cold calling sales or marketing?"). ',
      'Trainers can run quiz rounds; anyone can practise alone.\n',
      ...lines,
    ],
  };
};

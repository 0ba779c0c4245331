import { COMMANDS } from '../../contract/commands.js';
import type { Handler } from './types.js';

export const help: Handler<'help'> = async () => ({
  visibility: 'private',
  title: 'Funnelbot: sales vs. marketing',
  body: [
    'Ask me how sales and marketing differ, or whether an activity is sales or marketing ("is cold calling sales or marketing?"). ',
    'Trainers can run quiz rounds; anyone can practise alone.',
  ],
  fields: COMMANDS.map((c) => ({
    name: c.name,
    value: c.description + (c.trainerOnly ? ' (trainers)' : '') + (c.private ? ' (only you see the reply)' : ''),
  })),
});

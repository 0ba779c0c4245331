import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import type { ChannelPort, MessageRef } from '../../contract/channel.js';
import type { Command, Inbound, Place, Privileges } from '../../contract/inbound.js';
import type { Button, Reply } from '../../contract/reply.js';
import type { Bot } from '../../core/bot.js';
import type { Clock } from '../../core/clock.js';
import type { PlatformHandle } from '../platform.js';
import { renderPlain } from './render.js';
import { parseConsoleLine } from './to-inbound.js';

export interface ConsoleOptions {
  bot: Bot;
  clock: Clock;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Whether to show a prompt and keep history; defaults to whether input is a terminal. */
  interactive?: boolean;
  userName?: string;
}

const GREETING =
  'Funnelbot: ask me how sales and marketing differ. /topics lists what I know, /help shows commands, /quit (or Ctrl-D) leaves.';

/** The local user is the console's admin, so every command (quiz rounds, reports) can be tried without any setup. */
const LOCAL_PRIVILEGES: Privileges = { isAdmin: true, isDefaultTrainer: true, roleIds: [] };

/**
 * A terminal chat on the core. Interactive on a TTY (line editing, history);
 * otherwise it answers each line it reads and resolves at end of input.
 */
export function runConsole(opts: ConsoleOptions): { done: Promise<void>; handle: PlatformHandle } {
  const input = opts.input ?? process.stdin;
  const output = opts.output ?? process.stdout;
  const interactive = opts.interactive ?? Boolean((input as { isTTY?: boolean }).isTTY);
  const name = opts.userName ?? safeUserName();
  const place: Place = { platform: 'console', workspaceId: 'console', channelId: 'console', isDirect: false };
  const actor = { platform: 'console' as const, id: name, displayName: name };

  // Buttons currently on screen, newest message last: typing a label clicks it.
  const onScreen = new Map<string, Button[]>();
  let messageSeq = 0;
  const rl = createInterface({ input, output: interactive ? output : undefined, terminal: interactive, historySize: 200 });

  const print = (text: string) => {
    output.write(`${text}\n\n`);
    if (interactive) rl.prompt(true);
  };
  const show = (reply: Reply, key: string) => {
    remember(key, reply);
    print(renderPlain(reply, opts.clock.now()));
  };
  const remember = (key: string, reply: Reply) => {
    onScreen.delete(key);
    const buttons = (reply.buttons ?? []).flat().filter((b) => !b.disabled);
    if (buttons.length) onScreen.set(key, buttons);
  };

  const port: ChannelPort = {
    async post(_place, reply) {
      const ref: MessageRef = { platform: 'console', workspaceId: 'console', channelId: 'console', messageId: String(++messageSeq) };
      show(reply, ref.messageId);
      return ref;
    },
    async edit(ref, reply, editOpts) {
      if (editOpts?.live)
        remember(ref.messageId, reply); // answer counts: not worth reprinting
      else show(reply, ref.messageId);
    },
  };
  opts.bot.attach('console', port);

  // "a sure" clicks "A · sure": labels compare on letters and digits only.
  const squash = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  const buttonFor = (text: string): Button | undefined => {
    const wanted = squash(text);
    if (!wanted) return undefined;
    for (const buttons of [...onScreen.values()].reverse()) {
      const hit = buttons.find((b) => squash(b.label) === wanted);
      if (hit) return hit;
    }
    return undefined;
  };

  const toCommand = (line: string): Command | 'quit' | undefined => {
    const button = buttonFor(line);
    if (button) return { name: 'action', id: button.actionId };
    const parsed = parseConsoleLine(line);
    if (parsed.kind === 'quit') return 'quit';
    if (parsed.kind === 'empty') return undefined;
    if (parsed.kind === 'error') {
      print(parsed.message);
      return undefined;
    }
    return parsed.command;
  };

  const done = (async () => {
    if (interactive) {
      output.write(`${GREETING}\n\n`);
      rl.setPrompt('> ');
      rl.prompt();
    }
    for await (const line of rl) {
      const command = toCommand(line);
      if (command === 'quit') break;
      if (command) {
        const inbound: Inbound = { actor, place, command, privileges: async () => LOCAL_PRIVILEGES };
        show(await opts.bot.handle(inbound), `reply-${++messageSeq}`);
      } else if (interactive) {
        rl.prompt();
      }
    }
    rl.close();
  })();

  return {
    done,
    handle: {
      name: 'console',
      connected: () => true,
      async stop() {
        rl.close();
      },
    },
  };
}

function safeUserName(): string {
  try {
    return userInfo().username || 'you';
  } catch {
    return 'you';
  }
}

import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import type { ChannelPort, MessageRef } from '../../contract/channel.js';
import type { Command, Inbound, Place, Privileges } from '../../contract/inbound.js';
import type { Button, Reply } from '../../contract/reply.js';
import type { Bot } from '../../core/bot.js';
import type { Clock } from '../../core/clock.js';
import type { PlatformHandle } from '../platform.js';
import { buttonKey, renderPlain, terminalWidth } from './render.js';
import { CONSOLE_HELP, parseConsoleLine } from './to-inbound.js';
import { wrapText } from './wrap.js';

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

  // Read at each print, so a resized terminal is picked up; 80 columns when not a terminal.
  const width = () => terminalWidth(output as { isTTY?: boolean; columns?: number });
  const wrapped = (text: string) => wrapText(text, width()).join('\n');
  const print = (text: string) => {
    output.write(`${text}\n\n`);
    if (interactive) rl.prompt(true);
  };
  // The message printed last: while it offers choices, a one-word line answers it.
  let lastShown = '';
  // The last answer's "Not helpful" action: `/wrong` is the console's button for it.
  let lastAnswer: string | undefined;
  const show = (reply: Reply, key: string) => {
    lastShown = key;
    if (reply.controls?.feedback) lastAnswer = reply.controls.feedback.notHelpful;
    remember(key, reply);
    print(renderPlain(reply, opts.clock.now(), width()));
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
    // The console has one person, who is at the keyboard: a private message is just printed.
    async sendDirect(_to, reply) {
      show(reply, String(++messageSeq));
    },
  };
  opts.bot.attach('console', port);

  // "a", "A sure", "true" or "yes" click a button on screen, newest message first.
  const buttonFor = (text: string): { button: Button; key: string } | undefined => {
    const wanted = buttonKey(text);
    if (!wanted) return undefined;
    for (const [key, buttons] of [...onScreen].reverse()) {
      const button = buttons.find((b) => buttonKey(b.label) === wanted || b.aliases?.some((a) => buttonKey(a) === wanted));
      if (button) return { button, key };
    }
    return undefined;
  };
  // The message a click came from: a reply that replaces it takes its place (and its buttons go).
  let clickedFrom: string | undefined;

  const toCommand = (line: string): Command | 'quit' | undefined => {
    clickedFrom = undefined;
    const hit = buttonFor(line);
    if (hit) {
      clickedFrom = hit.key;
      return { name: 'action', id: hit.button.actionId };
    }
    // One word right after a prompt answers it: it is not a question (nor a gap).
    const choices = onScreen.get(lastShown);
    if (choices && /^[^\s/]+$/.test(line.trim())) {
      print(
        wrapped(
          `"${line.trim().slice(0, 40)}" isn't one of the choices. Type one: ${choices.map((b) => b.aliases?.[0] ?? b.label).join(', ')}.`,
        ),
      );
      return undefined;
    }
    const parsed = parseConsoleLine(line);
    if (parsed.kind === 'quit') return 'quit';
    if (parsed.kind === 'wrong') {
      if (!lastAnswer) {
        print(wrapped('There is no answer to rate yet: /wrong tells the trainers my last answer to a question missed.'));
        return undefined;
      }
      return { name: 'action', id: lastAnswer, ...(parsed.wanted ? { values: { wanted: parsed.wanted } } : {}) };
    }
    if (parsed.kind === 'empty') return undefined;
    if (parsed.kind === 'error') {
      print(wrapped(parsed.message));
      return undefined;
    }
    return parsed.command;
  };

  const done = (async () => {
    if (interactive) {
      output.write(`${wrapped(GREETING)}\n\n`);
      rl.setPrompt('> ');
      rl.prompt();
    }
    for await (const line of rl) {
      const command = toCommand(line);
      if (command === 'quit') break;
      if (command) {
        const inbound: Inbound = { actor, place, command, privileges: async () => LOCAL_PRIVILEGES };
        const reply = await opts.bot.handle(inbound);
        const key = reply.replaceSource && clickedFrom ? clickedFrom : `reply-${++messageSeq}`;
        show(command.name === 'help' ? withConsoleHelp(reply) : reply, key);
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

/** The core's help plus the console's own `/quit`. */
function withConsoleHelp(reply: Reply): Reply {
  return { ...reply, body: [...reply.body, `\n${CONSOLE_HELP}`] };
}

function safeUserName(): string {
  try {
    return userInfo().username || 'you';
  } catch {
    return 'you';
  }
}

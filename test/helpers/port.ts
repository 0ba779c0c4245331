import type { ChannelPort, MessageRef } from '../../src/contract/channel.js';
import { DeliveryError, type DeliveryProblem } from '../../src/contract/channel.js';
import type { Place } from '../../src/contract/inbound.js';
import type { Reply } from '../../src/contract/reply.js';

export interface PostedMessage {
  ref: MessageRef;
  place: Place;
  /** Every version, oldest first: the post, then each edit. */
  versions: { reply: Reply; live: boolean }[];
}

/**
 * A fake platform: ports of several bot processes post into one shared message list, so
 * process B can edit a message process A posted (as on a real platform).
 */
export class FakePlatform {
  readonly messages: PostedMessage[] = [];
  readonly threads: Place[] = [];
  /** Private messages the bot sent on its own initiative (follow-ups). */
  readonly directs: { workspaceId: string; userId: string; reply: Reply }[] = [];
  /** Make the next post/edit throw this problem (once). */
  failNext: DeliveryProblem | undefined;
  private seq = 0;

  port(opts: { threads?: boolean } = {}): ChannelPort {
    const port: ChannelPort = {
      post: async (place, reply) => {
        this.maybeFail();
        const ref: MessageRef = {
          platform: place.platform,
          workspaceId: place.workspaceId,
          channelId: place.channelId,
          messageId: `m${++this.seq}`,
        };
        this.messages.push({ ref, place, versions: [{ reply, live: false }] });
        return ref;
      },
      edit: async (ref, reply, o) => {
        this.maybeFail();
        const msg = this.messages.find((m) => m.ref.messageId === ref.messageId);
        if (!msg) throw new DeliveryError('unavailable', 'no such message');
        msg.versions.push({ reply, live: o?.live ?? false });
      },
      sendDirect: async (to, reply) => {
        this.maybeFail();
        this.directs.push({ ...to, reply });
      },
    };
    if (opts.threads) {
      port.openThread = async (place, name) => {
        const thread: Place = { ...place, channelId: `thread-${this.threads.length + 1}`, threadId: undefined };
        this.threads.push(thread);
        void name;
        return thread;
      };
    }
    return port;
  }

  private maybeFail(): void {
    if (!this.failNext) return;
    const problem = this.failNext;
    this.failNext = undefined;
    throw new DeliveryError(problem, `fake platform refused: ${problem}`);
  }

  /** The current version of each message, in posting order. */
  current(): Reply[] {
    return this.messages.map((m) => m.versions.at(-1)!.reply);
  }

  last(): PostedMessage {
    const m = this.messages.at(-1);
    if (!m) throw new Error('nothing posted yet');
    return m;
  }

  /** Messages whose title starts with `prefix`. */
  titled(prefix: string): PostedMessage[] {
    return this.messages.filter((m) => (m.versions[0]!.reply.title ?? '').startsWith(prefix));
  }
}

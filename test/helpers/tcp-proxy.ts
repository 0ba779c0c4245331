import net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 (port 0) in front of a real server, for fault tests: cutting it
 * makes a database outage for one client without touching the shared server other tests use.
 *
 * - `cut('refuse')`: every open connection is dropped and new ones are reset at once.
 * - `cut('blackhole')`: open connections are dropped; new ones are accepted and never answered
 *   (the client only gives up by its own connect timeout).
 * - `cut('stall')`: open connections stay up but nothing passes either way (a silent network
 *   partition: only a client-side query timeout ends the wait); new ones are held silently.
 * - `cutOnQuery(text, when)`: cut (refuse) when the client sends bytes containing `text`, either
 *   before the server sees them or after the server has replied (the reply is dropped), so a
 *   test can lose exactly one statement or exactly one acknowledgement.
 * - `restore()`: new connections go through again; held and stalled sockets are closed (their
 *   protocol state is lost), so clients reconnect cleanly.
 */
export type CutMode = 'refuse' | 'blackhole' | 'stall';

export interface TcpProxy {
  readonly port: number;
  /** `connectionString` with host and port pointed at the proxy. */
  url(connectionString: string): string;
  cut(mode?: CutMode): void;
  cutOnQuery(text: string, when: 'before-server' | 'after-server'): Promise<void>;
  restore(): void;
  readonly state: 'open' | CutMode;
  /** Connections currently forwarded. */
  readonly open: number;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
}

interface Trap {
  text: string;
  when: 'before-server' | 'after-server';
  sprung(): void;
  /** After-server: the pair whose reply is to be dropped. */
  pair?: Pair;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let state: 'open' | CutMode = 'open';
  const pairs = new Set<Pair>();
  const held = new Set<net.Socket>();
  let trap: Trap | undefined;

  const quiet = (s: net.Socket) => s.on('error', () => {});
  const drop = (pair: Pair) => {
    pairs.delete(pair);
    pair.client.destroy();
    pair.upstream.destroy();
  };
  const dropAll = () => {
    for (const pair of [...pairs]) drop(pair);
  };
  const cut = (mode: CutMode = 'refuse') => {
    state = mode;
    if (mode !== 'stall') dropAll();
  };

  const server = net.createServer((client) => {
    quiet(client);
    if (state === 'refuse') {
      client.resetAndDestroy();
      return;
    }
    if (state !== 'open') {
      held.add(client);
      client.on('close', () => held.delete(client));
      return;
    }
    const upstream = quiet(net.connect(target.port, target.host));
    const pair: Pair = { client, upstream };
    pairs.add(pair);
    const close = () => drop(pair);
    client.on('close', close);
    upstream.on('close', close);

    client.on('data', (chunk: Buffer) => {
      if (state !== 'open') return; // stalled: swallowed
      if (trap && !trap.pair && chunk.toString('latin1').includes(trap.text)) {
        const t = trap;
        if (t.when === 'before-server') {
          trap = undefined;
          cut('refuse');
          t.sprung();
          return;
        }
        t.pair = pair;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (state !== 'open') return;
      if (trap?.pair === pair) {
        // The server has done the work and answered: lose the answer.
        const t = trap;
        trap = undefined;
        cut('refuse');
        t.sprung();
        return;
      }
      client.write(chunk);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    get state() {
      return state;
    },
    get open() {
      return pairs.size;
    },
    url(connectionString) {
      const u = new URL(connectionString);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    cut,
    cutOnQuery(text, when) {
      return new Promise<void>((sprung) => {
        trap = { text, when, sprung };
      });
    },
    restore() {
      state = 'open';
      trap = undefined;
      for (const s of held) s.destroy();
      held.clear();
      dropAll(); // stalled pairs have lost bytes mid-protocol: close them
    },
    async close() {
      trap = undefined;
      for (const s of held) s.destroy();
      dropAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Host and port of a postgres:// URL (default port 5432). */
export function targetOf(connectionString: string): { host: string; port: number } {
  const u = new URL(connectionString);
  return { host: u.hostname || '127.0.0.1', port: Number(u.port || 5432) };
}

/**
 * A pass-through in front of the fake Slack's Web API that can hold chosen calls until the
 * test lets them go: how a test keeps a command "in flight" inside the product while it
 * signals the process.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HoldingProxy {
  /** Give this to the product as SLACK_API_URL. */
  readonly apiUrl: string;
  /** Resolves once a call to hold has arrived (and is being held). */
  readonly arrived: Promise<void>;
  /** Lets held calls (and any later ones) through. */
  release(): void;
  close(): Promise<void>;
}

export async function startHoldingProxy(targetApiUrl: string, hold: (method: string, body: string) => boolean): Promise<HoldingProxy> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let arrive!: () => void;
  const arrived = new Promise<void>((resolve) => {
    arrive = resolve;
  });

  const server = createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks).toString('utf8');
      const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0]!;
      if (hold(method, body)) {
        arrive();
        await gate;
      }
      const headers: Record<string, string> = {};
      for (const name of ['content-type', 'authorization']) {
        const v = req.headers[name];
        if (typeof v === 'string') headers[name] = v;
      }
      const answer = await fetch(new URL(method, targetApiUrl), {
        method: req.method,
        headers,
        body: req.method === 'GET' ? undefined : body,
      });
      const out: Record<string, string> = { 'content-type': answer.headers.get('content-type') ?? 'application/json' };
      const retryAfter = answer.headers.get('retry-after');
      if (retryAfter) out['retry-after'] = retryAfter;
      res.writeHead(answer.status, out).end(await answer.text());
    } catch (err) {
      res.writeHead(502).end(String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    arrived,
    release: () => release(),
    async close() {
      release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

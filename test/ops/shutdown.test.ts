/**
 * The real product as a child process (Slack HTTP mode against the fake Slack, SQLite):
 * /healthz and /readyz are served with each component's state, a command gets its answer,
 * and SIGTERM or SIGINT sent to the whole process group shuts it down in order: no new
 * commands, the one in flight still answered, exit 0 within 10 s. A second signal, or a
 * shutdown that hangs, ends the process with a non-zero code.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/index.js';
import { type HoldingProxy, startHoldingProxy } from './holding-proxy.js';
import { cleanUp, type LogLine, readyz, removeDir, tempDir, waitUntilReady } from './process.js';
import { startSlackProduct, textOf, USERS } from './slack.js';

/** What the issue allows for a graceful shutdown, from the signal to the exit. */
const SHUTDOWN_LIMIT_MS = 10_000;
const CHANNEL = 'C0SALES';
/** users.info for this person is held by the proxy: their command stays in flight. */
const SLOW = 'U0SLOW';

let fake: FakeSlack;
let dataDir: string;
let proxy: HoldingProxy | undefined;

beforeAll(async () => {
  fake = await startFakeSlack({ users: USERS });
  dataDir = await tempDir('funnelbot-ops-shutdown-');
});
afterEach(async () => {
  await cleanUp();
  await proxy?.close();
  proxy = undefined;
});
afterAll(async () => {
  await fake?.close();
  await removeDir(dataDir);
});

/** Starts the product with its Web API calls through a proxy that holds SLOW's users.info. */
async function start(name: string) {
  proxy = await startHoldingProxy(fake.apiUrl, (method, body) => method === 'users.info' && body.includes(SLOW));
  return startSlackProduct(fake, { SLACK_API_URL: proxy.apiUrl, DATA_DIR: `${dataDir}/${name}` });
}

/** Sends a command from SLOW and waits until the product is stuck inside it. */
async function commandInFlight(text: string): Promise<number> {
  const mark = fake.mark();
  const ack = await fake.slashCommand({ text, user: SLOW, channel: CHANNEL });
  expect(ack.status).toBe(200);
  await proxy!.arrived;
  return mark;
}

const messages = (logs: LogLine[]) => logs.map((l) => l.msg);

describe('process: health checks and graceful shutdown', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`serves /readyz, answers, and on ${signal} to the process group finishes the command in flight and exits 0`, async () => {
      const { proc, healthPort } = await start(signal);

      const ready = await waitUntilReady(healthPort);
      expect(ready.body).toEqual({
        ok: true,
        components: {
          knowledge: { ok: true, detail: expect.stringMatching(/^\d+ topics, \d+ activities$/) },
          store: { ok: true, detail: 'sqlite' },
          slack: { ok: true, detail: 'connected' },
        },
      });
      const alive = await fetch(`http://127.0.0.1:${healthPort}/healthz`);
      expect(alive.status).toBe(200);

      // An ordinary command is answered through its response_url.
      let mark = fake.mark();
      expect((await fake.slashCommand({ text: 'ask what is the funnel', user: 'U0ANA', channel: CHANNEL })).status).toBe(200);
      const answer = await fake.waitForCall('response_url', (c) => c.args._user === 'U0ANA', { after: mark, timeoutMs: 10_000 });
      expect(answer.args.response_type).toBe('in_channel');
      expect(textOf(answer.args).toLowerCase()).toContain('funnel');

      // One command is in flight when the signal arrives.
      mark = await commandInFlight('ask is cold calling sales or marketing?');
      proc.signalGroup(signal);
      const signalledAt = Date.now();
      await proc.waitForLog((l) => l.msg === 'shutdown: finishing work in flight and disconnecting', 'platforms stopping');

      // No longer ready (a load balancer stops sending work) while the health server is still up.
      const draining = await readyz(healthPort);
      expect(draining.status).toBe(503);
      expect(draining.body.components.slack).toEqual({ ok: false, detail: 'shutting down' });

      // New commands are no longer taken: the Slack endpoint stops listening.
      let refused = false;
      for (let i = 0; i < 40 && !refused; i++) {
        refused = await fake.slashCommand({ text: 'ask what is a lead', user: 'U0BO', channel: CHANNEL }).then(
          () => false,
          () => true,
        );
        if (!refused) await new Promise((r) => setTimeout(r, 50));
      }
      expect(refused).toBe(true);
      expect(proc.running()).toBe(true);

      // The command in flight still gets its answer, then the process exits cleanly.
      proxy!.release();
      const late = await fake.waitForCall('response_url', (c) => c.args._user === SLOW, { after: mark, timeoutMs: 8_000 });
      expect(textOf(late.args).toLowerCase()).toContain('sales');
      const exit = await proc.exitWithin(SHUTDOWN_LIMIT_MS - (Date.now() - signalledAt));
      expect(exit).toEqual({ code: 0, signal: null });

      const logged = messages(proc.logs);
      const order = [
        'shutting down: taking no new commands, finishing those in flight',
        'shutdown: handing over quiz rounds',
        'shutdown: finishing work in flight and disconnecting',
        'shutdown: closing storage',
        'shutdown complete',
      ];
      expect(order.map((m) => logged.indexOf(m))).toEqual([...order.map((m) => logged.indexOf(m))].sort((a, b) => a - b));
      expect(order.every((m) => logged.includes(m))).toBe(true);
      expect(proc.logs.find((l) => l.msg === order[0])?.signal).toBe(signal);
      expect(proc.logs.filter((l) => l.level >= 50)).toEqual([]);
    });
  }

  it('ignores the same signal relayed at once by a wrapper, but a later second signal exits at once, non-zero', async () => {
    const { proc, healthPort } = await start('second-signal');
    await waitUntilReady(healthPort);
    await commandInFlight('ask what is marketing');

    proc.signalGroup('SIGTERM');
    await proc.waitForLog((l) => l.msg === 'shutting down: taking no new commands, finishing those in flight', 'shutdown start');
    // A copy right after the first, as npm or tsx relaying the group's signal delivers it
    // (sent once the first was handled: two pending signals would merge into one).
    proc.signalGroup('SIGTERM');
    await proc.waitForLog((l) => l.msg === 'shutdown: finishing work in flight and disconnecting', 'platforms stopping');
    await new Promise((r) => setTimeout(r, 1_200)); // past the echo window
    expect(proc.running()).toBe(true); // still waiting for the held command

    proc.signalGroup('SIGTERM');
    const exit = await proc.exitWithin(3_000);
    expect(exit).toEqual({ code: 1, signal: null });
    expect(messages(proc.logs)).toContain('second signal: exiting now, without finishing');
    expect(messages(proc.logs)).not.toContain('shutdown complete');
  });

  it('does not wait past its grace period for work that never finishes: warns and still exits in time', async () => {
    const { proc, healthPort } = await start('deadline');
    await waitUntilReady(healthPort);
    await commandInFlight('ask what is sales');

    proc.signalGroup('SIGTERM');
    const exit = await proc.exitWithin(SHUTDOWN_LIMIT_MS);
    expect(exit).toEqual({ code: 0, signal: null });
    const abandoned = proc.logs.find((l) => l.msg === 'shutdown: commands still in flight; disconnecting without them');
    expect(abandoned?.level).toBe(40);
    expect(messages(proc.logs)).toContain('shutdown complete');
  }, 20_000);
});

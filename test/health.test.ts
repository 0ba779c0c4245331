import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { type HealthServer, PROBE_FAILED, startHealthServer } from '../src/health.js';

let server: HealthServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const get = async (path: string, host = '127.0.0.1') => {
  const res = await fetch(`http://${host}:${server!.port}${path}`);
  return { status: res.status, body: await res.json() };
};

/** An IPv4 address of this machine other than loopback, if it has one. */
const outsideAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

describe('health server', () => {
  it('answers /healthz while alive and /readyz with each component', async () => {
    let discordUp = false;
    server = await startHealthServer(0, {
      knowledge: () => ({ ok: true }),
      discord: () => ({ ok: discordUp, detail: discordUp ? 'connected' : 'connecting' }),
    });
    expect(await get('/healthz')).toEqual({ status: 200, body: { ok: true } });
    expect(await get('/readyz')).toEqual({
      status: 503,
      body: { ok: false, components: { knowledge: { ok: true }, discord: { ok: false, detail: 'connecting' } } },
    });
    discordUp = true;
    expect((await get('/readyz')).status).toBe(200);
  });

  it('reports a probe that throws as not ready without its error text, which goes to the log instead', async () => {
    const logged: [string, unknown][] = [];
    const secretish = new Error('connect ECONNREFUSED 10.1.2.3:5432 (user funnel, /srv/data/funnelbot.sqlite)');
    server = await startHealthServer(
      0,
      {
        store: async () => {
          throw secretish;
        },
        knowledge: () => ({ ok: true, detail: '14 topics' }),
      },
      { onProbeError: (component, err) => logged.push([component, err]) },
    );
    const res = await fetch(`http://127.0.0.1:${server.port}/readyz`);
    const text = await res.text();
    expect(res.status).toBe(503);
    expect(JSON.parse(text)).toEqual({
      ok: false,
      components: { store: { ok: false, detail: PROBE_FAILED }, knowledge: { ok: true, detail: '14 topics' } },
    });
    expect(text).not.toMatch(/ECONNREFUSED|10\.1\.2\.3|funnelbot\.sqlite|funnel/);
    expect(logged).toEqual([['store', secretish]]);
  });

  it('listens on loopback only unless told otherwise', async () => {
    server = await startHealthServer(0, {});
    expect(server.address).toBe('127.0.0.1');
    expect((await get('/healthz')).status).toBe(200);
    if (outsideAddress) await expect(fetch(`http://${outsideAddress}:${server.port}/healthz`)).rejects.toThrow();
  });

  it('listens on every interface when the operator asks for 0.0.0.0', async () => {
    server = await startHealthServer(0, {}, { host: '0.0.0.0' });
    expect(server.address).toBe('0.0.0.0');
    expect((await get('/healthz')).status).toBe(200);
    if (outsideAddress) expect((await get('/healthz', outsideAddress)).status).toBe(200);
  });

  it('answers unknown paths with 404', async () => {
    server = await startHealthServer(0, {});
    expect((await get('/nope')).status).toBe(404);
  });
});

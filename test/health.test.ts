import { afterEach, describe, expect, it } from 'vitest';
import { type HealthServer, startHealthServer } from '../src/health.js';

let server: HealthServer | undefined;
afterEach(async () => server?.close());

const get = async (path: string) => {
  const res = await fetch(`http://127.0.0.1:${server!.port}${path}`);
  return { status: res.status, body: await res.json() };
};

describe('health server', () => {
  it('answers /healthz while alive and /readyz with each component', async () => {
    let discordUp = false;
    server = await startHealthServer(
      0,
      { knowledge: () => ({ ok: true }), discord: () => ({ ok: discordUp, detail: discordUp ? 'connected' : 'connecting' }) },
      '127.0.0.1',
    );
    expect(await get('/healthz')).toEqual({ status: 200, body: { ok: true } });
    expect(await get('/readyz')).toEqual({
      status: 503,
      body: { ok: false, components: { knowledge: { ok: true }, discord: { ok: false, detail: 'connecting' } } },
    });
    discordUp = true;
    expect((await get('/readyz')).status).toBe(200);
  });

  it('reports a probe that throws as not ready, with its message', async () => {
    server = await startHealthServer(
      0,
      {
        store: async () => {
          throw new Error('connection refused');
        },
      },
      '127.0.0.1',
    );
    expect(await get('/readyz')).toEqual({
      status: 503,
      body: { ok: false, components: { store: { ok: false, detail: 'connection refused' } } },
    });
  });

  it('answers unknown paths with 404', async () => {
    server = await startHealthServer(0, {}, '127.0.0.1');
    expect((await get('/nope')).status).toBe(404);
  });
});

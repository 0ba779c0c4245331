import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ComponentState = { ok: boolean; detail?: string };
export type HealthProbe = () => ComponentState | Promise<ComponentState>;

export interface HealthServer {
  port: number;
  /** The address actually bound. */
  address: string;
  close(): Promise<void>;
}

export interface HealthServerOptions {
  /** Interface to listen on: 127.0.0.1 (this machine only, the default) or 0.0.0.0 (all interfaces). */
  host?: string;
  /** Where a failing probe's error goes; the HTTP answer only says the component is unavailable. */
  onProbeError?: (component: string, err: unknown) => void;
}

/** What /readyz says about a probe that threw: error text can name hosts, files or users, so it goes to the log only. */
export const PROBE_FAILED = 'unavailable (see the log)';

/**
 * `/healthz`: the process is alive. `/readyz`: 200 only when every component is ready
 * (knowledge base, store, each configured platform), with each component's state as JSON.
 */
export async function startHealthServer(
  port: number,
  probes: Record<string, HealthProbe>,
  { host = '127.0.0.1', onProbeError }: HealthServerOptions = {},
): Promise<HealthServer> {
  const server: Server = createServer(async (req, res) => {
    const url = req.url?.split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
      return;
    }
    if (url === '/readyz') {
      const entries = await Promise.all(
        Object.entries(probes).map(async ([name, probe]): Promise<[string, ComponentState]> => {
          try {
            return [name, await probe()];
          } catch (err) {
            onProbeError?.(name, err);
            return [name, { ok: false, detail: PROBE_FAILED }];
          }
        }),
      );
      const components = Object.fromEntries(entries);
      const ok = entries.every(([, s]) => s.ok);
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ ok, components }));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not found: try /healthz or /readyz' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = server.address() as AddressInfo;
  return {
    port: bound.port,
    address: bound.address,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * A raw HTTP client for hostile uploads to the Slack edge: chunked bodies sent as fast as
 * the connection takes them, recording how much got sent before the server answered and
 * closed the connection.
 */
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface UploadResult {
  status: number | undefined;
  /** Body bytes handed to the connection in total. */
  sent: number;
  /** Whether the whole body went out (the server kept reading until the end). */
  finished: boolean;
  /** Milliseconds from the first byte to the response (or the connection's end). */
  ms: number;
}

const CHUNK = Buffer.alloc(64 * 1024, 'a');

/** POSTs `totalBytes` of filler to `/slack/events` in 64 KB chunks (chunked encoding unless `contentLength`). */
export function upload(
  port: number,
  o: {
    totalBytes: number;
    headers?: Record<string, string>;
    contentLength?: boolean;
    /** Stop after this many bytes until `until` resolves (to hold many bodies half-sent at once). */
    pauseAt?: { bytes: number; until: Promise<void> };
  },
): Promise<UploadResult> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    let status: number | undefined;
    let answeredAt: number | undefined;
    let sent = 0;
    let finished = false;
    let stopped = false;
    const req = request({
      host: '127.0.0.1',
      port,
      path: '/slack/events',
      method: 'POST',
      agent: false,
      headers: {
        'content-type': 'application/json',
        ...(o.contentLength ? { 'content-length': String(o.totalBytes) } : { 'transfer-encoding': 'chunked' }),
        ...o.headers,
      },
    });
    const done = () => {
      if (stopped) return;
      stopped = true;
      resolve({ status, sent, finished, ms: (answeredAt ?? performance.now()) - t0 });
    };
    // Keeps sending after the answer: only the server closing the connection stops the upload.
    req.on('response', (res) => {
      status = res.statusCode;
      answeredAt = performance.now();
      res.resume();
    });
    req.on('error', done);
    req.on('close', done);
    let paused = false;
    const pump = () => {
      while (!stopped && sent < o.totalBytes) {
        if (o.pauseAt && !paused && sent >= o.pauseAt.bytes) {
          paused = true;
          void o.pauseAt.until.then(pump);
          return;
        }
        const chunk = CHUNK.subarray(0, Math.min(CHUNK.length, o.totalBytes - sent));
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!stopped && sent >= o.totalBytes) {
        finished = true;
        req.end();
      }
    };
    pump();
  });
}

/**
 * A flood of hostile uploads to `/slack/events`, run as its own process so the server's
 * memory is measured apart from the client's:
 * `node --import tsx scripts/lib/upload-flood.ts <port> <uploads> <MB each> <unsigned|forged>`.
 * Prints one JSON line: statuses, how many uploads the server let finish, and timings.
 */
import { upload } from '../../test/adapters/slack/http-flood.js';

const [port, count, mb, kind] = process.argv.slice(2);
const headers =
  kind === 'forged'
    ? // Well-formed and fresh: passes the header check, so the body is read (up to the limit) and the HMAC fails.
      () => ({ 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)), 'x-slack-signature': `v0=${'0'.repeat(64)}` })
    : () => ({});
const t0 = Date.now();
const results = await Promise.all(
  Array.from({ length: Number(count) }, () => upload(Number(port), { totalBytes: Number(mb) * 1024 * 1024, headers: headers() })),
);
const statuses: Record<string, number> = {};
for (const r of results) statuses[String(r.status)] = (statuses[String(r.status)] ?? 0) + 1;
const answered = results.map((r) => r.ms).sort((a, b) => a - b);
console.log(
  JSON.stringify({
    statuses,
    finished: results.filter((r) => r.finished).length,
    p50Ms: answered[Math.floor(answered.length / 2)],
    maxMs: answered.at(-1),
    totalMs: Date.now() - t0,
  }),
);

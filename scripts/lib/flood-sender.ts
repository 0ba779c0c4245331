/**
 * A load generator in its own process, so its CPU is not charged to the app under test: reads a
 * `FloodJob` as JSON on stdin, POSTs `count` app_mention events from one person (Events API
 * envelopes, signed as Slack does), paced at `perSecond`, and prints `{ acks: ms[], failed }`
 * (time from sending to the HTTP 200) as JSON on stdout.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { appMentionEvent, eventEnvelope, type TeamInfo } from '../../test/fakes/slack/payloads.js';

export interface FloodJob {
  url: string;
  signingSecret: string;
  perSecond: number;
  count: number;
  team: TeamInfo;
  user: string;
  channel: string;
  texts: string[];
}

type Job = FloodJob;

function bodyOf(job: Job, i: number): string {
  const event = appMentionEvent({
    user: job.user,
    channel: job.channel,
    text: `<@${job.team.botUserId}> ${job.texts[i % job.texts.length]}`,
    ts: `1700000000.${String(i).padStart(6, '0')}`,
    team: job.team.teamId,
  });
  return JSON.stringify(eventEnvelope(job.team, { ...event }, `EvFLOOD${String(i).padStart(6, '0')}`, Math.floor(Date.now() / 1000)));
}

async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const job = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Job;
  // Slack opens many connections at once; keep-alive with a generous socket pool is close to that.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const acks: number[] = [];
  let failed = 0;
  const sends: Promise<void>[] = [];
  const bodies = Array.from({ length: job.count }, (_, i) => bodyOf(job, i));
  const t0 = performance.now();
  for (let i = 0; i < bodies.length; i++) {
    const wait = t0 + (i * 1000) / job.perSecond - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const sent = performance.now();
    sends.push(
      post(job, bodies[i]!, agent).then(
        (status) => {
          if (status === 200) acks.push(performance.now() - sent);
          else failed++;
        },
        () => {
          failed++;
        },
      ),
    );
  }
  await Promise.all(sends);
  agent.destroy();
  process.stdout.write(JSON.stringify({ acks, failed }));
}

function post(job: Job, body: string, agent: http.Agent): Promise<number> {
  const ts = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', job.signingSecret).update(`v0:${ts}:${body}`).digest('hex')}`;
  return new Promise((resolve, reject) => {
    const req = http.request(
      job.url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-slack-request-timestamp': String(ts),
          'x-slack-signature': signature,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

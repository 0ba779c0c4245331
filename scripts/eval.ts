/**
 * Scores the question matcher on writers it never saw: leave-one-writer-out.
 *
 *   npm run eval                 # each writer of knowledge/examples/ held out in turn: a table, the mean and the worst writer
 *   npm run eval -- --misses     # also list each held-out writer's misses
 *   npm run eval -- --file f.jsonl   # a measurement-only set (JSON lines), against the matcher trained on everything
 *   npm run eval -- --kb <dir>   # another knowledge folder
 *
 * For each writer (a file in knowledge/examples/), the matcher is trained on everything
 * else in the knowledge base and scores that writer's messages: what a new person's
 * wording gets, not a score on data the matcher learned from. The answers go through the
 * same `answerJson` mapping `npm run ask -- --json` prints.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AnswerJson, answerJson } from '../src/core/answer/json.js';
import { type KnowledgeBase, loadKnowledge } from '../src/core/knowledge/load.js';
import { createMatcher, type MatcherOptions } from '../src/core/matching/index.js';

export interface EvalItem {
  text: string;
  kind: 'topic' | 'activity' | 'neither' | 'off-domain';
  topic?: string | null;
  verdict?: 'sales' | 'marketing' | 'both' | null;
  listed?: boolean;
}

export interface Ratio {
  ok: number;
  of: number;
}

export interface PartScore {
  part: string;
  items: number;
  topic: Ratio;
  topicQuestions: Ratio;
  activityTopic: Ratio;
  verdict: Ratio;
  verdictListed: Ratio;
  verdictUnseen: Ratio;
  neither: Ratio;
  offDomainDeclined: Ratio;
  long: Ratio;
  misses: { item: EvalItem; got: AnswerJson; why: string }[];
}

/** A message of at least this many words counts as long. */
export const LONG_WORDS = 30;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function readItems(file: string): EvalItem[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l) as EvalItem;
      } catch {
        throw new Error(`${file}:${i + 1}: not valid JSON`);
      }
    });
}

/** For a "both" item either side's topic counts. */
function topicOk(item: EvalItem, got: AnswerJson, bothTopics: ReadonlySet<string>): boolean {
  const want = item.topic ?? null;
  if (item.kind === 'activity' && item.verdict === 'both') return got.topic === want || (got.topic !== null && bothTopics.has(got.topic));
  return got.topic === want;
}

export function scorePart(
  part: string,
  items: readonly EvalItem[],
  answer: (text: string) => AnswerJson,
  bothTopics: ReadonlySet<string> = new Set(),
): PartScore {
  const r = (): Ratio => ({ ok: 0, of: 0 });
  const s: PartScore = {
    part,
    items: items.length,
    topic: r(),
    topicQuestions: r(),
    activityTopic: r(),
    verdict: r(),
    verdictListed: r(),
    verdictUnseen: r(),
    neither: r(),
    offDomainDeclined: r(),
    long: r(),
    misses: [],
  };
  const tally = (ratio: Ratio, ok: boolean) => {
    ratio.of++;
    if (ok) ratio.ok++;
  };
  for (const item of items) {
    const got = answer(item.text);
    const tOk = topicOk(item, got, bothTopics);
    tally(s.topic, tOk);
    if (item.text.split(/\s+/).length >= LONG_WORDS) tally(s.long, tOk);
    const why: string[] = [];
    if (!tOk) why.push(`topic ${got.topic} ≠ ${item.topic ?? null}`);
    if (item.kind === 'topic') tally(s.topicQuestions, tOk);
    if (item.kind === 'activity') {
      const vOk = got.verdict === item.verdict;
      tally(s.verdict, vOk);
      if (item.listed !== undefined) tally(item.listed ? s.verdictListed : s.verdictUnseen, vOk);
      tally(s.activityTopic, tOk);
      if (!vOk) why.push(`verdict ${got.verdict} ≠ ${item.verdict}`);
    } else if (got.verdict !== null) {
      why.push(`verdict ${got.verdict} on a non-activity`);
    }
    if (item.kind === 'neither') tally(s.neither, got.topic === null && got.verdict === null);
    if (item.kind === 'off-domain') tally(s.offDomainDeclined, got.topic === null);
    if (why.length) s.misses.push({ item, got, why: why.join('; ') });
  }
  return s;
}

export function rate(r: Ratio): number {
  return r.of === 0 ? Number.NaN : r.ok / r.of;
}

export function pct(r: Ratio): string {
  return r.of === 0 ? '  n/a' : `${(100 * rate(r)).toFixed(1).padStart(5)}`;
}

/** The topics a "both" verdict may be filed under: every side's own topic. */
export function sideTopics(kb: KnowledgeBase): Set<string> {
  const s = kb.distinctions.sides;
  return new Set([s?.sales.topic, s?.marketing.topic, s?.both?.topic].filter((t): t is string => !!t));
}

/** Leave-one-writer-out: each writer scored by a matcher trained without them. */
export function leaveOneWriterOut(kb: KnowledgeBase, options: MatcherOptions = {}): PartScore[] {
  const writers = [...new Set(kb.examples.map((e) => e.writer))].sort();
  return writers.map((writer) => {
    const matcher = createMatcher(kb, { ...options, include: (w) => w !== writer });
    const items = kb.examples.filter((e) => e.writer === writer);
    return scorePart(writer, items, (t) => answerJson(kb, matcher.match(t)), sideTopics(kb));
  });
}

const COLUMNS: [string, (s: PartScore) => Ratio][] = [
  ['topic', (s) => s.topic],
  ['topic q', (s) => s.topicQuestions],
  ['verdict', (s) => s.verdict],
  ['neither', (s) => s.neither],
  ['off-dom', (s) => s.offDomainDeclined],
  ['long', (s) => s.long],
];

export function printTable(scores: readonly PartScore[]): void {
  const name = Math.max(8, ...scores.map((s) => s.part.length));
  console.log(`${'writer'.padEnd(name)}  items  ${COLUMNS.map(([h]) => h.padStart(7)).join(' ')}`);
  for (const s of scores)
    console.log(`${s.part.padEnd(name)}  ${String(s.items).padStart(5)}  ${COLUMNS.map(([, f]) => pct(f(s)).padStart(7)).join(' ')}`);
  if (scores.length < 2) return;
  const mean = COLUMNS.map(([, f]) => {
    const rates = scores.map((s) => rate(f(s))).filter((x) => !Number.isNaN(x));
    return rates.length ? (100 * rates.reduce((a, b) => a + b, 0)) / rates.length : Number.NaN;
  });
  const worst = COLUMNS.map(([, f]) => Math.min(...scores.map((s) => rate(f(s))).filter((x) => !Number.isNaN(x))) * 100);
  const fmt = (x: number) => (Number.isNaN(x) ? '  n/a' : x.toFixed(1)).padStart(7);
  console.log(`${'mean'.padEnd(name)}  ${''.padStart(5)}  ${mean.map(fmt).join(' ')}`);
  console.log(`${'worst'.padEnd(name)}  ${''.padStart(5)}  ${worst.map(fmt).join(' ')}`);
  const worstWriter = [...scores].sort((a, b) => rate(a.topic) - rate(b.topic))[0]!;
  console.log(`worst writer by topic accuracy: ${worstWriter.part} (${pct(worstWriter.topic).trim()}%)`);
}

function printMisses(s: PartScore): void {
  console.log(`\nmisses of ${s.part} (${s.misses.length}):`);
  for (const m of s.misses) {
    console.log(
      `  - [${m.item.kind}${m.item.listed ? ', listed' : ''}] ${JSON.stringify(m.item.text.replace(/\s+/g, ' '))}\n      ${m.why} (confidence ${m.got.confidence})`,
    );
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const kb = await loadKnowledge(path.resolve(opt('--kb') ?? process.env.KNOWLEDGE_DIR ?? path.join(root, 'knowledge')));
  const file = opt('--file');
  const started = performance.now();
  const scores = file
    ? [
        scorePart(
          path.basename(file),
          readItems(path.resolve(file)),
          (
            (m) => (t: string) =>
              answerJson(kb, m.match(t))
          )(createMatcher(kb)),
          sideTopics(kb),
        ),
      ]
    : leaveOneWriterOut(kb);
  console.log(
    file
      ? `${file}, matcher trained on the whole knowledge base (topic, verdict…: % right)\n`
      : 'leave-one-writer-out: each writer scored by a matcher trained without them (% right)\n',
  );
  printTable(scores);
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
  if (args.includes('--misses')) for (const s of scores) printMisses(s);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exitCode = 1;
  });
}

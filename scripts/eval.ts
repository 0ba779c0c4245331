/**
 * Scores the question matcher on the labelled evaluation set.
 *
 *   npm run eval                  # dev, dev2, dev3, dev4, dev5, test, test2 (each when its file exists)
 *   npm run eval -- --part dev2   # one part
 *   npm run eval -- --kb <dir>    # another knowledge folder (default: $KNOWLEDGE_DIR or ./knowledge)
 *   npm run eval -- --file test/core/matching/probes.jsonl   # any file in the same format
 *   npm run eval -- --quiet       # numbers only
 *
 * Parts (test/fixtures/eval/README.md):
 *   - dev, dev2, dev3, dev4, dev5 — TUNING sets (dev5: unlisted activities from many industries). Their misses are printed; change the matcher against these.
 *   - test, test2 — HELD-OUT sets, for measuring only. Only their summary numbers are printed,
 *     never their items, so running the default command does not leak them into tuning.
 *
 * The answers come from the same `answerJson` mapping `npm run ask -- --json` prints, so
 * these numbers are what an outside scorer of the CLI sees.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { answerJson, type AnswerJson } from '../src/core/answer/json.js';
import { loadKnowledge } from '../src/core/knowledge/load.js';
import { createMatcher } from '../src/core/matching/index.js';

export interface EvalItem {
  text: string;
  kind: 'topic' | 'activity' | 'neither' | 'off-domain';
  topic: string | null;
  verdict: 'sales' | 'marketing' | 'both' | null;
  listed?: boolean;
}

export interface PartScore {
  part: string;
  items: number;
  topic: Ratio;
  topicQuestions: Ratio;
  verdictListed: Ratio;
  verdictUnseen: Ratio;
  activityTopic: Ratio;
  neither: Ratio;
  offDomainDeclined: Ratio;
  misses: { item: EvalItem; got: AnswerJson; why: string }[];
}

export interface Ratio {
  ok: number;
  of: number;
}

/** Parts run by default, in order, each only when its file exists. */
const DEFAULT_PARTS = ['dev', 'dev2', 'dev3', 'dev4', 'dev5', 'test', 'test2'];
/** Parts for measuring only (see the header). */
const HELD_OUT = new Set(['test', 'test2']);

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

/** For a "both" item either activity topic counts (see test/fixtures/eval/README.md). */
function topicOk(item: EvalItem, got: AnswerJson): boolean {
  if (item.kind === 'activity' && item.verdict === 'both') {
    return got.topic === item.topic || got.topic === 'sales-activities' || got.topic === 'marketing-activities';
  }
  return got.topic === item.topic;
}

export function scorePart(part: string, items: readonly EvalItem[], answer: (text: string) => AnswerJson): PartScore {
  const r = (): Ratio => ({ ok: 0, of: 0 });
  const s: PartScore = {
    part,
    items: items.length,
    topic: r(),
    topicQuestions: r(),
    verdictListed: r(),
    verdictUnseen: r(),
    activityTopic: r(),
    neither: r(),
    offDomainDeclined: r(),
    misses: [],
  };
  const tally = (ratio: Ratio, ok: boolean) => {
    ratio.of++;
    if (ok) ratio.ok++;
  };
  for (const item of items) {
    const got = answer(item.text);
    const tOk = topicOk(item, got);
    tally(s.topic, tOk);
    const why: string[] = [];
    if (!tOk) why.push(`topic ${got.topic} ≠ ${item.topic}`);
    if (item.kind === 'topic') tally(s.topicQuestions, tOk);
    if (item.kind === 'activity') {
      const vOk = got.verdict === item.verdict;
      tally(item.listed ? s.verdictListed : s.verdictUnseen, vOk);
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

export function pct(r: Ratio): string {
  return r.of === 0 ? '   n/a' : `${((100 * r.ok) / r.of).toFixed(1).padStart(5)}% (${r.ok}/${r.of})`;
}

function printPart(s: PartScore, showMisses: boolean): void {
  console.log(`\n== ${s.part} (${s.items} items)`);
  console.log(`topic accuracy (all items)          ${pct(s.topic)}`);
  console.log(`  topic questions                   ${pct(s.topicQuestions)}`);
  console.log(`  activity questions (topic)        ${pct(s.activityTopic)}`);
  console.log(`verdict accuracy, listed activities ${pct(s.verdictListed)}`);
  console.log(`verdict accuracy, unseen activities ${pct(s.verdictUnseen)}`);
  console.log(`"neither" recognised                ${pct(s.neither)}`);
  console.log(`off-domain correctly declined       ${pct(s.offDomainDeclined)}`);
  if (!showMisses) return;
  console.log(`misses (${s.misses.length}):`);
  for (const m of s.misses) {
    const text = m.item.text.replace(/\s+/g, ' ');
    console.log(`  - [${m.item.kind}${m.item.listed ? ', listed' : ''}] ${JSON.stringify(text)}\n      ${m.why} (confidence ${m.got.confidence})`);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const kbDir = path.resolve(opt('--kb') ?? process.env.KNOWLEDGE_DIR ?? path.join(root, 'knowledge'));
  const file = opt('--file');
  const partFile = (part: string) => path.join(root, 'test/fixtures/eval', `${part}.jsonl`);
  const parts = file ? [path.resolve(file)] : opt('--part') ? [opt('--part')!] : DEFAULT_PARTS.filter((p) => existsSync(partFile(p)));
  const kb = await loadKnowledge(kbDir);
  const matcher = createMatcher(kb);
  const answer = (text: string) => answerJson(kb, matcher.match(text));
  for (const part of parts) {
    const items = readItems(file ? part : partFile(part));
    // Held-out parts report numbers only: reading their misses would turn them into tuning data.
    const showMisses = !args.includes('--quiet') && (file !== undefined || !HELD_OUT.has(part));
    printPart(scorePart(file ? path.basename(part) : part, items, answer), showMisses);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}

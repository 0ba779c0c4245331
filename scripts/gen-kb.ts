/**
 * Synthetic knowledge bases for scale tests of the matcher.
 *
 *   npx tsx scripts/gen-kb.ts --topics 10000 --out /tmp/kb-10k [--seed 1] [--kb knowledge]
 *
 * The result keeps every shipped topic and activity unchanged and adds generated topics
 * until there are `--topics` in all. Generated topics recombine the shipped vocabulary:
 * titles and keywords are word runs taken from shipped titles and keywords, and examples,
 * answers and side texts are walks of a word-bigram chain trained on the shipped
 * example questions and answers. So they use the same words as the real topics (the
 * hardest kind of distractor for retrieval); none repeats a shipped question or keyword
 * verbatim, so the shipped evaluation questions still have one right answer, which lets the benchmark check accuracy at scale too.
 * Deterministic for a given seed. `--out` writes a knowledge folder the loader accepts
 * (`npm run ask -- --kb <out>`); the benchmark calls `generateKnowledge` in memory.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { type KnowledgeBase, makeKnowledgeBase } from '../src/core/knowledge/load.js';
import type { Topic } from '../src/core/knowledge/schema.js';
import { isStopWord, stem, surfaceWords } from '../src/core/matching/analyse.js';
import { seededRandom } from '../src/core/quiz/random.js';

const tokens = (s: string) => s.toLowerCase().match(/[a-z0-9']+/g) ?? [];

/** A word-bigram chain: from each word, the words that follow it in the shipped text. */
class Chain {
  private readonly next = new Map<string, string[]>();
  private readonly starts: string[] = [];

  constructor(sentences: readonly string[]) {
    for (const s of sentences) {
      const w = tokens(s);
      if (w.length === 0) continue;
      this.starts.push(w[0]!);
      for (let i = 0; i < w.length; i++) {
        const key = w[i]!;
        const list = this.next.get(key) ?? [];
        list.push(w[i + 1] ?? '');
        this.next.set(key, list);
      }
    }
  }

  walk(rand: () => number, min: number, max: number): string {
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    const out = [pick(this.starts)];
    while (out.length < max) {
      const options = this.next.get(out[out.length - 1]!) ?? [''];
      let w = pick(options);
      if (w === '') {
        if (out.length >= min) break;
        w = pick(this.starts);
      }
      out.push(w);
    }
    return out.join(' ');
  }
}

/** `base` plus generated topics up to `total` topics. */
export function generateKnowledge(base: KnowledgeBase, total: number, seed = 1): KnowledgeBase {
  const rand = seededRandom(seed); // reproducible runs
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const questions = new Chain(base.topics.flatMap((t) => t.examples));
  const prose = new Chain(base.topics.flatMap((t) => [t.answer, t.sales, t.marketing].flatMap((p) => p.split(/(?<=[.!?])\s+/))));
  const labels = base.topics
    .flatMap((t) => [t.title, ...t.keywords.map(String)])
    .map(tokens)
    .filter((w) => w.length > 0);
  // A generated text that merely repeats a shipped question or keyword would make the right
  // answer ambiguous by construction; real knowledge bases don't file one question twice.
  // (Compared by content words, so "whats the funnel" repeats "what's the funnel thing".)
  const key = (s: string) =>
    surfaceWords(s)
      .filter((w) => !isStopWord(w))
      .map(stem)
      .join(' ');
  const shipped = new Set(base.topics.flatMap((t) => [t.title, ...t.keywords.map(String), ...t.examples]).map(key));
  const fresh = (make: () => string) => {
    for (let tries = 0; tries < 20; tries++) {
      const text = make();
      if (!shipped.has(key(text))) return text;
    }
    return `${make()} ${pick(labels).join(' ')}`;
  };
  const run = (min: number, max: number) => {
    const words = pick(labels);
    const extra = pick(labels);
    const all = [...words, ...extra];
    const start = Math.floor(rand() * Math.max(1, all.length - min));
    return all.slice(start, start + min + Math.floor(rand() * (max - min + 1))).join(' ') || pick(labels).join(' ');
  };

  const topics: Topic[] = [...base.topics];
  for (let i = base.topics.length; i < total; i++) {
    const id = `synthetic-${String(i).padStart(6, '0')}`;
    const sentence = (n: number) => Array.from({ length: n }, () => `${prose.walk(rand, 6, 18)}.`).join(' ');
    topics.push({
      id,
      title: fresh(() => run(2, 4)),
      answer: sentence(3),
      sales: sentence(1),
      marketing: sentence(1),
      related: [pick(base.topics).id],
      keywords: Array.from({ length: 3 + Math.floor(rand() * 6) }, () => fresh(() => run(1, 3))),
      examples: Array.from({ length: 8 + Math.floor(rand() * 8) }, () => fresh(() => questions.walk(rand, 3, 14))),
      quiz: Array.from({ length: 4 }, (_, k) => ({
        type: 'truefalse' as const,
        statement: `Generated statement ${k + 1} for ${id}.`,
        answer: k % 2 === 0,
        misconception: 'Synthetic topic used only for scale tests.',
        explanation: 'Synthetic topic used only for scale tests.',
        source: 'general' as const,
      })),
    });
  }
  return makeKnowledgeBase({ ...base, topics });
}

/** Writes `kb` as a knowledge folder (the shipped files other than topics are copied from `from`). */
export function writeKnowledge(kb: KnowledgeBase, dir: string, from: string): void {
  mkdirSync(path.join(dir, 'topics'), { recursive: true });
  for (const t of kb.topics) writeFileSync(path.join(dir, 'topics', `${t.id}.yaml`), stringify(t));
  writeFileSync(path.join(dir, 'activities.yaml'), stringify({ activities: kb.activities }));
  for (const f of ['out-of-scope.yaml', 'functions.yaml', 'distinctions.yaml', 'vocabulary.yaml', 'calibration.yaml']) {
    if (existsSync(path.join(from, f))) copyFileSync(path.join(from, f), path.join(dir, f));
  }
  if (existsSync(path.join(from, 'examples'))) cpSync(path.join(from, 'examples'), path.join(dir, 'examples'), { recursive: true });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string, fallback?: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const total = Number(opt('--topics', '1000'));
  const out = opt('--out');
  const seed = Number(opt('--seed', '1'));
  if (!Number.isInteger(total) || total < 1 || !out || !Number.isInteger(seed)) {
    console.error('usage: npx tsx scripts/gen-kb.ts --topics <n> --out <dir> [--seed <int>] [--kb <shipped knowledge dir>]');
    process.exitCode = 2;
    return;
  }
  const { loadKnowledge } = await import('../src/core/knowledge/load.js');
  const base = await loadKnowledge(opt('--kb', 'knowledge')!);
  const kb = generateKnowledge(base, total, seed);
  writeKnowledge(kb, out, opt('--kb', 'knowledge')!);
  console.log(`wrote ${kb.topics.length} topics (${base.topics.length} shipped) and ${kb.activities.length} activities to ${out}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}

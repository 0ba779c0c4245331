/**
 * Chooses the matcher's thresholds by leave-one-writer-out cross-validation and writes
 * them to knowledge/calibration.yaml. No threshold is set by hand.
 *
 *   npm run calibrate               # knowledge/ (or $KNOWLEDGE_DIR)
 *   npm run calibrate -- --kb <dir> --dry-run
 *
 * Each writer of knowledge/examples/ is held out in turn; the matcher trained on the rest
 * reads that writer's messages once per candidate mixing weight. The decision thresholds
 * are then chosen by coordinate search for the best mean over writers of topic accuracy
 * plus half the verdict accuracy, plus a quarter of the share of questions that reach a topic
 * simulated as new (its labelled examples removed). Three are set by what they mean rather
 * than by the score:
 * - doubtThreshold: below it, verdicts decided by the model alone were right less than half the time;
 * - ambiguityMargin: top two topics closer than it were right less than half the time;
 * - otherQuestion: the confidence from which topic answers were right at least 80% of the time.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { answerJson } from '../src/core/answer/json.js';
import { loadKnowledge } from '../src/core/knowledge/load.js';
import { type Calibration, NEUTRAL_CALIBRATION } from '../src/core/matching/calibration.js';
import { type Candidate, decide, readMessage } from '../src/core/matching/index.js';
import { MatcherModel } from '../src/core/matching/model.js';
import type { MatchResult } from '../src/core/matching/types.js';
import { type EvalItem, rate, scorePart, sideTopics } from './eval.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const kbDir = path.resolve(
  args[args.indexOf('--kb') + 1] && args.includes('--kb')
    ? args[args.indexOf('--kb') + 1]!
    : (process.env.KNOWLEDGE_DIR ?? path.join(root, 'knowledge')),
);
const kb = await loadKnowledge(kbDir);
const bothTopics = sideTopics(kb);

const ALPHAS = [0.3, 0.45, 0.6, 0.75, 0.9];
const GRID: Partial<Record<keyof Calibration, number[]>> = {
  activityBias: [0.5, 0.67, 0.8, 1, 1.25, 1.5, 2, 2.5, 3, 4],
  outThreshold: range(0.25, 0.75, 0.025),
  confidenceFloor: range(0, 0.35, 0.025),
  frameThreshold: range(0.05, 0.7, 0.025),
  listedSimilarity: range(0.5, 0.98, 0.02),
};

interface Fold {
  writer: string;
  model: MatcherModel;
  items: EvalItem[];
  /** readings[alphaIndex][item] */
  readings: Candidate[][][];
}

const started = performance.now();
const writers = [...new Set(kb.examples.map((e) => e.writer))].sort();
const folds: Fold[] = writers.map((writer) => {
  const model = MatcherModel.train(kb, (w) => w !== writer);
  const items = kb.examples.filter((e) => e.writer === writer);
  return { writer, model, items, readings: ALPHAS.map((a) => items.map((i) => readMessage(model, i.text, a))) };
});
console.log(`${folds.length} writers read in ${((performance.now() - started) / 1000).toFixed(1)} s`);

/**
 * A trainer's new topic, simulated: every third topic in turn loses all its labelled
 * examples (only its own file's examples stay), and the labelled questions about it must
 * still reach it. This keeps the thresholds from favouring topics that have many examples.
 */
/** How much the new-topic reach counts against the writers' accuracy (it must not buy reach with wrong answers to everyone else). */
const NEW_TOPIC_WEIGHT = 0.25;
const NEW_TOPICS = kb.topics.map((t) => t.id).filter((_, i) => i % 3 === 0);
const newTopicFolds: Fold[] = NEW_TOPICS.map((topic) => {
  const model = MatcherModel.train(kb, (_w, e) => e.topic !== topic);
  const items = kb.examples.filter((e) => e.kind === 'topic' && e.topic === topic);
  return { writer: `new:${topic}`, model, items, readings: ALPHAS.map((a) => items.map((i) => readMessage(model, i.text, a))) };
});
console.log(`${newTopicFolds.length} topics simulated as new in ${((performance.now() - started) / 1000).toFixed(1)} s`);

function newTopicReach(cal: Calibration): number {
  const a = ALPHAS.indexOf(cal.alpha);
  let ok = 0;
  let of = 0;
  for (const fold of newTopicFolds) {
    fold.items.forEach((item, i) => {
      of++;
      if (decide(fold.model, cal, fold.readings[a]![i]!).topic === item.topic) ok++;
    });
  }
  return of ? ok / of : 0;
}

function results(cal: Calibration): { fold: Fold; item: EvalItem; result: MatchResult }[][] {
  const a = ALPHAS.indexOf(cal.alpha);
  return folds.map((fold) => fold.items.map((item, i) => ({ fold, item, result: decide(fold.model, cal, fold.readings[a]![i]!) })));
}

function objective(cal: Calibration): number {
  let total = 0;
  for (const rows of results(cal)) {
    const byText = new Map(rows.map((r) => [r.item.text, r.result]));
    const s = scorePart(
      '',
      rows.map((r) => r.item),
      (t) => answerJson(kb, byText.get(t)!),
      bothTopics,
    );
    total += rate(s.topic) + 0.5 * (Number.isNaN(rate(s.verdict)) ? 0 : rate(s.verdict));
  }
  return total / folds.length + NEW_TOPIC_WEIGHT * newTopicReach(cal);
}

let cal: Calibration = { ...NEUTRAL_CALIBRATION, doubtThreshold: 0, ambiguityMargin: 0 };
let best = objective(cal);
for (let pass = 0; pass < 3; pass++) {
  let changed = false;
  for (const [key, values] of [['alpha', ALPHAS] as const, ...(Object.entries(GRID) as [keyof Calibration, number[]][])]) {
    for (const v of values) {
      const next = { ...cal, [key]: v };
      const score = objective(next);
      if (score > best + 1e-9) {
        best = score;
        cal = next;
        changed = true;
      }
    }
  }
  console.log(`pass ${pass + 1}: objective ${best.toFixed(4)} ${JSON.stringify(cal)}`);
  if (!changed) break;
}

// The three set by what they mean.
const rows = results(cal).flat();
const modelVerdicts = rows
  .filter((r) => r.item.kind === 'activity' && r.result.activity?.basis === 'model' && r.result.verdict !== null)
  .map((r) => ({ p: r.result.activity!.sideProbability ?? 0, ok: r.result.verdict === r.item.verdict }));
cal.doubtThreshold = lowestReliable(modelVerdicts, 0.5);
const topicAnswers = rows.filter((r) => r.result.kind === 'topic');
const margins = topicAnswers.map((r) => ({ p: margin(r.fold, r.item, cal), ok: r.result.topic === r.item.topic }));
cal.ambiguityMargin = lowestReliable(margins, 0.5);
cal.otherQuestion = lowestReliable(
  topicAnswers.map((r) => ({ p: r.result.confidence, ok: r.result.topic === r.item.topic })),
  0.8,
);
console.log(`final: objective ${objective(cal).toFixed(4)} ${JSON.stringify(cal)}`);

/** The smallest value v such that items scoring below v were right less often than `accuracy`, and those above at least as often. */
function lowestReliable(points: { p: number; ok: boolean }[], accuracy: number): number {
  const sorted = [...points].sort((a, b) => a.p - b.p);
  let cut = 0;
  let ok = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i]!.ok) ok++;
    // Below index i+1 the share right is ok/(i+1); the cut moves up while that stays under `accuracy`.
    if (i >= 4 && ok / (i + 1) < accuracy) cut = sorted[i]!.p;
  }
  return round(cut);
}

function margin(fold: Fold, item: EvalItem, c: Calibration): number {
  const a = ALPHAS.indexOf(c.alpha);
  const topics = fold.readings[a]![fold.items.indexOf(item)]![0]!.reading.topics;
  return (topics[0]?.p ?? 0) - (topics[1]?.p ?? 0);
}

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let x = from; x <= to + 1e-9; x += step) out.push(round(x));
  return out;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

const file = path.join(kbDir, 'calibration.yaml');
const text =
  `# Written by \`npm run calibrate\` from leave-one-writer-out cross-validation over knowledge/examples/ (${folds.length} writers).\n` +
  `# Do not edit by hand: change the knowledge, then run the script again. Objective (mean over writers of topic\n` +
  `# accuracy + half the verdict accuracy + a quarter of the new-topic reach): ${best.toFixed(4)}; new-topic reach ${newTopicReach(cal).toFixed(3)}.\n` +
  Object.entries(cal)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n') +
  '\n';
if (args.includes('--dry-run')) console.log(text);
else {
  writeFileSync(file, text);
  console.log(`wrote ${path.relative(process.cwd(), file)} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

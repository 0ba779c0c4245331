/**
 * Ask the bot one question from the terminal, or many through stdin.
 *
 *   npm run ask -- "is cold calling sales or marketing?"      plain text
 *   npm run -s ask -- --json "what is the funnel?"             one JSON object
 *   printf 'q1\nq2\n' | npm run -s ask -- --json               one JSON line per input line
 *
 * `--kb <dir>` (or KNOWLEDGE_DIR) picks another knowledge folder; FUNNELBOT_NO_CACHE=1 skips
 * the knowledge snapshot (see kb-cache.ts) and FUNNELBOT_CACHE_DIR moves it. stdout carries only
 * answers; problems go to stderr. Imports stay lean (no platform SDKs, no logger) so
 * the first answer comes quickly.
 */
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { flattenText } from '../contract/reply.js';
import { composeAnswer } from '../core/answer/compose.js';
import { answerJson, spellPlain } from '../core/answer/json.js';
import type { KnowledgeBase } from '../core/knowledge/load.js';
import type { Matcher } from '../core/matching/types.js';
import { loadMatcherCached } from './kb-cache.js';

const USAGE = `usage: npm run ask -- [--json] [--kb <dir>] ["question"]
  without a question, questions are read from stdin, one per line`;

interface Options {
  json: boolean;
  kb: string;
  question?: string;
}

function parseArgs(argv: readonly string[]): Options | string {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  let json = false;
  let kb = process.env.KNOWLEDGE_DIR ? path.resolve(process.env.KNOWLEDGE_DIR) : path.join(root, 'knowledge');
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (a === '--kb') {
      const dir = argv[++i];
      if (!dir) return '--kb needs a folder';
      kb = path.resolve(dir);
    } else if (a === '--help' || a === '-h') return USAGE;
    else if (a === '--') continue;
    else words.push(a);
  }
  const question = words.join(' ');
  return { json, kb, question: words.length > 0 ? question : undefined };
}

/** The reply as plain text: title, answer, the side-by-side comparison, suggestions, footer. */
export function renderText(kb: KnowledgeBase, matcher: Matcher, question: string): string {
  const reply = composeAnswer(kb, matcher.match(question), question);
  const lines: string[] = [];
  if (reply.title) lines.push(reply.title, '');
  lines.push(flattenText(reply.body, spellPlain).trim());
  if (reply.comparison) lines.push('', `Sales: ${reply.comparison.sales}`, `Marketing: ${reply.comparison.marketing}`);
  if (reply.suggestions?.length) {
    lines.push('', 'See also:');
    for (const s of reply.suggestions) lines.push(`  - ${s.title} (${spellPlain({ command: 'explain', args: s.topic })})`);
  }
  const footer = flattenText(reply.footer, spellPlain).trim();
  if (footer) lines.push('', footer);
  return lines.join('\n');
}

function answerLine(kb: KnowledgeBase, matcher: Matcher, question: string, json: boolean): string {
  return json ? JSON.stringify(answerJson(kb, matcher.match(question))) : `${renderText(kb, matcher, question)}\n`;
}

/** Answers every stdin line in order; output is written in batches (10,000 lines must stay fast). */
async function answerStdin(kb: KnowledgeBase, matcher: Matcher, json: boolean): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let batch: string[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const text = `${batch.join('\n')}\n`;
    batch = [];
    if (!process.stdout.write(text)) await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
  };
  for await (const line of lines) {
    batch.push(answerLine(kb, matcher, line, json));
    if (batch.length >= 256) await flush();
  }
  await flush();
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  if (typeof opts === 'string') {
    process.stderr.write(`${opts}\n`);
    return opts === USAGE ? 0 : 2;
  }
  let kb: KnowledgeBase;
  let matcher: Matcher;
  try {
    const cacheDir = process.env.FUNNELBOT_NO_CACHE ? null : (process.env.FUNNELBOT_CACHE_DIR ?? undefined);
    ({ kb, matcher } = await loadMatcherCached(opts.kb, cacheDir));
  } catch (err) {
    // KnowledgeError lists every problem; it is not imported here to keep the fast path free of the YAML parser.
    const named = err instanceof Error && err.name === 'KnowledgeError';
    process.stderr.write(`${named ? (err as Error).message : `cannot load the knowledge base: ${String(err)}`}\n`);
    return 1;
  }
  if (opts.question !== undefined) {
    process.stdout.write(`${answerLine(kb, matcher, opts.question, opts.json)}\n`);
    return 0;
  }
  if (process.stdin.isTTY && !opts.json) process.stderr.write('Type a question per line (Ctrl-D to end).\n');
  await answerStdin(kb, matcher, opts.json);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`ask failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);

import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadKnowledgeCached } from '../../src/cli/kb-cache.js';

const root = path.resolve('.');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'funnelbot-ask-'));

afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

function ask(
  args: string[],
  input?: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, ['src/cli/ask.ts', ...args], { cwd: root, env: { ...process.env, FUNNELBOT_CACHE_DIR: cacheDir, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

const KEYS = ['answer', 'confidence', 'suggestions', 'topic', 'verdict'];

describe('npm run ask', () => {
  it('prints a plain-text answer for one question', async () => {
    const r = await ask(['what is the funnel?']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Sales:');
    expect(r.stdout).toContain('Marketing:');
    expect(r.stdout).toContain('/explain');
    expect(() => JSON.parse(r.stdout)).toThrow();
  });

  it('prints exactly one JSON object with --json', async () => {
    const r = await ask(['--json', 'is', 'cold', 'calling', 'sales', 'or', 'marketing?']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const json = JSON.parse(lines[0]!);
    expect(Object.keys(json).sort()).toEqual(KEYS);
    expect(json).toMatchObject({ verdict: 'sales' });
    expect(typeof json.topic).toBe('string');
  });

  it('answers stdin line by line with --json: one JSON line per input line, in order, nothing else', async () => {
    const input = [
      'what is marketing',
      '',
      'is payroll sales or marketing',
      "what's the weather today?",
      'is seo sales or marketing\r',
    ].join('\n');
    // Run twice: the first run builds the knowledge snapshot, the second reads it; both must answer the same.
    for (let run = 0; run < 2; run++) {
      const r = await ask(['--json'], `${input}\n`);
      expect(r.code).toBe(0);
      const lines = r.stdout.split('\n');
      expect(lines.pop()).toBe('');
      expect(lines).toHaveLength(5);
      const answers = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      for (const a of answers) expect(Object.keys(a).sort()).toEqual(KEYS);
      expect(answers[0]).toMatchObject({ topic: 'what-is-marketing', verdict: null });
      expect(answers[1]).toMatchObject({ topic: null, verdict: null });
      expect(answers[2]).toMatchObject({ topic: null, verdict: null });
      expect(answers[3]).toMatchObject({ topic: null, verdict: null });
      expect(answers[4]).toMatchObject({ verdict: 'marketing' });
    }
  });

  it('reports a broken knowledge folder on stderr only, with a failing exit code', async () => {
    const r = await ask(['--json', '--kb', path.join(cacheDir, 'missing'), 'what is marketing'], undefined, { FUNNELBOT_NO_CACHE: '1' });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/knowledge/i);
  });
});

describe('knowledge snapshot', () => {
  it('is written on first load, read afterwards, and replaced when a knowledge file changes', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'funnelbot-kb-'));
    const snapshots = path.join(dir, 'cache');
    try {
      cpSync(path.resolve('knowledge'), path.join(dir, 'knowledge'), { recursive: true });
      const kbDir = path.join(dir, 'knowledge');
      const first = await loadKnowledgeCached(kbDir, snapshots);
      expect(readdirSync(snapshots).filter((f) => f.endsWith('.json'))).toHaveLength(1);
      const again = await loadKnowledgeCached(kbDir, snapshots);
      expect(again.topics).toEqual(first.topics);
      expect(again.byId.get('funnel')).toEqual(first.byId.get('funnel'));

      const file = path.join(kbDir, 'topics', 'funnel.yaml');
      const yaml = readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: The funnel, renamed for this test');
      writeFileSync(file, yaml);
      const changed = await loadKnowledgeCached(kbDir, snapshots);
      expect(changed.byId.get('funnel')?.title).toBe('The funnel, renamed for this test');
      expect(readdirSync(snapshots).filter((f) => f.endsWith('.json'))).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

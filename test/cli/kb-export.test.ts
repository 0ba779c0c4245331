import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type KnowledgeAddition, teamTopicId } from '../../src/core/knowledge/additions.js';
import { type AdditionSource, exportAdditions, readAdditions } from '../../src/core/knowledge/export.js';
import { applyAdditions, planAdditions } from '../../src/core/knowledge/layer.js';
import { type KnowledgeBase, KnowledgeError, loadKnowledge } from '../../src/core/knowledge/load.js';
import { appendToList } from '../../src/core/knowledge/yaml-edit.js';

const root = path.resolve('.');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

function run(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [script, ...args], { cwd: root, env: { ...process.env, FUNNELBOT_NO_CACHE: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Whether `after` is `before` with `block` inserted at one place: every byte of the old file (comments, wrapping) is kept. */
function isInsertion(before: string, after: string, block: string): boolean {
  for (let at = after.indexOf(block); at >= 0; at = after.indexOf(block, at + 1))
    if (before.slice(0, at) + block + before.slice(at) === after) return true;
  return false;
}

describe('appendToList', () => {
  const SOURCE = `# head comment
id: x
answer: >-
  a folded answer that a printer
  would wrap differently
examples:
  - one   # why one
  - "two: quoted"
  # a trailing comment
quiz: []
`;

  it('inserts after the last item, indented like it, and keeps every other byte', () => {
    const out = appendToList(SOURCE, ['examples'], ['three: colon', 'four #hash', 'five'], 'From chat');
    expect(isInsertion(SOURCE, out, '  # From chat\n  - "three: colon"\n  - "four #hash"\n  - five\n')).toBe(true);
    expect(out).toContain('  - "two: quoted"\n  # From chat\n');
  });

  it('appends to a list inside a list item, and at the end of a file without a final line break', () => {
    const src = 'answers:\n  - id: a\n    examples:\n      - q one\n  - id: b\n    examples:\n      - q two';
    const out = appendToList(src, ['answers', 0, 'examples'], ['q three']);
    expect(isInsertion(src, out, '      - q three\n')).toBe(true);
    expect(appendToList(src, ['answers', 1, 'examples'], ['q four'])).toBe(`${src}\n      - q four\n`);
    expect(appendToList(src, ['answers'], [{ id: 'c', answer: 'line 1\nline 2', examples: ['x y z'] }])).toBe(
      `${src}\n  - id: c\n    answer: |-\n      line 1\n      line 2\n    examples:\n      - x y z\n`,
    );
  });

  it('turns a flow-style or empty list into a block list, keeping the comments', () => {
    const out = appendToList('# keep me\nexamples: [a, b] # and me\n', ['examples'], ['c']);
    expect(out).toContain('# keep me');
    expect(out).toContain('# and me');
    expect(out).toMatch(/- a\n\s+- b\n\s+- c/);
  });

  it('refuses what is not a list', () => {
    expect(() => appendToList('examples: text\n', ['examples'], ['x'])).toThrow('`examples` is not a list');
  });
});

const DAY = Date.UTC(2026, 11, 6, 14, 30);
const base = { platform: 'slack' as const, workspaceId: 'T1', createdAt: DAY, author: 'Ana Lopez' };
const ADDITIONS: KnowledgeAddition[] = [
  { ...base, id: 1, kind: 'example', topic: 'funnel', text: 'is the funnel: a sales thing or a marketing thing?' },
  { ...base, id: 2, kind: 'example', topic: 'funnel', text: 'Where does sales sit in the funnel?' },
  { ...base, id: 3, kind: 'example', topic: 'four-ps', text: 'what are the 4 ps again # asking for a friend' },
  { ...base, id: 4, kind: 'out-of-scope', text: 'who took my stapler' },
  { ...base, id: 5, kind: 'out-of-scope', text: "My laptop won't connect to the VPN!" },
  {
    ...base,
    id: 6,
    kind: 'answer',
    topic: teamTopicId(6),
    title: 'Expense claims',
    text: 'Finance handles expense claims.\nUse the expenses form: it is on the intranet.',
    examples: ['how do i claim expenses', 'where is the expense form'],
  },
  { ...base, id: 7, kind: 'example', topic: teamTopicId(6), text: 'can i claim my train ticket' },
  { ...base, id: 8, kind: 'example', topic: 'no-such-topic', text: 'a question for a deleted topic' },
];

describe('exportAdditions (npm run kb:export) on a copy of knowledge/', () => {
  let dir: string;
  let baseline: KnowledgeBase;
  const files = async () => {
    const out = new Map<string, string>();
    for (const name of await readdir(dir, { recursive: true })) {
      if (/\.ya?ml$/.test(name)) out.set(name, await readFile(path.join(dir, name), 'utf8'));
    }
    return out;
  };

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kb-export-'));
    await cp('knowledge', dir, { recursive: true });
    baseline = await loadKnowledge(dir);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes what the layer adds; the files then load to what the layer gave, and re-applying adds nothing', async () => {
    const before = await files();
    const layered = applyAdditions(baseline, ADDITIONS);
    const { changes, plan } = await exportAdditions(dir, ADDITIONS);
    expect(changes.map((c) => [path.relative(dir, c.file), c.created])).toEqual([
      ['topics/funnel.yaml', false],
      ['topics/four-ps.yaml', false],
      ['out-of-scope.yaml', false],
      ['team-answers.yaml', true],
    ]);
    expect(plan.skipped.map((s) => [s.addition.id, s.reason])).toEqual([
      [2, 'already there'],
      [5, 'already there'],
      [8, 'unknown topic'],
    ]);

    const loaded = await loadKnowledge(dir);
    expect(loaded.topics).toEqual(layered.topics);
    expect(loaded.outOfScope).toEqual(layered.outOfScope);
    expect(loaded.byId.get('team-6')).toMatchObject({
      title: 'Expense claims',
      answer: 'Finance handles expense claims.\nUse the expenses form: it is on the intranet.',
      examples: ['how do i claim expenses', 'where is the expense form', 'can i claim my train ticket'],
      team: { author: 'Ana Lopez', createdAt: DAY },
    });

    const again = applyAdditions(loaded, ADDITIONS);
    expect(again.topics).toEqual(loaded.topics);
    expect(again.outOfScope).toEqual(loaded.outOfScope);
    expect(again.examples).toEqual(loaded.examples);
    const replan = planAdditions(loaded, ADDITIONS);
    expect([replan.examples, replan.outOfScope, replan.answers]).toEqual([[], [], []]);

    // Only insertions: every comment and every folded line of the edited files is still there.
    const after = await files();
    for (const [name, text] of before) {
      if (name === 'topics/funnel.yaml')
        expect(
          isInsertion(
            text,
            after.get(name)!,
            '  # Added in chat (npm run kb:export)\n  - "is the funnel: a sales thing or a marketing thing?"\n',
          ),
        ).toBe(true);
      else if (name === 'topics/four-ps.yaml')
        expect(
          isInsertion(
            text,
            after.get(name)!,
            '  # Added in chat (npm run kb:export)\n  - "what are the 4 ps again # asking for a friend"\n',
          ),
        ).toBe(true);
      else if (name === 'out-of-scope.yaml')
        expect(isInsertion(text, after.get(name)!, '  # Added in chat (npm run kb:export)\n  - who took my stapler\n')).toBe(true);
      else expect(after.get(name), name).toBe(text);
    }
    expect(after.get('team-answers.yaml')).toMatch(
      /^# Team answers:[^\n]*\n(#[^\n]*\n)*answers:\n {2}- id: team-6\n {4}title: Expense claims\n/,
    );
    expect(after.get('team-answers.yaml')).toContain('    author: Ana Lopez\n    created: 2026-12-06T14:30:00.000Z\n');
  });

  it('changes nothing the second time, and kb:check passes', async () => {
    await exportAdditions(dir, ADDITIONS);
    const once = await files();
    const second = await exportAdditions(dir, ADDITIONS);
    expect(second.changes).toEqual([]);
    expect(await files()).toEqual(once);

    const check = await run('scripts/kb-check.ts', [dir]);
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/OK — 14 topics, .*, 1 team answer\.\n$/);
  });

  it('adds later examples of an exported team answer to its entry', async () => {
    await exportAdditions(dir, ADDITIONS);
    const later: KnowledgeAddition = { ...base, id: 9, kind: 'example', topic: 'team-6', text: 'do taxis count as expenses' };
    const { changes } = await exportAdditions(dir, [...ADDITIONS, later]);
    expect(changes.map((c) => [path.relative(dir, c.file), c.added])).toEqual([
      ['team-answers.yaml', ['example "do taxis count as expenses"']],
    ]);
    expect((await loadKnowledge(dir)).byId.get('team-6')!.examples.at(-1)).toBe('do taxis count as expenses');
  });

  it('with dryRun says what it would add and writes nothing', async () => {
    const before = await files();
    const { changes } = await exportAdditions(dir, ADDITIONS, { dryRun: true });
    expect(changes.flatMap((c) => c.added)).toEqual([
      'example "is the funnel: a sales thing or a marketing thing?"',
      'example "what are the 4 ps again # asking for a friend"',
      'out-of-scope message "who took my stapler"',
      'team answer team-6 "Expense claims" by Ana Lopez (3 examples)',
    ]);
    expect(await files()).toEqual(before);
  });

  it('creates out-of-scope.yaml when the folder has none', async () => {
    await rm(path.join(dir, 'out-of-scope.yaml'));
    await exportAdditions(
      dir,
      ADDITIONS.filter((a) => a.kind === 'out-of-scope'),
    );
    expect((await loadKnowledge(dir)).outOfScope).toEqual(['who took my stapler', "My laptop won't connect to the VPN!"]);
  });

  it('refuses a knowledge folder with problems, changing nothing', async () => {
    await writeFile(path.join(dir, 'team-answers.yaml'), 'answers:\n  - id: Bad Id\n');
    const before = await files();
    await expect(exportAdditions(dir, ADDITIONS)).rejects.toBeInstanceOf(KnowledgeError);
    expect(await files()).toEqual(before);
  });
});

describe('readAdditions', () => {
  /** The two store methods, over a list, paging by id like the store. */
  const stub = (rows: KnowledgeAddition[], pageSize = 2): AdditionSource => ({
    listKnowledge: async (platform, workspaceId, afterId = 0) =>
      rows.filter((r) => r.platform === platform && r.workspaceId === workspaceId && r.id > afterId).slice(0, pageSize),
    listKnowledgeWorkspaces: async () => [...new Map(rows.map((r) => [`${r.platform}:${r.workspaceId}`, r])).values()],
  });
  const rows = ADDITIONS.map((a, i) => (i % 2 ? { ...a, platform: 'discord' as const, workspaceId: '42' } : a));

  it('reads every workspace, page by page, in id order', async () => {
    expect((await readAdditions(stub(rows))).map((a) => a.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('reads one workspace', async () => {
    expect((await readAdditions(stub(rows), { platform: 'discord', workspaceId: '42' })).map((a) => a.id)).toEqual([2, 4, 6, 8]);
  });

  it('reads a store that returns everything at once', async () => {
    expect((await readAdditions(stub(rows, 100), { platform: 'slack', workspaceId: 'T1' })).map((a) => a.id)).toEqual([1, 3, 5, 7]);
  });
});

describe('npm run kb:export', () => {
  it('explains a bad --workspace and an unknown option', async () => {
    const bad = await run('scripts/kb-export.ts', ['--workspace', 'teams:1']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--workspace must be <platform>:<id> with platform discord, slack, console');
    const unknown = await run('scripts/kb-export.ts', ['--force']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("Unknown option '--force'");
    expect(unknown.stderr).toContain('Usage: npm run kb:export');
  });

  it('says so when there is no database, without creating one', async () => {
    const data = await mkdtemp(path.join(tmpdir(), 'kb-export-data-'));
    try {
      const r = await run('scripts/kb-export.ts', ['--dry-run'], { DATA_DIR: data, DATABASE_URL: '' });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`No database at ${path.join(data, 'funnelbot.sqlite')}`);
      expect(await readdir(data)).toEqual([]);
    } finally {
      await rm(data, { recursive: true, force: true });
    }
  });
});

/**
 * The real product as a child process, for process-level tests: spawned in its own process
 * group (as systemd and container runtimes run it), with a clean environment and a temporary
 * working directory (so no developer `.env` leaks in), its JSON log lines parsed as they come.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const KNOWLEDGE_DIR = path.join(ROOT, 'knowledge');
/** `node --import <tsx> src/main.ts`, as `npm start` ends up running it, without npm and tsx's CLI in between. */
export const DEV_COMMAND = [
  process.execPath,
  '--import',
  pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href,
  path.join(ROOT, 'src/main.ts'),
];

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ProductProcess {
  readonly pid: number;
  /** Parsed JSON log lines (stderr), in order. */
  readonly logs: LogLine[];
  stdout(): string;
  /** Raw stderr: log lines and any plain-text message. */
  stderr(): string;
  /** The first log line (so far or to come) matching `predicate`. */
  waitForLog(predicate: (line: LogLine) => boolean, what: string, timeoutMs?: number): Promise<LogLine>;
  readonly exited: Promise<Exit>;
  /** Resolves with the exit, or rejects if the process is still running after `ms`. */
  exitWithin(ms: number): Promise<Exit>;
  /** Sends `signal` to the whole process group, as `systemctl stop` and `docker stop` do. */
  signalGroup(signal: NodeJS.Signals): void;
  running(): boolean;
}

export interface SpawnOptions {
  /** Command and arguments; default DEV_COMMAND. */
  command?: string[];
  env?: Record<string, string>;
  /** Working directory; default a fresh temporary one. */
  cwd?: string;
  /** Written to stdin, which is then closed; stdin stays open when absent. */
  input?: string;
}

const started = new Set<ProductProcess>();
const ownDirs: string[] = [];

/** Spawns the product in its own process group. `cleanUp()` (afterEach/afterAll) SIGKILLs any left running. */
export async function spawnProduct(opts: SpawnOptions = {}): Promise<ProductProcess> {
  const [cmd, ...args] = opts.command ?? DEV_COMMAND;
  let cwd = opts.cwd;
  if (!cwd) {
    cwd = await tempDir('funnelbot-cwd-');
    ownDirs.push(cwd);
  }
  const child: ChildProcess = spawn(cmd!, args, {
    cwd,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
    // Only what the product needs: nothing from the test runner's environment (tokens, DATABASE_URL, NODE_OPTIONS).
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? cwd, ...opts.env },
  });
  if (child.pid === undefined) throw new Error(`could not spawn ${cmd}`);
  if (opts.input !== undefined) child.stdin!.end(opts.input);

  let out = '';
  let err = '';
  let partial = '';
  const logs: LogLine[] = [];
  const waiters: { predicate: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
    partial += chunk;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const text of lines) {
      let line: LogLine;
      try {
        line = JSON.parse(text) as LogLine;
      } catch {
        continue; // plain text (a start-up error message)
      }
      logs.push(line);
      for (const w of [...waiters]) {
        if (w.predicate(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  });
  let done = false;
  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => {
      done = true;
      resolve({ code, signal });
    });
  });

  const tail = () => err.split('\n').slice(-15).join('\n');
  const proc: ProductProcess = {
    pid: child.pid,
    logs,
    stdout: () => out,
    stderr: () => err,
    running: () => !done,
    exited,
    waitForLog(predicate, what, timeoutMs = 15_000) {
      const found = logs.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise<LogLine>((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (l: LogLine) => {
            clearTimeout(timer);
            resolve(l);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for log "${what}"; stderr tail:\n${tail()}`));
        }, timeoutMs);
        waiters.push(waiter);
        // A process that died can't log any more: fail now, with its output.
        void exited.then((e) => {
          if (!waiters.includes(waiter)) return;
          waiters.splice(waiters.indexOf(waiter), 1);
          clearTimeout(timer);
          reject(new Error(`process exited (${JSON.stringify(e)}) before logging "${what}"; stderr tail:\n${tail()}`));
        });
      });
    },
    exitWithin(ms) {
      let timer: NodeJS.Timeout | undefined;
      return Promise.race([
        exited.finally(() => clearTimeout(timer)),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`still running ${ms} ms later; stderr tail:\n${tail()}`)), ms);
        }),
      ]);
    },
    signalGroup(signal) {
      process.kill(-child.pid!, signal);
    },
  };
  started.add(proc);
  void exited.then(() => started.delete(proc));
  return proc;
}

/** SIGKILLs every spawned process group still running and removes the working directories made here. */
export async function cleanUp(): Promise<void> {
  const left = [...started];
  for (const p of left) {
    try {
      p.signalGroup('SIGKILL');
    } catch {
      // already gone
    }
  }
  await Promise.all(left.map((p) => p.exited));
  await Promise.all(ownDirs.splice(0).map(removeDir));
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}

/** The port a listening component logged (the product is started with port 0 everywhere). */
export async function loggedPort(proc: ProductProcess, msg: string): Promise<number> {
  const line = await proc.waitForLog((l) => l.msg === msg && typeof l.port === 'number', msg);
  return line.port as number;
}

export interface Readiness {
  status: number;
  body: { ok: boolean; components: Record<string, { ok: boolean; detail?: string }> };
}

export async function readyz(healthPort: number): Promise<Readiness> {
  const res = await fetch(`http://127.0.0.1:${healthPort}/readyz`);
  return { status: res.status, body: (await res.json()) as Readiness['body'] };
}

/** Polls /readyz until it answers 200 (every configured component up), or fails with the last answer. */
export async function waitUntilReady(healthPort: number, timeoutMs = 15_000): Promise<Readiness> {
  const until = Date.now() + timeoutMs;
  let last: Readiness | string = 'no answer';
  while (Date.now() < until) {
    try {
      last = await readyz(healthPort);
      if (last.status === 200) return last;
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`/readyz not ready after ${timeoutMs} ms: ${JSON.stringify(last)}`);
}

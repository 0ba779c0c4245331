import { CST, isMap, isPair, isScalar, isSeq, LineCounter, type Node, Parser, parseDocument } from 'yaml';
import type { DataPath } from './problems.js';

/**
 * A parsed YAML file that can say on which line a value sits, so every problem names its
 * line; or the file's syntax errors, each at the line where the trouble starts.
 */
export type ParsedYaml = { ok: true; data: unknown; lineOf: (path: DataPath) => number | undefined } | { ok: false; errors: YamlError[] };

export interface YamlError {
  line: number;
  column: number;
  message: string;
}

export function parseYaml(source: string): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(source, { uniqueKeys: true, lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) return { ok: false, errors: syntaxErrors(source, lines, doc.errors) };
  const lineAt = (offset: number) => lines.linePos(offset).line;
  return {
    ok: true,
    data: doc.toJS(),
    lineOf: (path) => {
      // The deepest node on the path: a missing field is reported where its entry starts.
      let node: unknown = doc.contents;
      let line = rangeStart(node) !== undefined ? lineAt(rangeStart(node)!) : undefined;
      for (const seg of path) {
        if (isMap(node)) {
          const pair = node.items.find((p) => isPair(p) && (isScalar(p.key) ? p.key.value : p.key) === seg);
          if (!pair) break;
          const at = rangeStart(pair.key) ?? rangeStart(pair.value);
          if (at !== undefined) line = lineAt(at);
          node = pair.value;
        } else if (isSeq(node) && typeof seg === 'number') {
          node = node.items[seg];
          const at = rangeStart(node);
          if (at === undefined) break;
          line = lineAt(at);
        } else break;
      }
      return line;
    },
  };
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}

/** An opening quote or bracket that the file never closes. */
interface Unclosed {
  offset: number;
  /** Where the construct's content ends, trailing blanks included: errors up to here are its consequence. */
  reach: number;
  what: string;
}

/**
 * The syntax errors, each at the line where it starts. A quote or bracket that is never
 * closed swallows the rest of the file, so the parser notices only at the end; every error
 * inside such a construct is reported once, at the opening character.
 */
function syntaxErrors(
  source: string,
  lines: LineCounter,
  errors: readonly { pos: [number, number]; code: string; message: string }[],
): YamlError[] {
  const unclosed = unclosedOpeners(source);
  const out: YamlError[] = [];
  const blamed = new Set<Unclosed>();
  for (const err of errors) {
    const at = err.pos[0];
    // The innermost unclosed construct the error falls in.
    const cause = unclosed.filter((u) => u.offset < at && at <= u.reach).sort((a, b) => b.offset - a.offset)[0];
    if (cause) {
      if (blamed.has(cause)) continue;
      blamed.add(cause);
      const pos = lines.linePos(cause.offset);
      out.push({ line: pos.line, column: pos.col, message: `not valid YAML: ${cause.what} opens here and is never closed` });
      continue;
    }
    const pos = lines.linePos(at);
    const hint = HINTS[err.code];
    out.push({ line: pos.line, column: pos.col, message: `not valid YAML: ${firstSentence(err.message)}${hint ? ` (${hint})` : ''}` });
  }
  return out;
}

/** What usually causes the commonest syntax errors in hand-written files, by the parser's error code. */
const HINTS: Record<string, string> = {
  DUPLICATE_KEY: 'the same field is written twice here; keep one',
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  BLOCK_AS_IMPLICIT_KEY: 'a value that contains ": " must be put in double quotes',
  MULTILINE_IMPLICIT_KEY: 'a value that contains ": " must be put in double quotes, or a line is indented too far',
  BAD_INDENT: 'the indentation does not line up with the lines around it',
  MISSING_CHAR: 'a closing quote or bracket is missing',
};

function firstSentence(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/** Quoted values and flow lists/maps (`"…"`, `'…'`, `[…]`, `{…}`) whose closing character is missing, from the parser's tokens. */
function unclosedOpeners(source: string): Unclosed[] {
  const out: Unclosed[] = [];
  const reach = (token: unknown) => {
    let end = tokenEnd(token);
    while (end < source.length && /\s/.test(source[end]!)) end++;
    return end;
  };
  const inspect = (token: CST.Token | undefined) => {
    if (!token) return;
    if (token.type === 'double-quoted-scalar' || token.type === 'single-quoted-scalar') {
      if (!quoteClosed(token.source)) out.push({ offset: token.offset, reach: reach(token), what: `the quote ${token.source[0]}` });
    } else if (token.type === 'flow-collection') {
      const close = token.start.source === '[' ? ']' : '}';
      if (!token.end.some((t) => t.source === close))
        out.push({
          offset: token.offset,
          reach: reach(token),
          what: `the ${token.start.source === '[' ? 'list' : 'group'} ${token.start.source}`,
        });
    }
  };
  for (const token of new Parser().parse(source)) {
    if (token.type !== 'document') continue;
    inspect(token.value);
    CST.visit(token, (item) => {
      inspect(item.key ?? undefined);
      inspect(item.value);
    });
  }
  return out;
}

/** Whether a quoted value's source ends in its closing quote (an escaped quote does not close it). */
function quoteClosed(text: string): boolean {
  const q = text[0];
  const body = text.slice(1);
  if (!body.endsWith(q!)) return false;
  if (q === "'") {
    // '' inside single quotes is an escaped quote: the closing one is the odd one out.
    const run = body.length - body.replace(/'+$/, '').length;
    return run % 2 === 1;
  }
  const slashes = body.slice(0, -1).length - body.slice(0, -1).replace(/\\+$/, '').length;
  return slashes % 2 === 0;
}

/** The end offset of a token and everything inside it. */
function tokenEnd(token: unknown): number {
  if (!token || typeof token !== 'object') return 0;
  const t = token as Record<string, unknown>;
  let end = typeof t.offset === 'number' ? t.offset + (typeof t.source === 'string' ? t.source.length : 0) : 0;
  for (const k of ['start', 'sep', 'end', 'key', 'value', 'items']) {
    const v = t[k];
    for (const x of Array.isArray(v) ? v : [v]) end = Math.max(end, tokenEnd(x));
  }
  return end;
}

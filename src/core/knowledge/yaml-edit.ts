import { isDeepStrictEqual } from 'node:util';
import { isSeq, type Node, parseDocument, stringify } from 'yaml';

/**
 * Appends to a list in a hand-written YAML file and leaves every other byte as it was:
 * comments, blank lines, quoting and the wrapping of folded text. (Printing the whole
 * document again would re-wrap every `>-` block.) The new items go after the list's last
 * item, indented like it; `comment`, when given, is written on its own line before them.
 */
export function appendToList(source: string, at: readonly (string | number)[], values: readonly unknown[], comment?: string): string {
  if (values.length === 0) return source;
  const doc = parseDocument(source, { uniqueKeys: true });
  if (doc.errors.length > 0) throw new Error(`not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  const list = doc.getIn(at, true);
  if (!isSeq(list)) throw new Error(`\`${at.join('.')}\` is not a list`);
  const expected = doc.toJS() as unknown;
  (valueAt(expected, at) as unknown[]).push(...values);

  let out: string;
  const last = list.items.at(-1) as Node | undefined;
  if (!list.flow && last?.range && list.range) {
    // Block list: the first item's dash sets the indentation; insert after the last item's line (its comment included).
    const dash = list.range[0];
    const indent = ' '.repeat(dash - (source.lastIndexOf('\n', dash - 1) + 1));
    let end = last.range[2];
    if (source[end - 1] !== '\n') {
      const eol = source.indexOf('\n', end);
      end = eol === -1 ? source.length : eol + 1;
    }
    const head = source.slice(0, end) + (end > 0 && source[end - 1] !== '\n' ? '\n' : '');
    const note = comment ? `${indent}# ${comment}\n` : '';
    out = head + note + indented(stringify(values, { lineWidth: 0 }), indent) + source.slice(end);
  } else {
    // An empty or flow-style list (`[a, b]`) is rare in these files: the document is printed again, comments kept.
    for (const v of values) list.items.push(doc.createNode(v));
    list.flow = false;
    out = doc.toString({ lineWidth: 0 });
  }

  // The edit must read back as exactly the old list plus the new items, the rest unchanged.
  const check = parseDocument(out, { uniqueKeys: true });
  if (check.errors.length > 0 || !isDeepStrictEqual(check.toJS(), expected))
    throw new Error(`appending to \`${at.join('.')}\` did not give the expected content`);
  return out;
}

function valueAt(data: unknown, at: readonly (string | number)[]): unknown {
  return at.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], data);
}

function indented(text: string, indent: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : indent + line))
    .join('\n');
}

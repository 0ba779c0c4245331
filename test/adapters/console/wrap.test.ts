import { describe, expect, it } from 'vitest';
import { layoutTable, terminalWidth, textWidth, wrapText } from '../../../src/adapters/console/wrap.js';

const PROSE =
  'Picture a funnel that is wide at the top and narrow at the bottom. In the big picture, marketing is the whole funnel, top to bottom: the overall strategy for reaching the target customers and drawing them in.';

/** Every word of the text, in order, each whole on one line: nothing was split mid-word. */
function wordsKept(lines: string[], text: string): boolean {
  return lines.join(' ').split(/ +/).filter(Boolean).join(' ') === text.split(/ +/).join(' ');
}

describe('wrapText', () => {
  it.each([80, 24])('wraps at word boundaries within %i columns', (width) => {
    const lines = wrapText(PROSE, width);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.every((l) => textWidth(l) <= width)).toBe(true);
    expect(wordsKept(lines, PROSE)).toBe(true);
    // Greedy: the next line's first word would not have fitted on the line before.
    for (let i = 1; i < lines.length; i++) expect(textWidth(lines[i - 1]!) + 1 + lines[i]!.split(' ')[0]!.length).toBeGreaterThan(width);
  });

  it('wraps at exactly the width, not before', () => {
    expect(wrapText('aaaa bbbb cccc', 9)).toEqual(['aaaa bbbb', 'cccc']);
    expect(wrapText('aaaa bbbb cccc', 8)).toEqual(['aaaa', 'bbbb', 'cccc']);
  });

  it('keeps line breaks, and a line’s own indent on its continuation lines', () => {
    expect(wrapText('first line\n  one two three', 10)).toEqual(['first line', '  one two', '  three']);
  });

  it('continues a lettered option or a list item under its text', () => {
    expect(wrapText('A) one two three\n- four five six', 12)).toEqual(['A) one two', '   three', '- four five', '  six']);
  });

  it('indents continuation lines under a label', () => {
    expect(wrapText('one two three four', 20, { first: '  Sales:     ' })).toEqual([
      '  Sales:     one two',
      '             three',
      '             four',
    ]);
  });

  it('keeps a word longer than the line (a URL) whole on its own line, or cuts it when asked', () => {
    const url = `https://example.com/${'x'.repeat(40)}`;
    expect(wrapText(`see ${url} now`, 30)).toEqual(['see', url, 'now']);
    const cut = wrapText(`see ${url}`, 30, { long: 'break' });
    expect(cut).toEqual(['see', url.slice(0, 30), url.slice(30)]);
  });
});

describe('terminalWidth', () => {
  it('uses the terminal’s columns, and 80 when the output is not a terminal', () => {
    expect(terminalWidth({ isTTY: true, columns: 132 })).toBe(132);
    expect(terminalWidth({ isTTY: false, columns: 132 })).toBe(80);
    expect(terminalWidth({})).toBe(80);
    expect(terminalWidth(undefined)).toBe(80);
    expect(terminalWidth({ isTTY: true, columns: 5 })).toBe(20);
  });
});

describe('layoutTable', () => {
  const long = `what is the difference between ${'a long question that goes on and on '.repeat(7)}and finally ends`.trim();

  it('fits 80 columns with a 270-character question: the question wraps in its column, numbers stay whole', () => {
    expect(long.length).toBeGreaterThanOrEqual(270);
    const rows = [
      [long, '12345', '2026-12-06'],
      ['is payroll sales or marketing?', '3', '2026-12-01'],
    ];
    const lines = layoutTable(['Question', 'Times', 'Last asked'], rows, 80);
    expect(lines.every((l) => textWidth(l) <= 80)).toBe(true);
    // The question is all there, word for word, in the first column.
    const questionColumn = lines.slice(2).map((l) => l.slice(2, 2 + lines[1]!.trim().split(' ')[0]!.length).trim());
    expect(questionColumn.filter(Boolean).join(' ')).toBe(`${long} is payroll sales or marketing?`);
    // Numbers and dates whole, on the first line of their row; rows separated by a blank line.
    expect(lines[2]).toMatch(/ {2}12345 {2}2026-12-06$/);
    const second = lines.findIndex((l) => l.startsWith('  is payroll'));
    expect(lines[second - 1]).toBe('');
    expect(lines[second]).toMatch(/ {2}3 {6}2026-12-01$/);
    // The table uses the whole width rather than a narrow strip.
    expect(Math.max(...lines.map(textWidth))).toBeGreaterThanOrEqual(78);
  });

  it('keeps a table that fits as it is; otherwise number columns keep their width and text columns share the rest', () => {
    expect(layoutTable(['Name', 'Pts'], [['Ada', '12']], 80)).toEqual(['  Name  Pts', '  ----  ---', '  Ada   12']);
    const lines = layoutTable(
      ['Topic', 'Attempts', 'Accuracy', 'Most common misconception'],
      [['What salespeople do', '40', '55%', `Thinks "running pay-per-click ads" is sales work (7×) ${'and more '.repeat(5)}`]],
      60,
    );
    expect(lines.every((l) => textWidth(l) <= 60)).toBe(true);
    // The two number columns keep their width; the two text columns share the rest, the header wrapping too.
    expect(lines).toEqual([
      '  Topic               Attempts  Accuracy  Most common',
      '                                          misconception',
      '  ------------------  --------  --------  ------------------',
      '  What salespeople    40        55%       Thinks "running',
      '  do                                      pay-per-click ads"',
      '                                          is sales work (7×)',
      '                                          and more and more',
      '                                          and more and more',
      '                                          and more',
    ]);
  });

  it('cuts a word wider than its column (a pasted URL) inside the column', () => {
    const url = `https://example.com/${'y'.repeat(100)}`;
    const lines = layoutTable(['Question', 'Times'], [[url, '1']], 40);
    expect(lines.every((l) => textWidth(l) <= 40)).toBe(true);
    expect(
      lines
        .slice(2)
        .map((l) => l.slice(2).replace(/ +1$/, '').trim())
        .join(''),
    ).toBe(url);
  });
});

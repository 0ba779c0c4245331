import { describe, expect, it } from 'vitest';
import { surfaceWords } from '../../../src/core/matching/analyse.js';
import { MAX_INPUT_CHARS, normalise, words } from '../../../src/core/matching/normalise.js';

describe('normalise: Slack markup', () => {
  it('drops user mentions, with or without a label', () => {
    expect(normalise('<@U024BE7LH> what is the funnel?')).toBe('what is the funnel?');
    expect(normalise('hey <@U024BE7LH|alice> what is the funnel')).toBe('hey what is the funnel');
  });

  it('drops <!here>, <!channel>, <!everyone> and user-group mentions', () => {
    expect(normalise('<!here> <!channel> <!everyone> <!subteam^S0614TZR7|@sales> is PR marketing')).toBe('is pr marketing');
  });

  it('keeps the name of a channel link and the label of a link, drops bare links', () => {
    expect(normalise('see <#C024BE7LR|sales-team> about it')).toBe('see sales-team about it');
    expect(normalise('the <https://example.com/x?a=1&amp;b=2|leads sheet> is locked')).toBe('the leads sheet is locked');
    expect(normalise('read <https://example.com/post> first')).toBe('read first');
    expect(normalise('mail <mailto:a@b.c|the team>')).toBe('mail the team');
  });

  it('unescapes the three characters Slack escapes', () => {
    expect(normalise('sales &amp; marketing &lt;3 &gt; x')).toBe('sales & marketing <3 x');
  });
});

describe('normalise: Discord markup', () => {
  it('drops user, nickname, role and channel mentions', () => {
    expect(normalise('<@123456789012345678> <@!123456789012345678> <@&987654321098765432> <#111111111111111111> is seo marketing')).toBe(
      'is seo marketing',
    );
  });

  it('drops custom emoji, timestamps and slash-command mentions', () => {
    expect(
      normalise('<:thonk:123456789012345678> <a:party:123456789012345678> at <t:1700000000:R> use </ask:123456789012345678> funnel'),
    ).toBe('at use funnel');
  });
});

describe('normalise: emoji, markdown and invisible characters', () => {
  it('drops emoji (with skin tones, ZWJ sequences, flags) and :shortcodes:', () => {
    expect(normalise('what is marketing 🤔👍🏽 👩‍💻 🇬🇧 :thinking_face: :+1: :skin-tone-2:')).toBe('what is marketing');
  });

  it('keeps the words of markdown emphasis, code and quotes', () => {
    expect(normalise('*research and feasibility* — _what_ is ~that~ `about`')).toBe('research and feasibility - what is that about');
    expect(normalise('> marketing is one-way communication\nwhat does that mean')).toBe(
      'marketing is one-way communication what does that mean',
    );
    expect(normalise('```\nsales vs marketing\n```')).toBe('sales vs marketing');
    expect(normalise('**bold** __under__ ||spoiler|| # heading')).toBe('bold under spoiler heading');
  });

  it('removes zero-width and bidi control characters that would split or hide words', () => {
    expect(normalise('mar\u200Bke\u200Dting \u202Efunnel\u202C \u2066x\u2069 \uFEFFsales\u00AD')).toBe('marketing funnel x sales');
  });

  it('folds full-width letters, accents and curly quotes', () => {
    expect(normalise('ＦＵＮＮＥＬ café “quoted” it’s')).toBe("funnel cafe quoted it's");
  });

  it('caps the work on huge input', () => {
    const long = 'sales '.repeat(10_000);
    expect(normalise(long).length).toBeLessThanOrEqual(MAX_INPUT_CHARS);
  });

  it('turns control characters into spaces and never throws on odd input', () => {
    expect(normalise('a\u0000b\u0007c')).toBe('a b c');
    expect(normalise('\uD800 lone surrogate')).toBe('lone surrogate');
    expect(normalise(undefined as unknown as string)).toBe('');
  });
});

describe('words and shorthand', () => {
  it('folds apostrophes inside words', () => {
    expect(words("what's the 4 p's")).toEqual(['whats', 'the', '4', 'ps']);
  });

  it("spells out chat shorthand and symbols (the domain's own shorthand is data: vocabulary.yaml)", () => {
    expect(surfaceWords("wat r u doin w/o ur laptop? sales/marketing & it's 2%")).toEqual([
      'what',
      'are',
      'you',
      'doin',
      'without',
      'your',
      'laptop',
      'sales',
      'or',
      'marketing',
      'and',
      'it',
      'is',
      '2',
      'percent',
    ]);
  });
});

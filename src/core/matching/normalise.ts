/**
 * Turns a raw chat message into plain lower-case words: strips what Slack and
 * Discord wrap around text (mentions, channel links, link labels, custom emoji),
 * emoji and `:shortcodes:`, markdown, and invisible control characters, so the
 * matcher only sees what the person typed.
 */

/** Work is capped so a pasted novel costs no more than a long message. */
export const MAX_INPUT_CHARS = 4000;

const PLAIN = /^[A-Za-z0-9 ,.?!'"()/+=%$-]*$/;
// Bounded repeats keep every pattern linear-ish on hostile input (many "<" and no ">").
const SLACK_LINK = /<(https?:\/\/|mailto:)[^>|\s]{0,2000}\|([^>]{0,300})>/gi; // <https://x|label> -> label
const SLACK_BARE_LINK = /<(?:https?:\/\/|mailto:)[^>\s]{0,2000}>/gi;
const SLACK_CHANNEL = /<#[A-Z0-9]{1,40}\|([^>]{0,100})>/gi; // <#C123|general> -> general
const SLACK_MENTION = /<[@!][^>]{0,120}>/g; // <@U123>, <@U123|name>, <!here>, <!subteam^S1|@team>
const DISCORD_EMOJI = /<a?:[A-Za-z0-9_~]+:\d+>/g; // <:name:123>, <a:name:123>
const DISCORD_MENTION = /<(?:@[!&]?|#)\d+>/g; // <@123>, <@!123>, <@&123>, <#123>
const DISCORD_OTHER = /<(?:t:\d+(?::[a-zA-Z])?|\/[^>]{1,64}:\d+|id:[a-z]+)>/g; // timestamps, slash-command mentions, guild nav
const RAW_URL = /\b(?:https?:\/\/|www\.)\S+/gi;
const SHORTCODE = /:[a-z0-9_+-]{1,40}:/gi; // :thinking_face:, :+1:, :skin-tone-2:
// Zero-width, joiners, bidi controls, soft hyphen, BOM, variation selectors, tag characters.
const INVISIBLE =
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: each code point is removed on its own, joiners included
  /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF\uFE00-\uFE0F]|[\u{E0000}-\u{E007F}]|[\u{E0100}-\u{E01EF}]/gu;
// biome-ignore lint/suspicious/noMisleadingCharacterClass: emoji parts are removed one code point at a time
const EMOJI = /[\p{Extended_Pictographic}\p{Regional_Indicator}\u{1F3FB}-\u{1F3FF}\u20E3]/gu;
const CONTROL = /[\p{Cc}\p{Cs}\p{Co}\p{Cn}]/gu;
const MARKS = /\p{M}+/gu;
const QUOTES = /[\u2018\u2019\u201A\u201B\u2032\u02BC´]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033«»]/g;
const DASHES = /[\u2010-\u2015\u2212]/g;

/**
 * Plain, lower-case text with chat markup removed. Keeps word separators and
 * the punctuation the matcher reads (`?`, `:`, `,`, `-`, `/`, `&`, `'`).
 */
export function normalise(raw: string): string {
  let s = typeof raw === 'string' ? raw : String(raw ?? '');
  if (s.length > MAX_INPUT_CHARS) s = s.slice(0, MAX_INPUT_CHARS);
  // Most text (and all of the knowledge base) is plain: skip the markup passes.
  if (PLAIN.test(s)) return s.toLowerCase().replace(/\s+/g, ' ').trim();
  s = s.replace(INVISIBLE, '');
  s = s
    .replace(SLACK_LINK, ' $2 ')
    .replace(SLACK_BARE_LINK, ' ')
    .replace(SLACK_CHANNEL, ' $1 ')
    .replace(DISCORD_EMOJI, ' ')
    .replace(DISCORD_MENTION, ' ')
    .replace(DISCORD_OTHER, ' ')
    .replace(SLACK_MENTION, ' ')
    .replace(RAW_URL, ' ');
  // Slack escapes these three in message text.
  s = s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  s = s.replace(SHORTCODE, ' ').replace(EMOJI, ' ');
  // Compatibility forms (full-width letters, ligatures) to plain ones, then drop accents.
  s = s.normalize('NFKD').replace(MARKS, '');
  s = s.replace(QUOTES, "'").replace(DOUBLE_QUOTES, '"').replace(DASHES, '-');
  s = s.replace(CONTROL, ' ');
  s = stripMarkdown(s);
  return s.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Markdown emphasis, code, quotes, headings, list bullets and spoilers: keep the words, drop the markers. */
function stripMarkdown(s: string): string {
  return s
    .replace(/```[a-z]*\n?/gi, ' ')
    .replace(/^[ \t]*(?:>+|#{1,6}|[-*+•]|\d+[.)])[ \t]+/gm, ' ')
    .replace(/\|\|/g, ' ')
    .replace(/[*_~#>|\\[\](){}"`]+/g, ' ');
}

/**
 * Words of normalised text, apostrophes folded (`what's` -> `whats`, `p's` -> `ps`)
 * and digits kept (`4`, `1:1` becomes `1` `1`).
 */
export function words(normalised: string): string[] {
  const out: string[] = [];
  const re = /[a-z0-9]+(?:'[a-z0-9]+)*/g;
  for (const m of normalised.matchAll(re)) out.push(m[0].replace(/'/g, ''));
  return out;
}

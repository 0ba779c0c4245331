/**
 * Slack's text encoding in both directions. Slack reserves `&`, `<` and `>`: outgoing
 * plain text is escaped so it can never form a mention (`<!channel>`, `<@U…>`) or a
 * disguised link; incoming text has Slack's markup turned back into what people typed.
 */

export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Slack markup → plain text, so the core sees words: `<@U1|ana>` → `@ana`,
 * `<#C1|sales>` → `#sales`, `<!here>` → `@here`, `<https://x|label>` → `label`,
 * then the three entities decoded.
 */
export function slackToPlain(text: string): string {
  return text
    .replace(/<([^<>]*)>/g, (_all, inner: string) => {
      const [target = '', label] = splitLabel(inner);
      if (target.startsWith('@')) return `@${label ?? 'someone'}`;
      if (target.startsWith('#')) return `#${label ?? 'channel'}`;
      if (target.startsWith('!subteam^')) return label ?? '@group';
      if (target.startsWith('!date^')) return label ?? 'a date';
      if (target.startsWith('!')) return `@${target.slice(1)}`;
      return label ?? target;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function splitLabel(inner: string): [string, string | undefined] {
  const bar = inner.indexOf('|');
  return bar < 0 ? [inner, undefined] : [inner.slice(0, bar), inner.slice(bar + 1) || undefined];
}

/** Cuts `text` to at most `max` characters, ending in an ellipsis when cut (never inside an entity). */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  const amp = cut.lastIndexOf('&');
  if (amp >= 0 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  return `${cut.trimEnd()}…`;
}

/** Mention text minus the bot's own mention: `<@UBOT> is SEO marketing?` → `is SEO marketing?`. */
export function stripBotMention(text: string, botUserId: string | undefined): string {
  if (!botUserId) return text.trim();
  return text
    .replace(new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, 'g'), ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

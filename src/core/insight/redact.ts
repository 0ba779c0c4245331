/**
 * Strips what identifies people from a question before it is kept (the trainers' gaps list):
 * platform mentions and ids, `@names`, e-mail addresses, phone and other long numbers, and
 * link paths. Each becomes a neutral placeholder, so "is @ana sales?" and "is @bo sales?"
 * count as the same question. A name typed as a plain word ("ask Ana Smith") cannot be told
 * apart from any other word and is NOT removed.
 */

export const SOMEONE = '[someone]';
export const CHANNEL = '[channel]';
export const EMAIL = '[email]';
export const NUMBER = '[number]';

/** Slack (`<@U…|x>`, `<#C…|x>`, `<!subteam^…>`, `<mailto:…>`, `<https://…|x>`) and Discord (`<@1>`, `<@!1>`, `<@&1>`, `<#1>`, `<t:…>`) markup. */
const MARKUP = /<([^<>\s][^<>]*)>/g;
const EMAIL_ADDRESS = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
const URL_LIKE = /\b(?:https?:\/\/|www\.)[^\s<>]+/giu;
/** `@ana`, `@ana.smith`, `@here`; not the middle of a word (e-mail addresses are gone by now). */
const AT_NAME = /(?<![\p{L}\p{N}_])@[\p{L}\p{N}][\p{L}\p{N}._-]*/gu;
/** `#sales` as the Slack adapter writes a channel mention; `#1` stays. */
const HASH_NAME = /(?<![\p{L}\p{N}_&])#\p{L}[\p{L}\p{N}_-]*/gu;
/** Runs of digits with the separators phone numbers use. */
const DIGIT_RUN = /\+?\(?\d[\d\s()./-]*\d/g;

export function redactPersonal(text: string): string {
  return text
    .replace(MARKUP, (all, inner: string) => markup(inner) ?? all)
    .replace(EMAIL_ADDRESS, EMAIL)
    .replace(URL_LIKE, link)
    .replace(AT_NAME, SOMEONE)
    .replace(HASH_NAME, CHANNEL)
    .replace(DIGIT_RUN, longNumber);
}

function markup(inner: string): string | undefined {
  const bar = inner.indexOf('|');
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? undefined : inner.slice(bar + 1);
  if (/^@[!&]?[\w-]+$/.test(target)) return SOMEONE; // Slack <@U…>, Discord <@1> <@!1> <@&1>
  if (/^#[\w-]+$/.test(target)) return CHANNEL; // Slack <#C…|name>, Discord <#1>
  if (target.startsWith('!date^') || /^t:-?\d+(:[a-zA-Z])?$/.test(target)) return '[date]';
  if (target.startsWith('!')) return SOMEONE; // <!subteam^S…>, <!here>, <!channel>
  if (/^mailto:/i.test(target)) return EMAIL;
  if (/^tel:/i.test(target)) return NUMBER;
  if (/^https?:\/\//i.test(target)) return link(target);
  if (/^a?:\w+:\d+$/.test(target)) return `:${target.split(':')[1]}:`; // a custom emoji
  return label; // other markup: what it showed, or left as typed
}

/** A link keeps its host only: paths and queries often carry names and ids (`/in/ana-smith`). */
function link(url: string): string {
  try {
    const host = new URL(/^www\./i.test(url) ? `https://${url}` : url).hostname.replace(/^www\./, '');
    return host ? `[link to ${host}]` : '[link]';
  } catch {
    return '[link]';
  }
}

/** Nine digits or more (a phone number, an account or user id), or a `+` and seven or more. */
function longNumber(run: string): string {
  const digits = run.replace(/\D/g, '').length;
  return digits >= 9 || (run.startsWith('+') && digits >= 7) ? NUMBER : run;
}

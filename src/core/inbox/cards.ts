/**
 * The inbox as something to click: the list's menu of items, one item's card (a topic menu
 * to teach it, Answer and Dismiss buttons) and the team-answer form. Every one also says the
 * typed way to do the same, which is what the console shows and what a too-late click falls back to.
 */
import type { Form, Reply, Select } from '../../contract/reply.js';
import { capitalise, clip, isoDay } from '../../contract/text.js';
import type { KnowledgeView } from '../knowledge/live.js';
import type { GapRow } from '../storage/store.js';
import { inboxAction } from './actions.js';

/** Discord's limit for a menu's options (Slack allows 100). */
const MENU_MAX = 25;

/** The list's menu: the open items that can be acted on (direct-message counts cannot). */
export function itemMenu(rows: readonly GapRow[]): Select | undefined {
  const options = rows
    .filter((r) => !r.countedOnly)
    .slice(0, MENU_MAX)
    .map((r) => ({ value: String(r.id), label: clip(`${r.id}. ${r.text}`, 75) }));
  return options.length ? { actionId: inboxAction('open'), placeholder: 'Act on a question…', options } : undefined;
}

/** One item: what was asked, and the three ways to act on it. */
export function itemCard(view: KnowledgeView, gap: GapRow): Reply {
  const asked = gap.count === 1 ? 'Asked once' : `Asked ${gap.count} times`;
  const others = gap.texts.filter((t) => t !== gap.text);
  const item = String(gap.id);
  const why = whyListed(view, gap);
  return {
    visibility: 'private',
    replaceSource: true,
    title: `Inbox item ${item}`,
    body: [
      `"${clip(gap.text, 300)}"\n${asked}, last on ${isoDay(gap.lastAsked)}.`,
      others.length ? ` Also asked as: ${others.map((t) => `"${clip(t, 80)}"`).join('; ')}.` : '',
      why === 'declined' ? '' : `\n${capitalise(why)}.`,
    ],
    selects: [
      {
        actionId: inboxAction('teach', item),
        placeholder: 'Teach: it belongs to the topic…',
        options: topicMenu(view, gap.text, gap.meantTopic),
      },
    ],
    buttons: [
      [
        { actionId: inboxAction('answer', item), label: 'Answer for the team', style: 'primary' },
        { actionId: inboxAction('dismiss', item), label: 'Dismiss as off-topic', style: 'secondary' },
      ],
    ],
    footer: [
      'Typed: ',
      { cmd: { command: 'gaps teach', args: `${item} <topic>` } },
      ', ',
      { cmd: { command: 'gaps answer', args: `${item} <text>` } },
      ' or ',
      { cmd: { command: 'gaps dismiss', args: item } },
      '.',
    ],
  };
}

/** Every topic, the ones nearest the question first (a trainer usually picks one of those). */
export function topicMenu(view: KnowledgeView, question: string, meant?: string): Select['options'] {
  const result = view.matcher.match(question);
  const near = [meant, result.topic, result.bestTopic, result.ambiguousWith, ...result.suggestions].filter((id): id is string => !!id);
  const ids = [...new Set([...near, ...view.kb.topics.map((t) => t.id)])].filter((id) => view.kb.byId.has(id));
  return ids.slice(0, MENU_MAX).map((id) => ({ value: id, label: clip(view.kb.byId.get(id)!.title, 75) }));
}

/** The team-answer form, opened by the card's Answer button. */
export function answerForm(gap: GapRow, maxLength: number): Reply {
  const form: Form = {
    actionId: inboxAction('answered', gap.id),
    title: 'Team answer',
    submitLabel: 'Save answer',
    fields: [
      {
        id: 'answer',
        label: clip(`Answer: ${gap.text}`, 45),
        long: true,
        maxLength,
        required: true,
        placeholder: 'What the team should know. Shown with your name and the date.',
      },
    ],
  };
  return {
    visibility: 'private',
    form,
    body: ['Answer it with ', { cmd: { command: 'gaps answer', args: `${gap.id} <text>` } }, '.'],
  };
}

/** Why a question is in the inbox: the bot declined it, or someone rated its answer not helpful. */
export function whyListed(view: KnowledgeView, gap: GapRow): string {
  if (!gap.answeredTopic) return 'declined';
  const title = (id: string) => view.kb.byId.get(id)?.title ?? id;
  const meant = gap.meantTopic ? `; meant ${title(gap.meantTopic)}` : '';
  return `not helpful: answered as ${title(gap.answeredTopic)}${meant}`;
}

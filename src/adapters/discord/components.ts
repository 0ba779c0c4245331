/**
 * A reply's interactive parts as Discord action rows: button rows, menus (string selects), the
 * "did you mean" suggestions and the answer controls. Discord allows 5 action rows per message,
 * a select filling a row on its own (components/reference.mdx, Action Row and String Select), so
 * when a reply asks for more the least needed rows are dropped (and reported), never sent.
 */
import {
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APISelectMenuOption,
  type APIStringSelectComponent,
  ButtonStyle,
  ComponentType,
} from 'discord-api-types/v10';
import type { AnswerControls, Button, Reply, Select } from '../../contract/reply.js';
import { textLength, truncate } from './text.js';

export const COMPONENT_LIMITS = {
  rows: 5,
  buttonsPerRow: 5,
  label: 80,
  customId: 100,
  selectOptions: 25,
  selectOptionText: 100,
  selectPlaceholder: 150,
} as const;

export type MessageComponent = APIButtonComponentWithCustomId | APIStringSelectComponent;
export type MessageRow = APIActionRowComponent<MessageComponent>;

/** The words on the controls row. */
export const CONTROL_LABELS = {
  helpful: 'Helpful',
  notHelpful: 'Not helpful',
  followUp: 'Tell me when someone answers',
} as const;

const STYLES: Record<NonNullable<Button['style']>, ButtonStyle> = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  success: ButtonStyle.Success,
  danger: ButtonStyle.Danger,
};

type Kind = 'select' | 'buttons' | 'suggestions' | 'controls';

/** Where each kind of row sits on screen: a menu above the buttons that act with it, quiet extras last. */
const SHOWN_ORDER: Record<Kind, number> = { select: 0, buttons: 1, suggestions: 2, controls: 3 };

/**
 * All action rows of a reply, at most 5. When there are more, rows are kept in this order of
 * need: the core's buttons (a quiz's letters, Answer/Dismiss), then its menus, then the
 * suggestions, then the controls; each of them also has a typed way the core spells in the body.
 */
export function renderComponents(reply: Reply, onDrop?: (what: string) => void): MessageRow[] {
  const ids = new Set<string>();
  const claim = (id: string, what: string): boolean => {
    if (!id || textLength(id) > COMPONENT_LIMITS.customId) {
      onDrop?.(`${what}: action id ${id ? `longer than ${COMPONENT_LIMITS.customId} characters` : 'empty'}`);
      return false;
    }
    // Discord refuses two components with one custom_id in a message: the first one wins.
    if (ids.has(id)) return false;
    ids.add(id);
    return true;
  };
  const toButton = (b: Button): APIButtonComponentWithCustomId | undefined =>
    claim(b.actionId, `button "${b.label}"`) ? button(b) : undefined;
  const buttonRow = (buttons: Button[]) =>
    buttons
      .slice(0, COMPONENT_LIMITS.buttonsPerRow)
      .map(toButton)
      .filter((b) => b !== undefined);

  // In order of need (see above).
  const rows: { kind: Kind; components: MessageComponent[] }[] = [];
  for (const row of reply.buttons ?? []) rows.push({ kind: 'buttons', components: buttonRow(row) });
  for (const s of reply.selects ?? []) {
    const select = claim(s.actionId, `menu "${s.placeholder}"`) ? stringSelect(s, onDrop) : undefined;
    rows.push({ kind: 'select', components: select ? [select] : [] });
  }
  if (reply.suggestions?.length) {
    const asButtons = reply.suggestions.map((s) => ({ actionId: s.actionId, label: s.title, style: 'secondary' as const }));
    rows.push({ kind: 'suggestions', components: buttonRow(asButtons) });
  }
  if (reply.controls) rows.push({ kind: 'controls', components: buttonRow(controlButtons(reply.controls)) });

  const kept = rows.filter((r) => r.components.length > 0);
  if (kept.length > COMPONENT_LIMITS.rows) {
    const lost = kept.slice(COMPONENT_LIMITS.rows).map((r) => r.kind);
    onDrop?.(`${lost.length} row(s) beyond Discord's ${COMPONENT_LIMITS.rows}: ${lost.join(', ')}`);
  }
  return kept
    .slice(0, COMPONENT_LIMITS.rows)
    .map((r, i) => ({ ...r, i }))
    .sort((a, b) => SHOWN_ORDER[a.kind] - SHOWN_ORDER[b.kind] || a.i - b.i)
    .map((r) => ({ type: ComponentType.ActionRow, components: r.components }));
}

function button(b: Button): APIButtonComponentWithCustomId {
  return {
    type: ComponentType.Button,
    style: STYLES[b.style ?? 'secondary'] as APIButtonComponentWithCustomId['style'],
    label: truncate(b.label, COMPONENT_LIMITS.label) || '…',
    custom_id: b.actionId,
    ...(b.disabled ? { disabled: true } : {}),
  };
}

/** Small secondary buttons: Helpful, Not helpful, and the follow-up offer. */
function controlButtons(controls: AnswerControls): Button[] {
  const out: Button[] = [];
  if (controls.feedback) {
    out.push({ actionId: controls.feedback.helpful, label: CONTROL_LABELS.helpful, style: 'secondary' });
    out.push({ actionId: controls.feedback.notHelpful, label: CONTROL_LABELS.notHelpful, style: 'secondary' });
  }
  if (controls.followUp) out.push({ actionId: controls.followUp, label: CONTROL_LABELS.followUp, style: 'secondary' });
  return out;
}

/**
 * A string select choosing exactly one option (Discord's default min/max of 1). An option's value
 * is what comes back, so one that Discord cannot carry (empty, over 100 characters, a repeat) is
 * dropped rather than cut; labels and the placeholder are only cut. Undefined when no option is left.
 */
function stringSelect(s: Select, onDrop?: (what: string) => void): APIStringSelectComponent | undefined {
  const values = new Set<string>();
  const options: APISelectMenuOption[] = [];
  for (const o of s.options) {
    if (!o.value || textLength(o.value) > COMPONENT_LIMITS.selectOptionText) {
      onDrop?.(`menu option "${o.label}": value empty or longer than ${COMPONENT_LIMITS.selectOptionText} characters`);
      continue;
    }
    if (values.has(o.value)) continue;
    values.add(o.value);
    options.push({ label: truncate(o.label, COMPONENT_LIMITS.selectOptionText) || o.value, value: o.value });
  }
  if (options.length > COMPONENT_LIMITS.selectOptions) {
    onDrop?.(`menu "${s.placeholder}": ${options.length - COMPONENT_LIMITS.selectOptions} option(s) beyond Discord's 25`);
    options.length = COMPONENT_LIMITS.selectOptions;
  }
  if (!options.length) {
    onDrop?.(`menu "${s.placeholder}": no option Discord can show`);
    return undefined;
  }
  const placeholder = truncate(s.placeholder, COMPONENT_LIMITS.selectPlaceholder);
  return { type: ComponentType.StringSelect, custom_id: s.actionId, options, ...(placeholder ? { placeholder } : {}) };
}

import { z } from 'zod/v4';
import { randomUUID } from 'node:crypto';
import { DECLARED } from '../../../flows';
import { ACTION_IDS } from '../../../flows/actions';
import { payloadRecord, type FieldSpec } from '../../../flows/form';
import { localize, type Viewer } from '../../../flows/localize';
import { t, type Button, type MessageView, type Reply, type Text } from '../../../flows/view';
import { parseIdentity, teamsIdentity } from '../../../src/domain/identity';
import { isRightToLeft } from '../../../src/i18n';
import { escapeMarkdown } from '../../../src/services/markdown';

/**
 * MessageView and FormSpec -> Adaptive Cards (1.5, as Teams renders them). Decisions use
 * Universal Actions (Action.Execute) so the card is replaced with the outcome; every other
 * button opens a dialog (task/fetch). Arabic and other right-to-left languages set `rtl`.
 * Teams reads a TextBlock's text and a fact's title and value as Markdown: every such text is
 * escaped (`escapeMarkdown`), so a narrative or a name shows as typed and never as a link,
 * an image or formatting. Input labels, choices and button titles are plain text already.
 */
export type Card = Record<string, unknown> & { type: 'AdaptiveCard'; body: Array<Record<string, unknown>> };

const CARD_VERSION = '1.5';
/** Teams refuses messages over about 28 KB; cards are kept under this, with room to spare. */
export const CARD_BYTES = 24_000;
const ACTIONS_PER_SET = 5;
/** Facts are never cut shorter than this, whatever the size. */
const MIN_FACT_CHARS = 60;

/** Pressed on a card, these decide at once and replace the card for everyone who sees it. */
export const EXECUTE_VERBS: ReadonlySet<string> = new Set(ACTION_IDS.filter((id) => DECLARED[id].decidedInPlace));

const TONE_COLOR: Record<MessageView['tone'], string> = { info: 'default', success: 'good', warning: 'warning', error: 'attention', urgent: 'attention' };

function base(viewer: Viewer, body: Array<Record<string, unknown>>, actions?: Array<Record<string, unknown>>): Card {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_VERSION,
    ...(isRightToLeft(viewer.locale) ? { rtl: true } : {}),
    body,
    ...(actions && actions.length ? { actions } : {}),
  };
}

const text = (value: string, extra: Record<string, unknown> = {}) => ({ type: 'TextBlock', text: escapeMarkdown(value), wrap: true, ...extra });

function cardAction(button: Button, viewer: Viewer): Record<string, unknown> {
  const title = localize(button.label, viewer);
  const style = button.style === 'primary' ? { style: 'positive' } : button.style === 'danger' ? { style: 'destructive' } : {};
  if (EXECUTE_VERBS.has(button.action)) return { type: 'Action.Execute', verb: button.action, title, data: { arg: button.arg }, ...style };
  return { type: 'Action.Submit', title, data: { msteams: { type: 'task/fetch' }, verb: button.action, arg: button.arg }, ...style };
}

function buttonSets(buttons: Button[], viewer: Viewer): Array<Record<string, unknown>> {
  const sets = [];
  for (let i = 0; i < buttons.length; i += ACTIONS_PER_SET) {
    sets.push({ type: 'ActionSet', actions: buttons.slice(i, i + ACTIONS_PER_SET).map((b) => cardAction(b, viewer)) });
  }
  return sets;
}

interface Shrink {
  /** Lines kept of the longest list (the oldest go first). */
  keepLines: number;
  /** Characters kept of each fact. */
  factChars: number;
}

function viewBody(view: MessageView, viewer: Viewer, shrink: Shrink): Array<Record<string, unknown>> {
  const say = (value: Text) => localize(value, viewer);
  const cut = (value: string) => (value.length > shrink.factChars ? `${value.slice(0, shrink.factChars - 1)}…` : value);
  const longest = Math.max(0, ...view.sections.map((s) => s.lines?.length ?? 0));
  const body: Array<Record<string, unknown>> = [text(say(view.title), { weight: 'Bolder', size: 'Medium', color: TONE_COLOR[view.tone] })];
  for (const section of view.sections) {
    if (section.heading) body.push(text(say(section.heading), { weight: 'Bolder', spacing: 'Medium', separator: true }));
    if (section.fields?.length) body.push({ type: 'FactSet', facts: section.fields.map((f) => ({ title: escapeMarkdown(say(f.label)), value: escapeMarkdown(cut(say(f.value))) })) });
    let lines = (section.lines ?? []).map(say).filter((line) => line.length > 0);
    if (lines.length === longest && lines.length > shrink.keepLines) {
      lines = lines.slice(lines.length - shrink.keepLines);
      body.push(text(say(t('teams.truncated')), { isSubtle: true, size: 'Small' }));
    }
    for (const line of lines) body.push(text(line, { spacing: 'Small' }));
  }
  return [...body, ...buttonSets(view.buttons, viewer)];
}

/** A message as a card, within Teams' size: long lists lose their oldest lines first. */
export function viewCard(view: MessageView, viewer: Viewer): Card {
  let shrink: Shrink = { keepLines: Number.MAX_SAFE_INTEGER, factChars: Number.MAX_SAFE_INTEGER };
  for (;;) {
    const card = base(viewer, viewBody(view, viewer, shrink));
    if (Buffer.byteLength(JSON.stringify(card)) <= CARD_BYTES || shrink.factChars <= MIN_FACT_CHARS) return card;
    const longest = Math.max(0, ...view.sections.map((s) => s.lines?.length ?? 0));
    shrink = shrink.keepLines > 10 && longest > 10 ? { ...shrink, keepLines: Math.min(longest, shrink.keepLines) - 10 } : { ...shrink, factChars: Math.min(shrink.factChars, 3000) / 2 };
  }
}

/**
 * How a search field (the State party) is drawn: `listed`, a filtered list of every option, which
 * Teams narrows as the person types; `typed`, a text box for a name in any of the six languages
 * or the code, checked on submission as in the terminal.
 */
type SearchAs = 'listed' | 'typed';

function input(field: FieldSpec, value: string | string[] | undefined, viewer: Viewer, searchAs: SearchAs): Record<string, unknown> {
  const choosing = field.kind === 'choice' || field.kind === 'multichoice' || (field.kind === 'search' && searchAs === 'listed');
  const common = {
    id: field.name,
    label: localize(field.label, viewer),
    isRequired: field.required,
    errorMessage: localize(t(choosing ? 'errors.field.choose' : 'errors.field.required'), viewer),
  };
  const single = typeof value === 'string' ? value : undefined;
  const choices = (field.options ?? []).map((o) => ({ title: localize(o.label, viewer), value: o.value }));
  switch (field.kind) {
    case 'text':
    case 'textarea':
      return { type: 'Input.Text', ...common, isMultiline: field.kind === 'textarea', ...(field.maxLength ? { maxLength: field.maxLength } : {}), ...(single ? { value: single } : {}) };
    case 'number':
      return { type: 'Input.Number', ...common, ...(single && /^\d+$/.test(single) ? { value: Number(single) } : {}) };
    case 'date':
      return { type: 'Input.Date', ...common, ...(single ? { value: single } : {}) };
    case 'choice':
      return { type: 'Input.ChoiceSet', ...common, style: 'compact', choices, ...(single ? { value: single } : {}) };
    case 'search': {
      const search = field.search;
      const chosen = single && search ? search.option(single) : undefined;
      if (!search || searchAs === 'typed') {
        const shown = chosen ? localize(chosen.label, viewer) : single;
        return { type: 'Input.Text', ...common, ...(search ? { placeholder: localize(search.typing, viewer) } : {}), ...(shown ? { value: shown } : {}) };
      }
      const all = search.find('', viewer.locale).map((o) => ({ title: localize(o.label, viewer), value: o.value }));
      return { type: 'Input.ChoiceSet', ...common, style: 'filtered', placeholder: localize(search.placeholder, viewer), choices: all, ...(chosen ? { value: chosen.value } : {}) };
    }
    case 'multichoice':
      return { type: 'Input.ChoiceSet', ...common, style: 'expanded', isMultiSelect: true, choices, ...(Array.isArray(value) && value.length ? { value: value.join(',') } : {}) };
    case 'person': {
      // Teams' people picker: the value is the person's Microsoft Entra object id.
      const picked = single ? parseIdentity(single) : undefined;
      return {
        type: 'Input.ChoiceSet',
        ...common,
        choices: [],
        'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' },
        ...(picked?.platform === 'teams' ? { value: picked.objectId } : {}),
      };
    }
  }
}

function formBody(reply: Extract<Reply, { kind: 'form' }>, viewer: Viewer, searchAs: SearchAs): Array<Record<string, unknown>> {
  const { form } = reply;
  const say = (value: Text) => localize(value, viewer);
  const body: Array<Record<string, unknown>> = [text(say(form.title), { weight: 'Bolder', size: 'Medium' })];
  if (reply.formError) body.push(text(say(reply.formError), { color: 'attention', weight: 'Bolder' }));
  if (form.intro) body.push(text(say(form.intro), { isSubtle: true }));
  for (const field of form.fields) {
    body.push(input(field, reply.values[field.name], viewer, searchAs));
    const hint = field.search && searchAs === 'typed' ? field.search.typing : field.hint;
    if (hint) body.push(text(say(hint), { isSubtle: true, size: 'Small', spacing: 'None' }));
    const error = reply.errors[field.name];
    if (error) body.push(text(say(error), { color: 'attention', size: 'Small', spacing: 'None' }));
  }
  return body;
}

/**
 * A form as a card: the submit button carries the form id and its context back, and a nonce
 * that names this filling of the form: pressed twice, or sent again after "not saved", it is
 * the same submission. The list of every State party (7–9 KB) goes in whenever it fits; when
 * the person's own long answers, sent back with an error, leave no room for it within Teams'
 * size, the State is typed instead, so that nothing they wrote is cut.
 */
export function formCard(reply: Extract<Reply, { kind: 'form' }>, viewer: Viewer, nonce: string = randomUUID()): Card {
  const { form } = reply;
  // The card says which answers are lists or people, so the submission can be read back without the form.
  const kinds = Object.fromEntries(form.fields.filter((f) => f.kind === 'multichoice' || f.kind === 'person').map((f) => [f.name, f.kind]));
  const actions = [{ type: 'Action.Submit', title: localize(form.submit, viewer), style: 'positive', data: { verb: form.id, context: reply.context, kinds, nonce } }];
  const listed = base(viewer, formBody(reply, viewer, 'listed'), actions);
  if (!form.fields.some((f) => f.search) || Buffer.byteLength(JSON.stringify(listed)) <= CARD_BYTES) return listed;
  return base(viewer, formBody(reply, viewer, 'typed'), actions);
}

export function replyCard(reply: Reply, viewer: Viewer, nonce?: string): Card {
  return reply.kind === 'form' ? formCard(reply, viewer, nonce) : viewCard(reply.view, viewer);
}

/** The title a dialog shows for a reply. */
export function dialogTitle(reply: Reply, viewer: Viewer): string {
  return localize(reply.kind === 'form' ? reply.form.title : reply.view.sensitive ? t('teams.title_confidential') : t('teams.title'), viewer);
}

const RESERVED = new Set(['verb', 'context', 'kinds', 'msteams', 'arg', 'nonce']);

const fieldKinds = z.record(z.string(), z.enum(['multichoice', 'person'])).catch({});

const shortText = z.string().max(512).catch('');
const buttonData = z.object({ verb: shortText, arg: shortText }).catch({ verb: '', arg: '' });
const submissionData = z
  .object({ verb: shortText, context: shortText, nonce: z.string().regex(/^[\w-]{8,64}$/).optional().catch(undefined) })
  .catch({ verb: '', context: '' });
const executeValue = z.object({ action: z.object({ verb: shortText }).catch({ verb: '' }) }).catch({ action: { verb: '' } });

/** What a button carries (`task/fetch`, `Action.Execute`): the flow action and its argument. */
export function buttonOf(raw: unknown): { verb: string; arg: string } {
  return buttonData.parse(payloadRecord(raw));
}

/** The verb of an `Action.Execute` invoke (`activity.value.action.verb`). */
export function executeVerbOf(activityValue: unknown): string {
  const value = payloadRecord(activityValue);
  return executeValue.parse({ action: payloadRecord(value.action) }).action.verb;
}

/** What a submitted dialog names besides its answers: the form, its context, its nonce. */
export function submissionOf(raw: unknown): { verb: string; context: string; nonce?: string } {
  return submissionData.parse(payloadRecord(raw));
}

/** A scalar answer as text; anything else (only a forged payload sends it) reads as unanswered. */
function answerText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

/** Answers from a submitted card, as the raw values the flows expect (they keep only their fields). */
export function submittedValues(raw: unknown, tenantId: string): Record<string, string | string[]> {
  const data = payloadRecord(raw);
  const kinds = fieldKinds.parse(payloadRecord(data.kinds));
  const values: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(data)) {
    if (RESERVED.has(name)) continue;
    const textValue = answerText(value);
    if (kinds[name] === 'multichoice') values[name] = textValue ? textValue.split(',') : [];
    else if (kinds[name] === 'person') values[name] = textValue ? teamsIdentity(tenantId, textValue.split(',')[0] ?? '') : '';
    else values[name] = textValue;
  }
  return values;
}

import { z } from 'zod/v4';
import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { payloadRecord, type FieldSpec } from '../../../flows/form';
import { searchActionId } from '../../../flows/search';
import { localize, type Viewer } from '../../../flows/localize';
import { t, type FieldErrors, type MessageView, type RawValues, type Reply, type Text } from '../../../flows/view';
import { parseIdentity, slackIdentity } from '../../../src/domain/identity';
import { fit, SLACK_LIMITS as L } from './limits';
import { mrkdwn, plain, textObject, viewBlocks } from './blocks';

/** What a modal carries back on submission: the form's context (a case reference, …). */
export interface ModalMetadata {
  context: string;
}

type FormReply = Extract<Reply, { kind: 'form' }>;

function option(value: string, label: Text, viewer: Viewer): PlainTextOption {
  return { value: fit(value, L.optionValue), text: plain(label, viewer, L.optionText) };
}

function element(field: FieldSpec, value: string | string[] | undefined, viewer: Viewer): InputBlock['element'] {
  const text = typeof value === 'string' ? value : undefined;
  const options = (field.options ?? []).slice(0, L.selectOptions).map((o) => option(o.value, o.label, viewer));
  switch (field.kind) {
    case 'text':
    case 'textarea':
      return {
        type: 'plain_text_input',
        action_id: field.name,
        multiline: field.kind === 'textarea',
        max_length: Math.min(field.maxLength ?? L.plainTextInputMax, L.plainTextInputMax),
        ...(text ? { initial_value: text } : {}),
      };
    case 'number':
      return { type: 'number_input', action_id: field.name, is_decimal_allowed: false, ...(text ? { initial_value: text } : {}) };
    case 'date':
      return { type: 'datepicker', action_id: field.name, ...(text && /^\d{4}-\d{2}-\d{2}$/.test(text) ? { initial_date: text } : {}) };
    case 'person': {
      // Values are identities (`slack:<team>:<user>`); the picker knows only the user id.
      const known = text ? parseIdentity(text) : undefined;
      const user = known?.platform === 'slack' ? known.userId : undefined;
      return { type: 'users_select', action_id: field.name, ...(user ? { initial_user: user } : {}) };
    }
    case 'search': {
      // The options come from Amparo as the person types (`block_suggestion`, adapters/slack/options).
      const search = field.search;
      if (!search) return { type: 'plain_text_input', action_id: field.name, ...(text ? { initial_value: text } : {}) };
      const chosen = text ? search.option(text) : undefined;
      return {
        type: 'external_select',
        action_id: searchActionId(search),
        min_query_length: 1,
        placeholder: plain(search.placeholder, viewer, L.placeholder),
        ...(chosen ? { initial_option: option(chosen.value, chosen.label, viewer) } : {}),
      };
    }
    case 'choice': {
      const initial = options.find((o) => o.value === text);
      return { type: 'static_select', action_id: field.name, options, ...(initial ? { initial_option: initial } : {}) };
    }
    case 'multichoice': {
      const chosen = Array.isArray(value) ? options.filter((o) => o.value !== undefined && value.includes(o.value)) : [];
      const initial = chosen.length ? { initial_options: chosen } : {};
      return options.length <= L.checkboxOptions
        ? { type: 'checkboxes', action_id: field.name, options, ...initial }
        : { type: 'multi_static_select', action_id: field.name, options, ...initial };
    }
  }
}

function inputBlock(field: FieldSpec, value: string | string[] | undefined, viewer: Viewer): InputBlock {
  return {
    type: 'input',
    block_id: field.name,
    optional: !field.required,
    label: plain(field.label, viewer, L.inputLabel),
    ...(field.hint ? { hint: plain(field.hint, viewer, L.inputHint) } : {}),
    element: element(field, value, viewer),
  };
}

/** A form as a modal; a form-wide error (e.g. "not saved, try again") heads it. */
export function formModal(reply: FormReply, viewer: Viewer): ModalView {
  const { form } = reply;
  const blocks: KnownBlock[] = [];
  if (reply.formError) blocks.push({ type: 'section', text: textObject(reply.formError, viewer, L.sectionText, { bold: true, prefix: ':warning:' }) });
  if (form.intro) blocks.push({ type: 'context', elements: [textObject(form.intro, viewer, L.sectionText)] });
  for (const field of form.fields) {
    blocks.push(inputBlock(field, reply.values[field.name], viewer));
    const error = reply.errors[field.name];
    // Errors shown after an asynchronous save cannot use Slack's inline errors; they sit under the field.
    if (error) blocks.push({ type: 'context', elements: [textObject(error, viewer, L.sectionText, { prefix: ':x:' })] });
  }
  const metadata: ModalMetadata = { context: reply.context };
  return {
    type: 'modal',
    callback_id: fit(form.id, L.callbackId),
    private_metadata: JSON.stringify(metadata),
    title: plain(form.title, viewer, L.modalTitle),
    submit: plain(form.submit, viewer, L.modalButton),
    close: plain(t('slack.cancel'), viewer, L.modalButton),
    blocks: blocks.slice(0, L.viewBlocks),
  };
}

/** A message shown privately in a modal: case details, a result, a refusal. */
export function messageModal(view: MessageView, viewer: Viewer): ModalView {
  return {
    type: 'modal',
    title: plain(view.sensitive ? t('slack.title_confidential') : t('slack.title'), viewer, L.modalTitle),
    close: plain(t('slack.close'), viewer, L.modalButton),
    blocks: viewBlocks(view, viewer, L.viewBlocks),
  };
}

/** Opened at once on a button or command, while the answer is prepared (trigger ids last 3 s). */
export function workingModal(viewer: Viewer): ModalView {
  return {
    type: 'modal',
    title: plain(t('slack.title'), viewer, L.modalTitle),
    close: plain(t('slack.close'), viewer, L.modalButton),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: mrkdwn(t('slack.working'), viewer) } }],
  };
}

export function replyModal(reply: Reply, viewer: Viewer): ModalView {
  return reply.kind === 'form' ? formModal(reply, viewer) : messageModal(reply.view, viewer);
}

/** Slack's inline errors for `response_action: errors`, keyed by block id (= field name). */
export function inlineErrors(errors: FieldErrors, viewer: Viewer): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([name, error]) => [name, fit(localize(error, viewer), L.inputHint)]));
}

/**
 * A submitted modal's state, as Slack sends it. Anything else (a forged or mangled payload)
 * is read as unanswered fields, which the flows then ask for again.
 */
const optionValue = z.object({ value: z.string() });
const submittedInput = z.looseObject({
  type: z.string(),
  value: z.string().nullish(),
  selected_option: optionValue.nullish(),
  selected_options: z.array(optionValue).optional(),
  selected_date: z.string().nullish(),
  selected_user: z.string().nullish(),
});
const submittedState = z.object({ values: z.record(z.string(), z.unknown()) });

function answerOf(raw: unknown, teamId: string): string | string[] {
  const parsed = submittedInput.safeParse(raw);
  if (!parsed.success) return '';
  const input = parsed.data;
  if (input.selected_user !== undefined) return input.selected_user ? slackIdentity(teamId, input.selected_user) : '';
  if (input.selected_options) return input.selected_options.map((o) => o.value);
  if (input.selected_option !== undefined) return input.selected_option?.value ?? '';
  if (input.selected_date !== undefined) return input.selected_date ?? '';
  return input.value ?? '';
}

/** `teamId` turns a picked user into the identity the flows expect. */
export function submittedValues(state: unknown, teamId = ''): RawValues {
  const parsed = submittedState.safeParse({ values: payloadRecord(payloadRecord(state).values) });
  const values: RawValues = {};
  if (!parsed.success) return values;
  for (const [blockId, actions] of Object.entries(parsed.data.values)) {
    for (const input of Object.values(payloadRecord(actions))) values[blockId] = answerOf(payloadRecord(input), teamId);
  }
  return values;
}

const metadata = z.object({ context: z.string().catch('') }).catch({ context: '' });

export function readMetadata(raw: unknown): ModalMetadata {
  if (typeof raw !== 'string') return { context: '' };
  try {
    return metadata.parse(payloadRecord(JSON.parse(raw)));
  } catch {
    return { context: '' };
  }
}

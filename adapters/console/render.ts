import type { FieldSpec, FormSpec, Option } from '../../flows/form';
import { localize, type Viewer } from '../../flows/localize';
import { t, type Button, type MessageView, type RawValues, type Text } from '../../flows/view';

/** Terminal rendering of flow replies: plain text, one idea per line, buttons numbered. */
const TONE_MARK: Record<MessageView['tone'], string> = {
  info: '•',
  success: '✔',
  warning: '!',
  error: '✖',
  urgent: '‼',
};

export function renderMessage(view: MessageView, viewer: Viewer, header?: Text): string {
  const say = (text: Text) => localize(text, viewer);
  const out: string[] = [];
  if (header) out.push(`── ${say(header)} ──`);
  if (view.sensitive) out.push(`[${say(t('console.sensitive_notice'))}]`);
  out.push(`${TONE_MARK[view.tone]} ${say(view.title)}`);
  for (const section of view.sections) {
    if (section.heading) out.push('', `  ${say(section.heading)}`);
    for (const field of section.fields ?? []) out.push(`    ${say(field.label)}: ${indentContinuation(say(field.value))}`);
    for (const line of section.lines ?? []) out.push(`    ${say(line)}`);
  }
  if (view.buttons.length > 0) out.push('', `  ${renderButtons(view.buttons, viewer)}`);
  return out.join('\n');
}

function renderButtons(buttons: Button[], viewer: Viewer): string {
  return buttons.map((b, i) => `[${i + 1}] ${localize(b.label, viewer)}`).join('  ');
}

function indentContinuation(value: string): string {
  return value.replace(/\n/g, '\n      ');
}

export function renderFormHeader(form: FormSpec, viewer: Viewer): string {
  const out = [`✎ ${localize(form.title, viewer)}`];
  if (form.intro) out.push(`  ${localize(form.intro, viewer)}`);
  out.push(`  ${localize(t('console.form_controls'), viewer)}`);
  return out.join('\n');
}

export function renderQuestion(form: FormSpec, index: number, current: RawValues, viewer: Viewer): string {
  const field = form.fields[index] as FieldSpec;
  const say = (text: Text) => localize(text, viewer);
  const out = [`(${index + 1}/${form.fields.length}) ${say(field.label)} ${say(t(field.required ? 'console.field_required' : 'console.field_optional'))}`];
  if (field.hint) out.push(`    ${say(field.hint)}`);
  if (field.kind === 'person') out.push(`    ${say(t('console.person_hint'))}`);
  if (field.search) out.push(`    ${say(field.search.typing)}`);
  if (field.options) {
    field.options.forEach((option, i) => out.push(`    ${i + 1}) ${say(option.label)}`));
    out.push(`    ${say(t(field.kind === 'multichoice' ? 'console.choose_numbers' : 'console.choose_number'))}`);
  }
  const previous = current[field.name];
  if (previous !== undefined && previous.length > 0) out.push(`    [${answerText(field, previous, viewer)}]`);
  return out.join('\n');
}

function answerText(field: FieldSpec, value: string | string[] | undefined, viewer: Viewer): string {
  const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
  if (values.length === 0 || values[0] === '') return localize(t('console.empty_answer'), viewer);
  if (field.kind === 'person') return values.map((v) => v.replace(/^console:/, '')).join(', ');
  if (field.kind === 'search') return values.map((v) => localize(field.search?.option(v)?.label ?? { raw: v }, viewer)).join(', ');
  if (!field.options) return values.join(', ');
  return values.map((v) => localize(field.options?.find((o) => o.value === v)?.label ?? { raw: v }, viewer)).join(', ');
}

/** The nearest of a long list to an answer that named none of it, one per line: "Iceland (IS)". */
export function renderSuggestions(options: Option[], viewer: Viewer): string {
  const out = [localize(t('console.did_you_mean'), viewer)];
  for (const option of options) out.push(`    ${localize(t('console.search_option', { label: option.label, value: option.value }), viewer)}`);
  return out.join('\n');
}

export function renderReview(form: FormSpec, values: RawValues, viewer: Viewer): string {
  const out = form.fields.map((field, i) => `  ${i + 1}. ${localize(field.label, viewer)}: ${answerText(field, values[field.name], viewer)}`);
  out.push(localize(t('console.form_review'), viewer));
  return out.join('\n');
}

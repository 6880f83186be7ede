/**
 * Slack's documented Block Kit limits, checked independently of the renderer that should
 * respect them (the renderer takes its numbers from adapters/slack/render/limits.ts; these are
 * written out again from Slack's reference so that one cannot drift with the other).
 */
type Json = Record<string, unknown>;

const length = (text: unknown) => [...String(text ?? '')].length;

function textObject(path: string, value: unknown, max: number, problems: string[], plainOnly = false): void {
  const t = value as Json | undefined;
  if (!t) return;
  if (plainOnly && t.type !== 'plain_text') problems.push(`${path}: must be plain_text`);
  if (length(t.text) === 0) problems.push(`${path}: empty text`);
  if (length(t.text) > max) problems.push(`${path}: ${length(t.text)} > ${max} characters`);
}

function element(path: string, e: Json, problems: string[]): void {
  if (e.action_id !== undefined && length(e.action_id) > 255) problems.push(`${path}.action_id too long`);
  switch (e.type) {
    case 'button':
      textObject(`${path}.text`, e.text, 75, problems, true);
      if (length(e.value) > 2000) problems.push(`${path}.value too long`);
      break;
    case 'static_select':
    case 'multi_static_select':
    case 'checkboxes':
    case 'radio_buttons': {
      const options = (e.options as Json[] | undefined) ?? [];
      const max = e.type === 'checkboxes' || e.type === 'radio_buttons' ? 10 : 100;
      if (options.length === 0) problems.push(`${path}: no options`);
      if (options.length > max) problems.push(`${path}: ${options.length} > ${max} options`);
      options.forEach((o, i) => {
        textObject(`${path}.options[${i}].text`, o.text, 75, problems);
        if (length(o.value) > 150) problems.push(`${path}.options[${i}].value too long`);
      });
      break;
    }
    case 'external_select': {
      // Its options come from the app as the person types; only the one already chosen is in the view.
      textObject(`${path}.placeholder`, e.placeholder, 150, problems, true);
      const initial = e.initial_option as Json | undefined;
      if (initial) textObject(`${path}.initial_option.text`, initial.text, 75, problems);
      if (initial && length(initial.value) > 150) problems.push(`${path}.initial_option.value too long`);
      if (e.min_query_length !== undefined && !(Number.isInteger(e.min_query_length) && Number(e.min_query_length) >= 0)) problems.push(`${path}.min_query_length not a count`);
      break;
    }
    case 'plain_text_input':
      if (e.max_length !== undefined && Number(e.max_length) > 3000) problems.push(`${path}.max_length > 3000`);
      if (length(e.initial_value) > 3000) problems.push(`${path}.initial_value > 3000`);
      break;
    case 'datepicker':
      if (e.initial_date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(e.initial_date))) problems.push(`${path}.initial_date not YYYY-MM-DD`);
      break;
    case 'number_input':
    case 'users_select':
      break;
    case 'mrkdwn':
    case 'plain_text':
      if (length(e.text) > 3000) problems.push(`${path}: context text too long`);
      break;
    default:
      problems.push(`${path}: unexpected element type ${String(e.type)}`);
  }
}

export function blockProblems(blocks: Json[], maxBlocks: number): string[] {
  const problems: string[] = [];
  if (blocks.length > maxBlocks) problems.push(`${blocks.length} > ${maxBlocks} blocks`);
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => {
    const path = `blocks[${i}]`;
    if (block.block_id !== undefined) {
      if (length(block.block_id) > 255) problems.push(`${path}.block_id too long`);
      if (blockIds.has(String(block.block_id))) problems.push(`${path}.block_id repeated`);
      blockIds.add(String(block.block_id));
    }
    switch (block.type) {
      case 'header':
        textObject(`${path}.text`, block.text, 150, problems, true);
        break;
      case 'section': {
        if (block.text === undefined && block.fields === undefined) problems.push(`${path}: neither text nor fields`);
        textObject(`${path}.text`, block.text, 3000, problems);
        const fields = (block.fields as Json[] | undefined) ?? [];
        if (fields.length > 10) problems.push(`${path}: ${fields.length} > 10 fields`);
        fields.forEach((f, j) => textObject(`${path}.fields[${j}]`, f, 2000, problems));
        break;
      }
      case 'context': {
        const elements = (block.elements as Json[]) ?? [];
        if (elements.length === 0 || elements.length > 10) problems.push(`${path}: ${elements.length} context elements`);
        elements.forEach((e, j) => element(`${path}.elements[${j}]`, e, problems));
        break;
      }
      case 'actions': {
        const elements = (block.elements as Json[]) ?? [];
        if (elements.length === 0 || elements.length > 25) problems.push(`${path}: ${elements.length} action elements`);
        const ids = elements.map((e) => String(e.action_id));
        if (new Set(ids).size !== ids.length) problems.push(`${path}: an action_id repeats within the block`);
        elements.forEach((e, j) => element(`${path}.elements[${j}]`, e, problems));
        break;
      }
      case 'input':
        textObject(`${path}.label`, block.label, 2000, problems, true);
        textObject(`${path}.hint`, block.hint, 2000, problems, true);
        element(`${path}.element`, block.element as Json, problems);
        break;
      case 'divider':
        break;
      default:
        problems.push(`${path}: unexpected block type ${String(block.type)}`);
    }
  });
  return problems;
}

export function modalProblems(view: Json): string[] {
  const problems = blockProblems((view.blocks as Json[]) ?? [], 100);
  textObject('title', view.title, 24, problems, true);
  textObject('submit', view.submit, 24, problems, true);
  textObject('close', view.close, 24, problems, true);
  if (length(view.private_metadata) > 3000) problems.push('private_metadata > 3000');
  if (length(view.callback_id) > 255) problems.push('callback_id > 255');
  const hasInputs = ((view.blocks as Json[]) ?? []).some((b) => b.type === 'input');
  if (hasInputs && view.submit === undefined) problems.push('a modal with inputs needs a submit button');
  return problems;
}

import type { ActionsBlock, Button as SlackButton, KnownBlock, MrkdwnElement, PlainTextElement, SectionBlock } from '@slack/types';
import { localize, type Viewer } from '../../../flows/localize';
import type { Button, MessageView, Section, Text, Var } from '../../../flows/view';
import { chunk, escapeMrkdwn, fit, SLACK_LIMITS as L } from './limits';

/**
 * MessageView -> Block Kit. The same blocks serve a DM, a modal and the App Home; only the
 * block budget differs. Every text is cut to its limit.
 *
 * Text typed by people never goes into mrkdwn: mrkdwn can escape `&`, `<` and `>` (links,
 * mentions), but has no escape for `*`, `_`, `~`, a backtick or a leading `>`. A text that
 * carries anything not from the catalogue (`carriesData`: a raw text, a value put into a
 * sentence) is a plain_text object, which Slack never formats; mrkdwn keeps the catalogue's
 * words and the bold of headings and labels, escaped all the same.
 */
const TONE_EMOJI: Record<MessageView['tone'], string> = {
  info: ':information_source:',
  success: ':white_check_mark:',
  warning: ':warning:',
  error: ':x:',
  urgent: ':rotating_light:',
};

export function mrkdwn(text: Text, viewer: Viewer): string {
  return escapeMrkdwn(localize(text, viewer));
}

/** Whether a text holds words that are not the catalogue's: typed by people, or a value put into a sentence. */
function carriesData(text: Text): boolean {
  if ('raw' in text) return true;
  return Object.values(text.vars ?? {}).some(varCarriesData);
}

function varCarriesData(value: Var): boolean {
  if (typeof value === 'string') return true;
  if (typeof value === 'number' || 'date' in value || 'region' in value) return false;
  if ('list' in value) return value.list.some(carriesData);
  return carriesData(value);
}

/**
 * A text object for a text: plain_text when it carries data, else mrkdwn (escaped), `bold` and
 * `prefix` (an emoji code of ours) kept where mrkdwn can show them.
 */
export function textObject(text: Text, viewer: Viewer, max: number, style: { bold?: boolean; prefix?: string } = {}): MrkdwnElement | PlainTextElement {
  const prefix = style.prefix ? `${style.prefix} ` : '';
  if (carriesData(text)) return { type: 'plain_text', text: fit(`${prefix}${localize(text, viewer)}`, max), emoji: true };
  const words = mrkdwn(text, viewer);
  return { type: 'mrkdwn', text: fit(`${prefix}${style.bold ? `*${words}*` : words}`, max) };
}

export function plain(text: Text, viewer: Viewer, max: number): { type: 'plain_text'; text: string; emoji: true } {
  return { type: 'plain_text', text: fit(localize(text, viewer), max), emoji: true };
}

/**
 * A section: its heading in bold; its fields as pairs, the label (bold) beside its value (plain
 * text), two columns as Slack lays fields out; its lines as plain text, joined into as few
 * blocks as their length allows.
 */
function sectionBlocks(section: Section, viewer: Viewer): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  if (section.heading) blocks.push({ type: 'section', text: textObject(section.heading, viewer, L.sectionText, { bold: true }) });
  for (const fields of chunk(section.fields ?? [], L.sectionFields / 2)) {
    const block: SectionBlock = {
      type: 'section',
      fields: fields.flatMap((f) => [textObject(f.label, viewer, L.fieldText, { bold: true }), { type: 'plain_text' as const, text: fit(localize(f.value, viewer) || ' ', L.fieldText), emoji: true }]),
    };
    blocks.push(block);
  }
  const lines = (section.lines ?? []).map((line) => localize(line, viewer)).filter((line) => line.length > 0);
  let run = '';
  for (const line of lines) {
    if (run.length + line.length + 1 > L.sectionText) {
      blocks.push({ type: 'section', text: { type: 'plain_text', text: run, emoji: true } });
      run = '';
    }
    run = run ? `${run}\n${line}` : fit(line, L.sectionText);
  }
  if (run) blocks.push({ type: 'section', text: { type: 'plain_text', text: run, emoji: true } });
  return blocks;
}

export function slackButton(button: Button, viewer: Viewer): SlackButton {
  return {
    type: 'button',
    action_id: button.action,
    value: fit(button.arg, L.buttonValue),
    text: plain(button.label, viewer, L.buttonText),
    ...(button.style ? { style: button.style } : {}),
  };
}

/** Buttons in runs of 25; an action id repeats only in a new block, as Slack requires. */
function actionBlocks(buttons: Button[], viewer: Viewer): ActionsBlock[] {
  const blocks: ActionsBlock[] = [];
  let current: Button[] = [];
  const flush = () => {
    if (current.length) blocks.push({ type: 'actions', elements: current.map((b) => slackButton(b, viewer)) });
    current = [];
  };
  for (const button of buttons) {
    if (current.length === L.actionsElements || current.some((b) => b.action === button.action)) flush();
    current.push(button);
  }
  flush();
  return blocks;
}

/**
 * The blocks of a view, within `budget` blocks: when a long case history would not fit, the
 * oldest lines go first and a note says so, but the buttons always stay.
 */
export function viewBlocks(view: MessageView, viewer: Viewer, budget: number, withHeader = true): KnownBlock[] {
  const head: KnownBlock[] = withHeader ? [{ type: 'header', text: plain({ raw: `${TONE_EMOJI[view.tone]} ${localize(view.title, viewer)}` }, viewer, L.headerText) }] : [];
  const body = view.sections.flatMap((s) => sectionBlocks(s, viewer));
  const actions = actionBlocks(view.buttons, viewer);
  const room = budget - head.length - actions.length;
  if (body.length > room) {
    const kept = body.slice(0, Math.max(0, room - 1));
    kept.push({ type: 'context', elements: [{ type: 'mrkdwn', text: mrkdwn({ key: 'slack.truncated' }, viewer) }] });
    return [...head, ...kept, ...actions.slice(0, budget - head.length - kept.length)];
  }
  return [...head, ...body, ...actions];
}

/** The words a notification shows where blocks cannot be seen (phone banners, screen readers). */
export function fallbackText(view: MessageView, viewer: Viewer): string {
  // A message's text is read as mrkdwn: escaped, so that it can hold no link or mention.
  return fit(mrkdwn(view.title, viewer), L.messageText);
}

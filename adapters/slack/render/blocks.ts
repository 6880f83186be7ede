import type { ActionsBlock, Button as SlackButton, KnownBlock, SectionBlock } from '@slack/types';
import { localize, type Viewer } from '../../../flows/localize';
import type { Button, MessageView, Section, Text } from '../../../flows/view';
import { chunk, escapeMrkdwn, fit, SLACK_LIMITS as L } from './limits';

/**
 * MessageView -> Block Kit. The same blocks serve a DM, a modal and the App Home; only the
 * block budget differs. Text typed by people is escaped; every text is cut to its limit.
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

export function plain(text: Text, viewer: Viewer, max: number): { type: 'plain_text'; text: string; emoji: true } {
  return { type: 'plain_text', text: fit(localize(text, viewer), max), emoji: true };
}

function sectionBlocks(section: Section, viewer: Viewer): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  if (section.heading) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: fit(`*${mrkdwn(section.heading, viewer)}*`, L.sectionText) } });
  for (const fields of chunk(section.fields ?? [], L.sectionFields)) {
    const block: SectionBlock = {
      type: 'section',
      fields: fields.map((f) => ({ type: 'mrkdwn', text: fit(`*${mrkdwn(f.label, viewer)}*\n${mrkdwn(f.value, viewer)}`, L.fieldText) })),
    };
    blocks.push(block);
  }
  const lines = (section.lines ?? []).map((line) => mrkdwn(line, viewer)).filter((line) => line.length > 0);
  let run = '';
  for (const line of lines) {
    if (run.length + line.length + 1 > L.sectionText) {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: run } });
      run = '';
    }
    run = run ? `${run}\n${line}` : fit(line, L.sectionText);
  }
  if (run) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: run } });
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
export function actionBlocks(buttons: Button[], viewer: Viewer): ActionsBlock[] {
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
  return fit(localize(view.title, viewer), L.messageText);
}

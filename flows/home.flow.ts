import type { QueueItem } from '../src/services/case-reading';
import { ACTIONS } from './actions';
import { openCaseButton } from './case-buttons';
import { itemVars } from './case.flow';
import type { FlowContext } from './context';
import { ledLine } from './lead.flow';
import { inboxPart } from './referral-inbox.flow';
import { t, type Button, type MessageView, type Section, type Text } from './view';

/**
 * A person's home: what waits for them, grouped by what they have to do, with the buttons
 * to do it. Members see the status of their own reports only.
 */
const GROUPS: Array<{ heading: string; holds: (item: QueueItem) => boolean }> = [
  { heading: 'home.to_assess', holds: (i) => !i.statusOnly && (i.next === 'assess' || i.next === 'complete_assessment') },
  { heading: 'home.to_decide', holds: (i) => !i.statusOnly && i.next === 'decide' },
  { heading: 'home.to_propose', holds: (i) => !i.statusOnly && i.next === 'propose' },
  { heading: 'home.awaiting', holds: (i) => !i.statusOnly && i.next === 'await_decision' },
  { heading: 'home.follow_up', holds: (i) => !i.statusOnly && i.next === 'follow_up' },
  { heading: 'home.other', holds: (i) => !i.statusOnly && i.next === 'none' },
  { heading: 'home.reports', holds: (i) => i.statusOnly },
];

const MAX_CASE_BUTTONS = 20;

function line(item: QueueItem): Text {
  if (item.statusOnly) return t('home.report_line', { reference: item.reference, status: t(`status.${item.status}`) });
  return ledLine(item, t(item.urgent ? 'home.line_urgent' : 'home.line', itemVars(item)));
}

export async function homeView(ctx: FlowContext): Promise<MessageView> {
  const items = await ctx.services.reader.queue(ctx.actor);
  // Urgent first, then the nearest deadline, then the oldest.
  const ordered = [...items].sort((a, b) => Number(b.urgent) - Number(a.urgent) || (a.nextDeadline?.getTime() ?? Infinity) - (b.nextDeadline?.getTime() ?? Infinity));
  const sections: Section[] = GROUPS.map((group) => ({ heading: t(group.heading), lines: ordered.filter(group.holds).map(line) })).filter((s) => (s.lines ?? []).length > 0);
  if (sections.length === 0) sections.push({ lines: [t('queue.empty')] });
  // G16: the referrals made to the reader's committee, after their own cases.
  const inbox = await inboxPart(ctx);
  sections.push(...inbox.sections);
  const buttons: Button[] = [
    { action: ACTIONS.report, arg: '', label: t('buttons.intake'), style: 'primary' },
    { action: ACTIONS.help, arg: '', label: t(`buttons.${ACTIONS.help}`) },
    ...ordered
      .filter((i) => !i.statusOnly)
      .slice(0, MAX_CASE_BUTTONS)
      .map((i) => ({ ...openCaseButton(i.reference), label: t('buttons.case.open_ref', { reference: i.reference }) })),
    ...inbox.buttons,
  ];
  return { tone: 'info', title: t('home.title', { name: ctx.person.displayName }), sections, buttons, sensitive: false };
}

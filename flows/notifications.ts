import type { Notification } from '../src/services/notifications';
import { ACTIONS, proposalArg } from './actions';
import { decisionButtons, openCaseButton } from './case-buttons';
import { informationAlert } from './case-information.flow';
import { decisionView } from './decision.flow';
import { referralAlertView } from './referral.flow';
import { snoozeArg } from './reminders.flow';
import { narrowedReferralView } from './referral-inbox.flow';
import { raw, t, type Button, type MessageView, type Text, type Vars } from './view';

/**
 * How a notification reads, on every platform. Only what the notification carries appears:
 * reference, committee, risk, urgency, a proposal's number and action type, a date. Never a
 * detail of the allegation.
 */
export function notificationView(n: Notification): MessageView {
  const view = freshView(n);
  return n.settled ? settledView(view, n, n.settled) : view;
}

/**
 * A message shown before, brought up to date: what was done, by whom and when, and no button
 * any more (pressing an old one would only be told it was answered).
 */
function settledView(view: MessageView, n: Notification, settled: NonNullable<Notification['settled']>): MessageView {
  // A decided proposal reads as the decision itself, as the chair who decided saw it.
  if (settled.how === 'decided') return n.reference && n.proposal?.type ? decisionView({ reference: n.reference, number: n.proposal.number, type: n.proposal.type }, settled.decision, settled.dueAt) : { ...view, buttons: [] };
  // G12: an alert once a rapporteur leads: who, since when; the case is still there to open.
  if (settled.how === 'led') return { ...view, sections: [...view.sections, { lines: [t('lead.settled', { name: raw(settled.by), at: t('common.date', { date: { date: settled.at, withTime: true } }) })] }] };
  const line = t('alerts.settled.acknowledged', { name: raw(settled.by), at: t('common.date', { date: { date: settled.at, withTime: true } }) });
  return { ...view, tone: 'info', sections: [...view.sections, { lines: [line] }], buttons: [] };
}

function freshView(n: Notification): MessageView {
  // G16: the other committee's rapporteurs may not open the case, only the referral.
  if (n.kind === 'referral.request') return referralAlertView(n);
  // G5e: told that what they may see changed, never what changed in the allegation.
  if (n.kind === 'referral.narrowed') return narrowedReferralView(n);
  const vars: Vars = {
    reference: n.reference ?? '',
    committee: n.committee,
    risk: n.riskLevel ? t(`options.riskLevel.${n.riskLevel}`) : '',
    number: n.proposal?.number ?? 0,
    action: n.proposal?.type ? t(`actionTypes.${n.proposal.type}`) : '',
  };
  const lines: Text[] = [];
  const buttons: Button[] = n.reference ? [openCaseButton(n.reference)] : [];
  let title: Text;
  switch (n.kind) {
    case 'allegation.alert':
      title = t(n.urgent ? 'alerts.allegation.title_urgent' : 'alerts.allegation.title', vars);
      lines.push(t('alerts.allegation.summary', vars), t('case.alleged'));
      if (n.urgent) lines.push(t(n.securityContact ? 'alerts.allegation.g22_contact' : 'alerts.allegation.g22', { contact: n.securityContact ?? '' }));
      lines.push(t(`alerts.allegation.next.${n.audience}`));
      if (n.audience === 'rapporteur' && n.reference) buttons.push({ action: ACTIONS.startAssessment, arg: n.reference, label: t(`buttons.${ACTIONS.startAssessment}`), style: 'primary' });
      // G22: the urgent alert itself can say the matter is in hand, before any reminder.
      if (n.urgent && n.reference && (n.audience === 'rapporteur' || n.audience === 'chair')) {
        buttons.push({ action: ACTIONS.acknowledgeUrgent, arg: n.reference, label: t(`buttons.${ACTIONS.acknowledgeUrgent}`), style: 'danger' });
      }
      // G12: with two or more rapporteurs, one of them takes the case.
      if (n.audience === 'rapporteur' && n.reference && n.lead && 'offered' in n.lead) buttons.push({ action: ACTIONS.takeLead, arg: n.reference, label: t(`buttons.${ACTIONS.takeLead}`) });
      break;
    case 'consultation.request':
      title = t('alerts.consultation.title', vars);
      lines.push(t('alerts.consultation.body', vars));
      break;
    case 'assessment.completed':
      title = t('alerts.assessed.title', vars);
      lines.push(t('alerts.assessed.body', vars));
      break;
    case 'proposal.awaiting_decision':
      title = t('alerts.proposal.title', vars);
      lines.push(t('alerts.proposal.body', vars));
      if (n.proposal && n.reference) buttons.push(...decisionButtons(n.reference, n.proposal.number, n.proposal.type));
      break;
    case 'proposal.decided':
      title = t('alerts.decided.title', vars);
      lines.push(t('alerts.decided.body', { ...vars, verdict: t(`proposalStatus.${n.proposal?.verdict ?? 'proposed'}`), name: n.proposal?.decidedBy ?? '' }));
      break;
    case 'proposal.withdrawn':
      title = t('alerts.withdrawn.title', vars);
      lines.push(t('alerts.withdrawn.body', vars));
      break;
    case 'information.added': {
      // G10: that information arrived, never what it says.
      const alert = informationAlert(n, buttons);
      title = alert.title;
      lines.push(...alert.lines);
      break;
    }
    case 'reminder':
      return reminderView(n, vars, buttons);
    case 'lead.assigned':
      title = t('lead.notice.title', vars);
      lines.push(t('lead.notice.body', { ...vars, name: n.lead && 'givenBy' in n.lead ? raw(n.lead.givenBy) : '' }));
      break;
    case 'lead.released':
      title = t('lead.released.title', vars);
      lines.push(t('lead.released.body', { ...vars, name: n.lead && 'givenBy' in n.lead ? raw(n.lead.givenBy) : '', to: n.lead && 'to' in n.lead ? raw(n.lead.to ?? '') : '' }));
      break;
    case 'reminder.undeliverable':
      title = t('reminders.undeliverable.title', vars);
      lines.push(t('reminders.undeliverable.body', { name: n.reminder?.recipientName ?? '' }));
      break;
  }
  return { tone: n.urgent ? 'urgent' : 'info', title, sections: [{ lines }], buttons, sensitive: false };
}

/** A reminder: what falls due and when, and the buttons to act, acknowledge or snooze. */
function reminderView(n: Notification, vars: Vars, buttons: Button[]): MessageView {
  const reminder = n.reminder;
  const kind = reminder?.kind ?? 'assessment_due';
  // A term's end, a session's start and a planned contact are days; a deadline is an instant, shown where the reader is.
  const contact = kind === 'contact_due' || kind === 'contact_overdue';
  const calendar = kind === 'term_ending' || kind === 'session_report' || contact;
  const withDate: Vars = { ...vars, date: reminder?.about ? t('common.date', { date: { date: reminder.about, calendar } }) : '', name: reminder?.recipientName ?? '', contact: n.securityContact ?? '' };
  const title = t(`reminders.${kind}.title`, withDate);
  const lines = [t(kind === 'urgent' && n.securityContact ? 'reminders.urgent.body_contact' : `reminders.${kind}.body`, withDate)];
  const proposal = n.reference && n.proposal ? proposalArg(n.reference, n.proposal.number) : undefined;
  if (kind === 'decision_waiting' && n.reference && n.proposal) buttons.push(...decisionButtons(n.reference, n.proposal.number, n.proposal.type));
  if ((kind === 'deadline_near' || kind === 'deadline_passed') && proposal) {
    if (n.audience === 'rapporteur') buttons.push({ action: ACTIONS.completeAction, arg: proposal, label: t(`buttons.${ACTIONS.completeAction}`) });
    if (n.audience === 'chair') buttons.push({ action: ACTIONS.extendDeadline, arg: proposal, label: t(`buttons.${ACTIONS.extendDeadline}`) });
  }
  if (kind === 'deadline_passed' && n.reference && n.audience === 'rapporteur') {
    buttons.push({ action: ACTIONS.propose, arg: n.reference, label: t('buttons.reminder.follow_up') });
  }
  // G13: the contact is recorded from the reminder, which settles the series.
  if (contact && n.reference && n.audience === 'rapporteur') buttons.push({ action: ACTIONS.recordContact, arg: n.reference, label: t(`buttons.${ACTIONS.recordContact}`) });
  if (reminder) {
    buttons.push({ action: ACTIONS.acknowledge, arg: reminder.id, label: t(`buttons.${ACTIONS.acknowledge}`), style: 'primary' });
    // G22: an urgent reminder comes back every hour until acknowledged: no day's or week's rest.
    if (kind !== 'urgent') {
      buttons.push({ action: ACTIONS.snooze, arg: snoozeArg(reminder.id, 1), label: t('buttons.reminder.snooze_day') }, { action: ACTIONS.snooze, arg: snoozeArg(reminder.id, 7), label: t('buttons.reminder.snooze_week') });
    }
  }
  return { tone: n.urgent ? 'urgent' : 'warning', title, sections: [{ lines }], buttons, sensitive: false };
}

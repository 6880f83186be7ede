import type { Notification } from '../src/services/notifications';
import { ACTIONS } from './actions';
import { decisionButtons, openCaseButton } from './case-buttons';
import { t, type Button, type MessageView, type Text } from './view';

/**
 * How a notification reads, on every platform. Only what the notification carries appears:
 * reference, committee, risk, urgency, the proposal's number and action type. Never a detail.
 */
export function notificationView(n: Notification): MessageView {
  const vars = { reference: n.reference, committee: n.committee, risk: t(`options.riskLevel.${n.riskLevel}`) };
  const lines: Text[] = [];
  const buttons: Button[] = [openCaseButton(n.reference)];
  let title: Text;
  switch (n.kind) {
    case 'allegation.alert':
      title = t(n.urgent ? 'alerts.allegation.title_urgent' : 'alerts.allegation.title', vars);
      lines.push(t('alerts.allegation.summary', vars), t('case.alleged'));
      if (n.urgent) lines.push(t(n.securityContact ? 'alerts.allegation.g22_contact' : 'alerts.allegation.g22', { contact: n.securityContact ?? '' }));
      lines.push(t(`alerts.allegation.next.${n.audience}`));
      if (n.audience === 'rapporteur') buttons.push({ action: ACTIONS.startAssessment, arg: n.reference, label: t(`buttons.${ACTIONS.startAssessment}`), style: 'primary' });
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
    case 'proposal.decided': {
      const p = n.proposal;
      const proposalVars = { ...vars, number: p?.number ?? 0, action: t(`actionTypes.${p?.type ?? 'G19'}`) };
      if (n.kind === 'proposal.awaiting_decision') {
        title = t('alerts.proposal.title', proposalVars);
        lines.push(t('alerts.proposal.body', proposalVars));
        if (p) buttons.push(...decisionButtons(n.reference, p.number));
      } else {
        title = t('alerts.decided.title', proposalVars);
        lines.push(t('alerts.decided.body', { ...proposalVars, verdict: t(`proposalStatus.${p?.verdict ?? 'proposed'}`), name: p?.decidedBy ?? '' }));
      }
      break;
    }
  }
  return { tone: n.urgent ? 'urgent' : 'info', title, sections: [{ lines }], buttons, sensitive: false };
}

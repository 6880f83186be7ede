import type { ActionTypeId } from '../src/domain/actions';
import type { Case } from '../src/domain/case';
import { can, caseFacts, type Operation } from '../src/domain/policy';
import type { Actor } from '../src/domain/roles';
import { ACTIONS, proposalArg } from './actions';
import { t, type Button } from './view';

/**
 * The buttons a person sees on a case: only what the policy lets them do and the case's
 * state allows. Pressing one is checked again by the service; this only avoids dead buttons.
 */
export function caseButtons(actor: Actor, c: Case): Button[] {
  const allowed = (operation: Operation) => can(actor, operation, { committee: c.committee, case: caseFacts(c) });
  const ref = c.reference;
  const button = (action: string, arg = ref, style?: Button['style']): Button => ({
    action,
    arg,
    label: t(`buttons.${action}`),
    ...(style ? { style } : {}),
  });
  const buttons: Button[] = [];
  const open = c.status !== 'closed';
  const assessing = open && c.assessment?.outcome === undefined;
  if (allowed('assess') && c.status === 'received') buttons.push(button(ACTIONS.startAssessment, ref, 'primary'));
  if (allowed('assess') && assessing) {
    buttons.push(button(ACTIONS.recordSources), button(ACTIONS.consult), button(ACTIONS.recordOutcome));
  }
  if (allowed('propose') && open && (c.status === 'assessed' || c.urgent)) buttons.push(button(ACTIONS.propose, ref, 'primary'));
  for (const p of c.proposals.filter((proposal) => proposal.status === 'proposed')) {
    // G14: never on a proposal the person made themselves.
    if (can(actor, 'decide', { committee: c.committee, case: caseFacts(c), proposal: p })) buttons.push(...decisionButtons(ref, p.number, p.type));
  }
  if (allowed('manage_consent') && open) buttons.push(button(ACTIONS.consent));
  // G13: contact with the person is kept while the case is open and its texts are kept.
  if (allowed('record_contact') && open && !c.textsDestroyed) buttons.push(button(ACTIONS.recordContact));
  // G10: information is added while the case's texts are kept, to a closed case too (it may be reopened for it).
  if (allowed('add_information') && !c.textsDestroyed) buttons.push(button(ACTIONS.addInformation));
  // G12: the first rapporteur to press leads; the chair, or the lead, gives the lead to another.
  if (allowed('take_lead') && open && !c.lead) buttons.push(button(ACTIONS.takeLead));
  if (allowed('assign_lead') && open) buttons.push(button(ACTIONS.assignLead));
  // G16: hidden when the person said no to referral; the typed command says why.
  if (allowed('refer') && open && c.consent.referral.answer !== 'no') buttons.push(button(ACTIONS.refer));
  if (allowed('close') && open) buttons.push(button(ACTIONS.close, ref, 'danger'));
  if (allowed('reopen') && !open) buttons.push(button(ACTIONS.reopen));
  return buttons;
}

/**
 * A G25 action may name the case in the report to the General Assembly: it is approved in the
 * form that shows its public summary (`decision.publish`), never with one press.
 */
export function decisionButtons(reference: string, number: number, type?: ActionTypeId): Button[] {
  const arg = proposalArg(reference, number);
  const approve: Button =
    type === 'G25'
      ? { action: ACTIONS.approvePublic, arg, label: t('buttons.decision.publish', { number }), style: 'primary' }
      : { action: ACTIONS.approve, arg, label: t('buttons.decision.approve', { number }), style: 'primary' };
  return [
    approve,
    { action: ACTIONS.decline, arg, label: t('buttons.decision.decline', { number }), style: 'danger' },
    { action: ACTIONS.askMore, arg, label: t('buttons.decision.more', { number }) },
    { action: ACTIONS.plenary, arg, label: t('buttons.decision.plenary', { number }) },
  ];
}

export function openCaseButton(reference: string): Button {
  return { action: ACTIONS.openCase, arg: reference, label: t('buttons.case.open') };
}

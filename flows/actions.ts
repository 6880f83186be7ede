/**
 * Action ids: one constant per action, the same string as the Slack `action_id`, the Teams
 * `Action.Execute` verb and the console command. Forms that actions open share the id. What
 * each action does, its typed words and its argument are declared once, in `flows/index.ts`.
 */
export const ACTIONS = {
  report: 'intake',
  queue: 'queue.show',
  openCase: 'case.open',
  // G11: finding a case among the committee's cases.
  searchCases: 'case.search',
  startAssessment: 'assessment.start',
  recordSources: 'assessment.sources',
  // G13: a contact with the person at risk or their representative.
  recordContact: 'contact.record',
  // G12: a rapporteur takes the lead on a case; the chair or the lead gives it to another.
  takeLead: 'lead.take',
  assignLead: 'lead.assign',
  // G10, G11: information added to a case after its report (a new incident, a reply, a document).
  addInformation: 'information.add',
  consult: 'assessment.consult',
  recordOutcome: 'assessment.outcome',
  propose: 'proposal.create',
  approve: 'decision.approve',
  decline: 'decision.decline',
  askMore: 'decision.more',
  plenary: 'decision.plenary',
  // G25: approving an action whose public summary the chair reads and approves as public, or not.
  approvePublic: 'decision.publish',
  consent: 'consent.update',
  close: 'case.close',
  reopen: 'case.reopen',
  help: 'help.show',
  roles: 'roles.show',
  acknowledge: 'reminder.ack',
  snooze: 'reminder.snooze',
  // G22: an urgent case acknowledged from its alert, before any reminder.
  acknowledgeUrgent: 'alert.ack',
  completeAction: 'proposal.complete',
  extendDeadline: 'decision.extend',
  assignRole: 'roles.assign',
  endRole: 'roles.end',
  language: 'language.set',
  reportProgress: 'report.progress',
  reportGa: 'report.ga',
  // The contribution to the Secretary-General's annual report on reprisals (1 May to 30 April).
  reportSg: 'report.sg',
  // G16: referral to another committee, and opening what it shares.
  refer: 'referral.create',
  openReferral: 'referral.open',
  // G16: the referrals made to the reader's committee.
  referralInbox: 'referral.inbox',
  addPractice: 'practice.add',
  searchPractices: 'practice.search',
} as const;

export type ActionId = (typeof ACTIONS)[keyof typeof ACTIONS];

export const ACTION_IDS: readonly ActionId[] = Object.values(ACTIONS);

/** Whether a string from a payload (a button, a callback id) names an action. */
export function isActionId(value: string): value is ActionId {
  return (ACTION_IDS as readonly string[]).includes(value);
}

/** A proposal is named by its case and its number in the case: `CAT-2026-0001#2`. */
export function proposalArg(reference: string, number: number): string {
  return `${reference}#${number}`;
}

export function parseProposalArg(arg: string): { reference: string; number: number } | undefined {
  const match = /^([A-Za-z]{2,6}-\d{4}-\d{4,})#(\d{1,3})$/.exec(arg.trim());
  return match ? { reference: (match[1] as string).toUpperCase(), number: Number(match[2]) } : undefined;
}

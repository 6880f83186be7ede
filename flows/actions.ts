/**
 * Action ids: one constant per action, the same string as the Slack `action_id`, the Teams
 * `Action.Execute` verb and the console command. Forms that actions open share the id.
 */
export const ACTIONS = {
  report: 'intake',
  queue: 'queue.show',
  openCase: 'case.open',
  startAssessment: 'assessment.start',
  recordSources: 'assessment.sources',
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
  // G16: referral to another committee, and opening what it shares.
  refer: 'referral.create',
  openReferral: 'referral.open',
  addPractice: 'practice.add',
  searchPractices: 'practice.search',
} as const;

export type ActionId = (typeof ACTIONS)[keyof typeof ACTIONS];

export const ACTION_IDS: readonly string[] = Object.values(ACTIONS);

/** A proposal is named by its case and its number in the case: `CAT-2026-0001#2`. */
export function proposalArg(reference: string, number: number): string {
  return `${reference}#${number}`;
}

export function parseProposalArg(arg: string): { reference: string; number: number } | undefined {
  const match = /^([A-Za-z]{2,6}-\d{4}-\d{4,})#(\d{1,3})$/.exec(arg.trim());
  return match ? { reference: (match[1] as string).toUpperCase(), number: Number(match[2]) } : undefined;
}

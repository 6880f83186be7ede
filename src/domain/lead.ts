import { AmparoError } from '../errors';
import { change, type Case, type Change, type Step } from './case';

/**
 * A lead rapporteur per case (G8, G12): where a committee has two or more rapporteurs, one of
 * them says "I take this one", or the chair says who does. Who may is `can(…, 'take_lead' |
 * 'assign_lead', …)`; these transitions say what the case must be for it, and write the
 * change with its register entry (ids only).
 */

function refuseIfClosed(c: Case): void {
  if (c.status === 'closed') throw new AmparoError('INVALID_STATE', 'errors.case.closed', { reference: c.reference });
}

/**
 * The first press wins. A second press by another rapporteur is refused naming the lead
 * (`name` carries their id; the service puts their name in it); by the lead again, it is
 * refused as already theirs.
 */
export function takeLead(c: Case, step: Step): Change {
  refuseIfClosed(c);
  if (c.lead?.personId === step.actorId) throw new AmparoError('INVALID_STATE', 'lead.errors.already_yours', { reference: c.reference });
  if (c.lead) throw new AmparoError('ALREADY_DECIDED', 'lead.errors.taken', { reference: c.reference, name: c.lead.personId });
  return change(c, step, { lead: { personId: step.actorId, since: step.at } }, [['lead.taken', { lead: step.actorId }]]);
}

/** The lead goes to `to` (the caller asked the policy that `to` is a current rapporteur). */
export function assignLead(c: Case, step: Step, to: string): Change {
  refuseIfClosed(c);
  if (c.lead?.personId === to) throw new AmparoError('INVALID_STATE', 'lead.errors.already_lead', { reference: c.reference });
  return change(c, step, { lead: { personId: to, since: step.at } }, [['lead.assigned', { lead: to, previous: c.lead?.personId ?? null }]]);
}

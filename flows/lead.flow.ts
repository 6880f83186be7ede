import { z } from 'zod/v4';
import type { Case } from '../src/domain/case';
import { AmparoError } from '../src/errors';
import type { QueueItem } from '../src/services/case-reading';
import { ACTIONS } from './actions';
import { caseButtons } from './case-buttons';
import type { CaseFormEntry } from './case-forms';
import type { FlowContext } from './context';
import { field, parseForm, type FormSpec, type Option } from './form';
import { message, raw, t, type Field, type FieldErrors, type Reply, type Text } from './view';

/**
 * G12: a lead rapporteur per case. A rapporteur presses "Take the lead" on the alert or the
 * case (the first press wins; a later one is told who leads); the chair, or the lead handing
 * over, gives the lead to another rapporteur of the committee in a form.
 */

const when = (date: Date): Text => t('common.date', { date: { date, withTime: true } });

export async function takeLead(ctx: FlowContext, reference: string): Promise<Reply> {
  const { case: c } = await ctx.services.lead.take(ctx.actor, reference);
  return message('success', t('lead.taken', { reference: c.reference }), [], caseButtons(ctx.actor, c));
}

async function assignForm(ctx: FlowContext, c: Case): Promise<FormSpec> {
  const candidates = (await ctx.services.lead.candidates(c)).filter((p) => p._id !== c.lead?.personId);
  if (candidates.length === 0) throw new AmparoError('INVALID_STATE', 'lead.errors.no_candidate', { reference: c.reference });
  const options: Option[] = candidates.map((p) => ({ value: p._id, label: raw(p.displayName) }));
  const values = options.map((o) => o.value) as [string, ...string[]];
  return {
    id: ACTIONS.assignLead,
    title: t('lead.form.title'),
    submit: t('lead.form.submit'),
    intro: t('lead.form.intro', { reference: c.reference }),
    fields: [{ ...field.choiceOf('to', z.enum(values, { error: 'errors.field.choose' }), options), label: t('lead.form.to_label') }],
  };
}

/** The lead given to a current rapporteur of the committee, picked among them (`assign_lead`). */
export const LEAD_FORM: CaseFormEntry = {
  id: ACTIONS.assignLead,
  operation: 'assign_lead',
  build: (ctx, c) => assignForm(ctx, c),
  read: (spec, values) => {
    const parsed = parseForm(spec, values, z.object({ to: z.string() }));
    const back = (errors: FieldErrors, arg: string): Reply => ({ kind: 'form', form: spec, context: arg, values, errors });
    if (!parsed.ok) return { errors: parsed.errors, submit: async (_ctx, _c, arg) => back(parsed.errors, arg) };
    return {
      errors: {},
      submit: async (ctx, c) => {
        const { case: next, lead } = await ctx.services.lead.assign(ctx.actor, c.reference, parsed.data.to);
        return message('success', t('lead.assigned', { reference: next.reference, name: raw(lead.name) }), [], caseButtons(ctx.actor, next));
      },
    };
  },
};

/** The case's lead, as the case view shows it. */
export function leadField(c: Case, names: ReadonlyMap<string, string>): Field {
  const value = c.lead ? t('lead.since', { name: raw(names.get(c.lead.personId) ?? c.lead.personId), at: when(c.lead.since) }) : t('lead.nobody');
  return { label: t('lead.label'), value };
}

/** A queue line with whose case it is: the reader's own, or led by someone else. */
export function ledLine(item: QueueItem, line: Text): Text {
  return item.lead ? t(`lead.queue.${item.lead}`, { line }) : line;
}

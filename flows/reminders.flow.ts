import { z } from 'zod/v4';
import { LIMITS, optionalText, text } from '../src/domain/allegation';
import { ACTIONS } from './actions';
import { caseButtons } from './case-buttons';
import { entry, form, type CaseFormEntry } from './case-forms';
import type { FlowContext } from './context';
import { proposalOf } from './decision.flow';
import { field } from './form';
import { message, t, type Reply } from './view';

/**
 * What a reminder's buttons do: acknowledge (the series stops, for everyone), snooze (again
 * in a day or a week), mark an approved action done, extend its deadline (chair, with a reason).
 */
export async function acknowledge(ctx: FlowContext, reminderId: string): Promise<Reply> {
  const reminder = await ctx.services.scheduler.acknowledge(ctx.actor, reminderId);
  return message('success', t('reminders.acknowledged', { reference: reminder.reference ?? reminder.committee }));
}

/** G22: an urgent case acknowledged from its alert: the hourly reminders stop for everyone. */
export async function acknowledgeUrgent(ctx: FlowContext, reference: string): Promise<Reply> {
  const c = await ctx.services.cases.load(ctx.actor, reference, 'open');
  await ctx.services.scheduler.acknowledgeUrgent(ctx.actor, c);
  return message('success', t('reminders.acknowledged', { reference: c.reference }));
}

/** The days a reminder can be put off by: a day, or a week (not on an urgent case). */
type SnoozeDays = 1 | 7;

/** A snooze button's argument, `<reminder id>|<days>`: built and read only here. */
export function snoozeArg(reminderId: string, days: SnoozeDays): string {
  return `${reminderId}|${days}`;
}

function readSnoozeArg(arg: string): { reminderId: string; days: SnoozeDays } {
  const bar = arg.lastIndexOf('|');
  if (bar < 0) return { reminderId: arg, days: 1 };
  return { reminderId: arg.slice(0, bar), days: arg.slice(bar + 1) === '7' ? 7 : 1 };
}

export async function snooze(ctx: FlowContext, arg: string): Promise<Reply> {
  const { reminderId, days } = readSnoozeArg(arg);
  const until = await ctx.services.scheduler.snooze(ctx.actor, reminderId, days);
  return message('success', t('reminders.snoozed', { date: t('common.date', { date: { date: until, withTime: true } }) }));
}

const completionNote = optionalText(LIMITS.longText);
const completeSchema = z.object({ completionNote });

const complete = entry({
  id: ACTIONS.completeAction,
  operation: 'propose',
  schema: completeSchema,
  build: () => form(ACTIONS.completeAction, [field.textarea('completionNote', completionNote, { required: false, sensitive: true, maxLength: LIMITS.longText })]),
  submit: async (ctx, c, data, arg) => {
    const proposal = proposalOf(c, arg);
    const next = await ctx.services.cases.completeAction(ctx.actor, c.reference, proposal.id, data.completionNote);
    return message('success', t('forms.proposal.complete.done', { reference: c.reference, number: proposal.number }), [], caseButtons(ctx.actor, next));
  },
});

const days = z
  .string()
  .trim()
  .regex(/^\d{1,3}$/, { error: 'errors.field.days' })
  .transform(Number)
  .refine((n) => n >= 1 && n <= 365, { error: 'errors.field.days' });
const reason = text(LIMITS.longText);
const extendSchema = z.object({ days, reason });

const extend = entry({
  id: ACTIONS.extendDeadline,
  operation: 'decide',
  schema: extendSchema,
  build: () => form(ACTIONS.extendDeadline, [field.number('days', days), field.textarea('reason', reason, { sensitive: true, maxLength: LIMITS.longText })]),
  submit: async (ctx, c, data, arg) => {
    const proposal = proposalOf(c, arg);
    const next = await ctx.services.cases.extendDeadline(ctx.actor, c.reference, proposal.id, data.days, data.reason);
    const due = next.proposals.find((p) => p.id === proposal.id)?.dueAt ?? new Date();
    return message('success', t('forms.decision.extend.done', { reference: c.reference, number: proposal.number, date: t('common.date', { date: { date: due } }) }));
  },
});

export const REMINDER_FORMS: readonly CaseFormEntry[] = [complete, extend];

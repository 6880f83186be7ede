import { CONTACT_LIMITS, CONTACT_MEANS, CONTACT_PARTIES, contactShape, contactTimingErrors, nextContactDue } from '../src/domain/contacts';
import type { ContactEntry } from '../src/services/contacts';
import { ACTIONS } from './actions';
import { caseButtons } from './case-buttons';
import type { CaseFormEntry } from './case-forms';
import { field, parseForm, wordedIn, type FormSpec } from './form';
import { message, raw, t, type FieldErrors, type Reply, type Section, type Text } from './view';

/**
 * G13: keeping contact with the person or group at risk, or their representative. A rapporteur
 * records each contact (`/amparo contact <reference>` or the case's button); the case, opened
 * privately, lists them. The summary is sealed and shown only there, never in a chat.
 */

function contactForm(): FormSpec {
  const { shape } = contactShape;
  return {
    id: ACTIONS.recordContact,
    title: t('contacts.form.title'),
    submit: t('contacts.form.submit'),
    intro: t('contacts.form.intro'),
    fields: [
      wordedIn('contacts.form', field.date('on', shape.on)),
      wordedIn('contacts.form', field.choiceOf('means', shape.means, CONTACT_MEANS.map((value) => ({ value, label: t(`contacts.means.${value}`) })))),
      wordedIn('contacts.form', field.choiceOf('party', shape.party, CONTACT_PARTIES.map((value) => ({ value, label: t(`contacts.party.${value}`) })))),
      wordedIn('contacts.form', field.textarea('summary', shape.summary, { sensitive: true, maxLength: CONTACT_LIMITS.summary }), true),
      wordedIn('contacts.form', field.date('nextDueOn', shape.nextDueOn, { required: false }), true),
    ],
  };
}

const calendarDay = (day: string): Text => t('common.date', { date: { date: new Date(`${day}T00:00:00Z`), calendar: true } });

/** The contact form, opened on a case the person may record a contact on (`record_contact`). */
export const CONTACT_FORM: CaseFormEntry = {
  id: ACTIONS.recordContact,
  operation: 'record_contact',
  build: () => contactForm(),
  read: (spec, values) => {
    const parsed = parseForm(spec, values, contactShape);
    const back = (errors: FieldErrors, arg: string): Reply => ({ kind: 'form', form: spec, context: arg, values, errors });
    if (!parsed.ok) return { errors: parsed.errors, submit: async (_ctx, _c, arg) => back(parsed.errors, arg) };
    return {
      errors: {},
      submit: async (ctx, c, arg, submissionKey) => {
        // When a contact may be is a question for the clock, asked as the answers are saved.
        const timing = Object.entries(contactTimingErrors(parsed.data, ctx.services.clock.now()));
        if (timing.length > 0) return back(Object.fromEntries(timing.map(([name, key]) => [name, t(key)])), arg);
        const { case: next, contact } = await ctx.services.contacts.record(ctx.actor, c.reference, parsed.data, submissionKey);
        const planned = contact.nextDueOn ? [{ lines: [t('contacts.next_planned', { date: calendarDay(contact.nextDueOn) })] }] : [];
        return message('success', t('contacts.recorded', { reference: next.reference, date: calendarDay(contact.on) }), planned, caseButtons(ctx.actor, next));
      },
    };
  },
};

/**
 * The case's contacts as its private view shows them: each with its day, how, with whom and its
 * summary, and the next one planned. Nothing for someone who may not read them.
 */
export function contactSections(entries: readonly ContactEntry[] | undefined, names: ReadonlyMap<string, string>): Section[] {
  if (entries === undefined) return [];
  const heading = t('contacts.heading');
  if (entries.length === 0) return [{ heading, lines: [t('contacts.none')] }];
  const next = nextContactDue(entries.map((e) => e.contact));
  return [
    {
      heading,
      ...(next ? { fields: [{ label: t('contacts.labels.next_due'), value: calendarDay(next) }] } : {}),
      lines: entries.flatMap(({ contact, summary }) => [
        t(contact.nextDueOn ? 'contacts.line_planned' : 'contacts.line', {
          date: calendarDay(contact.on),
          means: t(`contacts.means.${contact.means}`),
          party: t(`contacts.party.${contact.party}`),
          name: raw(names.get(contact.recordedBy) ?? contact.recordedBy),
          ...(contact.nextDueOn ? { next: calendarDay(contact.nextDueOn) } : {}),
        }),
        raw(summary),
      ]),
    },
  ];
}

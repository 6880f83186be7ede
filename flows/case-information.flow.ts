import { CHANNELS } from '../src/domain/allegation';
import { INFORMATION_INCIDENT, INFORMATION_LIMITS, INFORMATION_SOURCES, informationErrors, informationShape } from '../src/domain/case-information';
import type { Notification } from '../src/services/notifications';
import type { InformationEntry } from '../src/services/case-information';
import { ACTIONS } from './actions';
import { caseButtons } from './case-buttons';
import type { CaseFormEntry } from './case-forms';
import { field, parseForm, wordedIn, type FormSpec } from './form';
import { message, raw, t, type Button, type FieldErrors, type Reply, type Section, type Text } from './view';

/**
 * G10, G11: new information on a case (a new incident, a reply from the State party, what a
 * document says). The member who reported it, a rapporteur or the chair adds it
 * (`/amparo add-info <reference>` or the case's button); the case, opened privately, lists it for
 * those who may read it. The reporter still sees only the case's status, and the alert that goes
 * to the rapporteurs and the chair never carries the text.
 */

function informationForm(): FormSpec {
  const { shape } = informationShape;
  return {
    id: ACTIONS.addInformation,
    title: t('information.form.title'),
    submit: t('information.form.submit'),
    intro: t('information.form.intro'),
    fields: [
      wordedIn('information.form', field.textarea('text', shape.text, { sensitive: true, maxLength: INFORMATION_LIMITS.text }), true),
      wordedIn('information.form', field.choiceOf('source', shape.source, INFORMATION_SOURCES.map((value) => ({ value, label: t(`information.source.${value}`) })))),
      wordedIn('information.form', field.choice('channel', shape.channel, 'channel', CHANNELS)),
      wordedIn('information.form', field.choiceOf('newIncident', shape.newIncident, INFORMATION_INCIDENT.map((value) => ({ value, label: t(`information.incident.${value}`) })))),
      wordedIn('information.form', field.date('incidentOn', shape.incidentOn, { required: false }), true),
    ],
  };
}

const calendarDay = (day: string): Text => t('common.date', { date: { date: new Date(`${day}T00:00:00Z`), calendar: true } });
const asErrors = (errors: Record<string, string>): FieldErrors => Object.fromEntries(Object.entries(errors).map(([name, key]) => [name, t(key)]));

/** The form, opened on a case the person may add information to (`add_information`). */
export const INFORMATION_FORM: CaseFormEntry = {
  id: ACTIONS.addInformation,
  operation: 'add_information',
  build: () => informationForm(),
  read: (spec, values) => {
    const parsed = parseForm(spec, values, informationShape);
    const back = (errors: FieldErrors, arg: string): Reply => ({ kind: 'form', form: spec, context: arg, values, errors });
    const errors = parsed.ok ? asErrors(informationErrors(parsed.data)) : parsed.errors;
    if (!parsed.ok || Object.keys(errors).length > 0) return { errors, submit: async (_ctx, _c, arg) => back(errors, arg) };
    return {
      errors: {},
      submit: async (ctx, c, arg, submissionKey) => {
        // Whether the incident's day has come is a question for the clock, asked as the answers are saved.
        const timing = asErrors(informationErrors(parsed.data, ctx.services.clock.now()));
        if (Object.keys(timing).length > 0) return back(timing, arg);
        const { case: next, information } = await ctx.services.information.add(ctx.actor, c.reference, parsed.data, submissionKey);
        const incident = information.incidentOn ? [{ lines: [t('information.incident_noted', { date: calendarDay(information.incidentOn) })] }] : [];
        return message('success', t('information.added', { reference: next.reference }), incident, caseButtons(ctx.actor, next));
      },
    };
  },
};

/**
 * The information added to the case as its private view shows it: each with when, where it came
 * from, how, who added it in which role, the day of a new incident, and its text. Nothing for
 * someone who may not read it, nor when none was added.
 */
export function informationSections(entries: readonly InformationEntry[] | undefined, names: ReadonlyMap<string, string>): Section[] {
  if (entries === undefined || entries.length === 0) return [];
  return [
    {
      heading: t('information.heading'),
      lines: entries.flatMap(({ information, text }) => [
        t(information.incidentOn ? 'information.line_incident' : 'information.line', {
          date: t('common.date', { date: { date: information.addedAt } }),
          source: t(`information.source.${information.source}`),
          channel: t(`options.channel.${information.channel}`),
          name: raw(names.get(information.addedBy) ?? information.addedBy),
          role: t(`information.role.${information.addedAs}`),
          ...(information.incidentOn ? { incident: calendarDay(information.incidentOn) } : {}),
        }),
        raw(text),
      ]),
    },
  ];
}

/**
 * G10: the alert that information arrived, for the rapporteurs and the chair: the reference,
 * who added it by role, whether it reports a new incident, never what it says. A new incident on
 * a closed case offers to reopen it (the case's reopening form).
 */
export function informationAlert(n: Notification, buttons: Button[]): { title: Text; lines: Text[] } {
  const vars = { reference: n.reference ?? '', committee: n.committee, role: t(`information.role.${n.information?.addedAs ?? 'reporter'}`) };
  const incident = n.information?.newIncident === true;
  const lines = [t(incident ? 'information.alert.body_incident' : 'information.alert.body', vars)];
  if (incident && n.information?.closed && n.reference) {
    lines.push(t('information.alert.closed', vars));
    buttons.push({ action: ACTIONS.reopen, arg: n.reference, label: t(`buttons.${ACTIONS.reopen}`), style: 'primary' });
  }
  return { title: t(incident ? 'information.alert.title_incident' : 'information.alert.title', vars), lines };
}

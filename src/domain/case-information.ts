import { createHash } from 'node:crypto';
import { z } from 'zod/v4';
import { AmparoError } from '../errors';
import { CHANNELS } from './allegation';
import { choice, dayAt, optionalCalendarDay, text } from './fields';
import type { Sealed } from './sealed';
import type { SubmissionKey } from './submission-key';

/**
 * G10, G11, G12: an allegation grows after it is reported: a new incident, a reply from the State
 * party, what a document says. The member who reported the case, and the committee's
 * rapporteurs and chair, add it to the case. Each addition is kept apart from the case (the
 * `case_information` collection), its text sealed to it; the register says that information
 * was added, by whom in which role, and whether it reports a new incident, never what it says.
 */
export const INFORMATION_SOURCES = ['person', 'representative', 'ngo', 'state_party', 'un_presence', 'media', 'other'] as const;
type InformationSource = (typeof INFORMATION_SOURCES)[number];

type InformationChannel = (typeof CHANNELS)[number];

export const INFORMATION_INCIDENT = ['yes', 'no'] as const;

/** In which capacity the person added it: the reporter of the case, or one who works on it. */
export type InformationRole = 'reporter' | 'rapporteur' | 'chair';

export const INFORMATION_LIMITS = { text: 3000 } as const;

export interface CaseInformation {
  _id: string;
  caseId: string;
  committee: string;
  /** What was learnt, sealed bound to the case and this addition (`informationBinding`). */
  text: Sealed;
  source: InformationSource;
  /** G11: as the intake's channel, oral or written. */
  channel: InformationChannel;
  /** The calendar day of a new incident it reports, `YYYY-MM-DD`; absent when it reports none. */
  incidentOn?: string;
  addedBy: string;
  addedAs: InformationRole;
  addedAt: Date;
  /** G10: set when the addition is stored, until its alert has gone to every rapporteur and the chair; the sweep sends what is still owed. */
  owed?: true;
}

/**
 * An addition's id, from the submission that makes it (`<person>:<platform>:<id>`), so that the
 * same submission saved twice (a double click, a resubmission after a timeout) is one addition.
 */
export function informationId(submissionKey: SubmissionKey): string {
  return `in-${createHash('sha256').update(submissionKey).digest('hex').slice(0, 24)}`;
}

/** What an addition's text is sealed bound to: its case and the addition itself, so it cannot be moved. */
export function informationBinding(caseId: string, informationId: string): string {
  return `${caseId}:information:${informationId}:text`;
}

/** The register entry of an addition: its id follows from the addition's, so it is written once. */
export function informationEventId(informationId: string): string {
  return `information:${informationId}:added`;
}


/** An addition's answers as typed, each checked alone; the incident's day is checked with its answer (`informationErrors`). */
export const informationShape = z.object({
  text: text(INFORMATION_LIMITS.text),
  source: choice(INFORMATION_SOURCES),
  channel: choice(CHANNELS),
  newIncident: choice(INFORMATION_INCIDENT),
  incidentOn: optionalCalendarDay,
});

export type InformationInput = z.input<typeof informationShape>;
type InformationAnswers = z.output<typeof informationShape>;

/**
 * A new incident has its day, which has come (asked only when the clock is given); no day is
 * given for information that reports none. By field, as message keys; empty when the answers fit.
 */
export function informationErrors(answers: Pick<InformationAnswers, 'newIncident' | 'incidentOn'>, now?: Date): Record<string, string> {
  if (answers.newIncident === 'no') return answers.incidentOn === undefined ? {} : { incidentOn: 'information.errors.no_incident' };
  if (answers.incidentOn === undefined) return { incidentOn: 'information.errors.incident_day' };
  return now !== undefined && answers.incidentOn > dayAt(now, 14) ? { incidentOn: 'errors.field.date_future' } : {};
}

/** What a caller gives, checked whole against the clock (passed in, never read here). */
export const informationInputSchema = (now: () => Date) =>
  informationShape.superRefine((answers, ctx) => {
    for (const [path, message] of Object.entries(informationErrors(answers, now()))) ctx.addIssue({ code: 'custom', message, path: [path] });
  });

/** Information is added to a case whose texts are kept; a closed case takes it too (it may be reopened for it). */
export function assertInformable(c: { reference: string; textsDestroyed?: unknown }): void {
  if (c.textsDestroyed) throw new AmparoError('INVALID_STATE', 'retention.case_destroyed', { reference: c.reference });
}

/** A case's additions in the order they were made. */
export function informationHistory(entries: readonly CaseInformation[]): CaseInformation[] {
  return [...entries].sort((a, b) => a.addedAt.getTime() - b.addedAt.getTime() || (a._id < b._id ? -1 : 1));
}

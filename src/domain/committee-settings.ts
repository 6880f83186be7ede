import { AmparoError } from '../errors';
import { committeeSchema, type Committee } from './committee';

/**
 * Who owns which committee setting. The committees file owns exactly the settings it names:
 * they are written to the record at every start. Every other setting lives in the record
 * alone and is changed with `amparo committees set` or `amparo sessions`. So each setting has
 * one source of truth, and an edited file never silently undoes a change made since.
 */
export const SETTINGS = [
  'name',
  'assessmentTargetDays',
  'securityContact',
  'reminders.assessmentNoticeDays',
  'reminders.deadlineNoticeDays',
  'reminders.decisionWaitDays',
  'reminders.termNoticeDays',
  'reminders.sessionNoticeDays',
  'reminders.urgentRepeatMinutes',
  'sessions',
] as const;
export type Setting = (typeof SETTINGS)[number];

type Session = Committee['sessions'][number];

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The settings one committee entry of the file names (`reminders` names each offset it gives). */
export function namedSettings(entry: unknown): Setting[] {
  if (!isObject(entry)) return [];
  return SETTINGS.filter((setting) => {
    const [head = '', tail] = setting.split('.');
    if (!(head in entry)) return false;
    if (tail === undefined) return true;
    const group = entry[head];
    // `"reminders": {}` or a wrong value names nothing the schema would not refuse.
    return isObject(group) && tail in group;
  });
}

function read(committee: Committee, setting: Setting): unknown {
  const [head, tail] = setting.split('.') as [keyof Committee, string | undefined];
  const value = committee[head];
  return tail === undefined ? value : (value as Record<string, unknown>)[tail];
}

function write(target: Record<string, unknown>, setting: Setting, value: unknown): void {
  const [head = '', tail] = setting.split('.');
  if (tail === undefined) target[head] = value;
  else target[head] = { ...(target[head] as Record<string, unknown>), [tail]: value };
}

/** What start writes: the stored committee with the file's named settings laid over it. */
export function withFileSettings(stored: Committee | null, fromFile: Committee, named: readonly Setting[]): Committee {
  if (!stored) return fromFile;
  const merged: Record<string, unknown> = structuredClone(stored);
  for (const setting of named) write(merged, setting, structuredClone(read(fromFile, setting)));
  // A setting the record does not have yet (added in a later version) takes its default.
  return committeeSchema.parse(merged);
}

/**
 * The committee with `changes` applied. Refuses a setting the file owns, naming it, and any
 * value the committee's schema refuses (the problem's path names the setting).
 */
export function changeSettings(committee: Committee, changes: Partial<Record<Setting, unknown>>, pinned: readonly Setting[]): Committee {
  const owned = (Object.keys(changes) as Setting[]).filter((setting) => pinned.includes(setting));
  if (owned.length > 0) throw new AmparoError('INVALID_INPUT', 'errors.committee_settings.pinned', { committee: committee._id, settings: owned.join(', ') });
  const next: Record<string, unknown> = structuredClone(committee);
  for (const [setting, value] of Object.entries(changes) as Array<[Setting, unknown]>) write(next, setting, value);
  const parsed = committeeSchema.safeParse(next);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AmparoError('INVALID_INPUT', 'errors.committee_settings.invalid', { setting: issue?.path.join('.') ?? '', problem: issue?.message ?? '' });
  }
  return parsed.data;
}

/** G15: a session added, in date order; a session that overlaps another is refused. */
export function addSession(committee: Committee, session: Session, pinned: readonly Setting[]): Committee {
  if (session.end < session.start) throw new AmparoError('INVALID_INPUT', 'errors.committee_settings.session_order');
  const clash = committee.sessions.find((s) => s.start <= session.end && session.start <= s.end);
  if (clash) throw new AmparoError('INVALID_STATE', 'errors.committee_settings.session_overlaps', { start: clash.start, end: clash.end });
  const sessions = [...committee.sessions, session].sort((a, b) => a.start.localeCompare(b.start));
  return changeSettings(committee, { sessions }, pinned);
}

/** The session that starts on `start` removed. */
export function removeSession(committee: Committee, start: string, pinned: readonly Setting[]): Committee {
  if (!committee.sessions.some((s) => s.start === start)) throw new AmparoError('NOT_FOUND', 'errors.committee_settings.session_not_found', { committee: committee._id, start });
  return changeSettings(committee, { sessions: committee.sessions.filter((s) => s.start !== start) }, pinned);
}

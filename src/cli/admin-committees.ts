import { z } from 'zod/v4';
import type { Committee } from '../domain/committee';
import { SETTINGS, type Setting } from '../domain/committee-settings';
import { plannedForSessions } from '../domain/reminders';
import { EXIT } from '../startup';
import { isoDay, parseArguments, withAdmin, type AdminRecord } from './admin-context';
import { committeeCode, print, problem } from './shared';

/** `amparo committees list|show|set` and `amparo sessions list|add|remove` (G4, G15). */

/** Each option of `committees set` and the setting it changes. */
export const SETTING_OPTIONS: ReadonlyArray<{ flag: string; key: string; setting: Setting }> = [
  { flag: '--name <name>', key: 'name', setting: 'name' },
  { flag: '--assessment-days <days>', key: 'assessmentDays', setting: 'assessmentTargetDays' },
  { flag: '--security-contact <text>', key: 'securityContact', setting: 'securityContact' },
  { flag: '--assessment-notice-days <days>', key: 'assessmentNoticeDays', setting: 'reminders.assessmentNoticeDays' },
  { flag: '--deadline-notice-days <list>', key: 'deadlineNoticeDays', setting: 'reminders.deadlineNoticeDays' },
  { flag: '--decision-wait-days <days>', key: 'decisionWaitDays', setting: 'reminders.decisionWaitDays' },
  { flag: '--term-notice-days <days>', key: 'termNoticeDays', setting: 'reminders.termNoticeDays' },
  { flag: '--session-notice-days <days>', key: 'sessionNoticeDays', setting: 'reminders.sessionNoticeDays' },
  { flag: '--urgent-repeat-minutes <minutes>', key: 'urgentRepeatMinutes', setting: 'reminders.urgentRepeatMinutes' },
];

const whole = z.coerce.number({ error: problem('operator.cli.whole_number') }).int({ error: problem('operator.cli.whole_number') });
const setArguments = z
  .object({
    committee: committeeCode,
    name: z.string().trim().min(1).max(200).optional(),
    assessmentDays: whole.min(1).max(365).optional(),
    securityContact: z.string().trim().max(300).optional(),
    assessmentNoticeDays: whole.min(0).max(60).optional(),
    deadlineNoticeDays: z
      .string()
      .transform((list): unknown[] => list.split(',').map((d) => d.trim()).filter((d) => d !== ''))
      .pipe(z.array(whole.min(0).max(365)).max(5, { error: problem('operator.cli.notice_days_max') }))
      .optional(),
    decisionWaitDays: whole.min(1).max(60).optional(),
    termNoticeDays: whole.min(1).max(365).optional(),
    sessionNoticeDays: whole.min(1).max(90).optional(),
    urgentRepeatMinutes: whole.min(5).max(24 * 60).optional(),
  })
  .refine((a) => SETTING_OPTIONS.some((o) => a[o.key as keyof typeof a] !== undefined), { error: problem('operator.cli.setting_needed') });

const committeeOnly = z.object({ committee: committeeCode });

function settingValue(committee: Committee, setting: Setting): string {
  const [head, tail] = setting.split('.') as [keyof Committee, string | undefined];
  const value: unknown = tail === undefined ? committee[head] : (committee[head] as Record<string, unknown>)[tail];
  if (setting === 'sessions') return String(committee.sessions.length);
  return Array.isArray(value) ? value.join(',') : String(value);
}

async function holders(record: AdminRecord, committee: Committee, role: 'rapporteur' | 'chair'): Promise<string> {
  const people = await record.services.people.holding(committee._id, role);
  return people.length ? people.map((p) => p.displayName).join(', ') : record.say('cli.admin.nobody');
}

async function summary(record: AdminRecord, committee: Committee): Promise<string> {
  const { say } = record;
  const today = new Date().toISOString().slice(0, 10);
  const next = committee.sessions.find((s) => s.end >= today);
  return say('cli.admin.committee_line', {
    code: committee._id,
    name: committee.name,
    count: committee.sessions.length,
    next: next ? say('cli.admin.next_session', { start: next.start }) : '',
    assessment: committee.assessmentTargetDays,
    notice: committee.reminders.sessionNoticeDays,
    term: committee.reminders.termNoticeDays,
    rapporteurs: await holders(record, committee, 'rapporteur'),
    chair: await holders(record, committee, 'chair'),
  });
}

export async function committeesList(): Promise<number> {
  return withAdmin(async (record) => {
    const all = await record.committees.list();
    if (all.length === 0) print(record.say('cli.admin.no_committees'));
    for (const committee of all) print(await summary(record, committee));
    return EXIT.ok;
  });
}

export async function committeesShow(raw: unknown): Promise<number> {
  const parsed = parseArguments(committeeOnly, raw, ['committee']);
  if (!parsed.ok) return parsed.code;
  return withAdmin(async (record) => {
    const { say } = record;
    const committee = await record.committees.get(parsed.value.committee);
    const pinned = record.committees.pinned(committee._id);
    print(await summary(record, committee));
    for (const setting of SETTINGS) {
      const source = pinned.includes(setting) ? say('cli.admin.from_file', { file: record.config.committeesFile?.path ?? '' }) : say('cli.admin.from_record');
      print(say('cli.admin.setting_line', { setting, value: settingValue(committee, setting), source }));
    }
    printSessions(record, committee);
    return EXIT.ok;
  });
}

export async function committeesSet(raw: unknown): Promise<number> {
  const parsed = parseArguments(setArguments, raw, ['committee']);
  if (!parsed.ok) return parsed.code;
  const args = parsed.value;
  const changes = Object.fromEntries(SETTING_OPTIONS.filter((o) => args[o.key as keyof typeof args] !== undefined).map((o) => [o.setting, args[o.key as keyof typeof args]]));
  return withAdmin(async (record) => {
    const committee = await record.committees.changeSettings(args.committee, changes);
    print(record.say('cli.admin.settings_changed', { committee: committee._id, settings: Object.keys(changes).join(', ') }));
    return EXIT.ok;
  });
}

function printSessions(record: AdminRecord, committee: Committee): void {
  const { say } = record;
  if (committee.sessions.length === 0) {
    print(say('cli.admin.no_sessions', { committee: committee._id }));
    return;
  }
  const reminders = new Map(plannedForSessions(committee).map((p) => [p.occurrence, p.dueAt.toISOString().slice(0, 10)]));
  for (const s of committee.sessions) {
    print(say('cli.admin.session_line', { start: s.start, end: s.end, name: s.name ? ` ${s.name}` : '', reminder: reminders.get(s.start) ?? '' }));
  }
}

export async function sessionsList(raw: unknown): Promise<number> {
  const parsed = parseArguments(committeeOnly, raw);
  if (!parsed.ok) return parsed.code;
  return withAdmin(async (record) => {
    printSessions(record, await record.committees.get(parsed.value.committee));
    return EXIT.ok;
  });
}

const addArguments = z
  .object({ committee: committeeCode, from: isoDay, to: isoDay, name: z.string().trim().min(1).max(100).optional() })
  .refine((a) => a.from <= a.to, { error: problem('operator.cli.from_after_to'), path: ['to'] });

export async function sessionsAdd(raw: unknown): Promise<number> {
  const parsed = parseArguments(addArguments, raw);
  if (!parsed.ok) return parsed.code;
  const { committee: code, from, to, name } = parsed.value;
  return withAdmin(async (record) => {
    const committee = await record.committees.addSession(code, { start: from, end: to, ...(name ? { name } : {}) });
    print(record.say('cli.admin.session_added', { committee: code, start: from, end: to }));
    printSessions(record, committee);
    return EXIT.ok;
  });
}

const removeArguments = z.object({ committee: committeeCode, from: isoDay });

export async function sessionsRemove(raw: unknown): Promise<number> {
  const parsed = parseArguments(removeArguments, raw);
  if (!parsed.ok) return parsed.code;
  const { committee: code, from } = parsed.value;
  return withAdmin(async (record) => {
    const committee = await record.committees.removeSession(code, from);
    print(record.say('cli.admin.session_removed', { committee: code, start: from }));
    printSessions(record, committee);
    return EXIT.ok;
  });
}

import { userInfo } from 'node:os';
import { z } from 'zod/v4';
import { randomIds, systemClock } from '../clock';
import type { TreatyBody } from '../domain/committee';
import { isCalendarDay } from '../domain/fields';
import type { Actor } from '../domain/roles';
import { isAmparoError } from '../errors';
import { silentLogger } from '../logger';
import { createServices, type Services } from '../services';
import { applyCommitteesFile, CommitteeService } from '../services/committees';
import { PermanentDeliveryError } from '../services/notifications';
import { seedPeople } from '../services/seed';
import { EXIT, readConfig, reportStoreUnavailable } from '../startup';
import { problem, withRecord, type OpenRecord } from './shared';

/**
 * What the administration commands share: the record opened with the same services the chat
 * uses (so the same rules and the same re-planning of reminders apply), the operator as an
 * actor, and one way of turning a refusal into a message and an exit code.
 */
export interface AdminRecord extends OpenRecord {
  services: Services;
  committees: CommitteeService;
  /** Who is at the terminal, as the record names them: `cli:<login>`. */
  operator: string;
}

function login(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    // Some containers run under a uid with no name.
    return process.env.USER ?? 'unknown';
  }
}

/**
 * The operator acts as the deployment's administrator of the committee named in the command:
 * whoever can run this command can already read and write the database and holds the keys.
 * The policy is still asked (`manage_roles` allows an administrator), so no rule is bypassed.
 */
export function operatorActor(operator: string, committee: TreatyBody): Actor {
  return { personId: operator, displayName: operator, roles: [{ id: operator, committee, role: 'admin', start: new Date(0), assignedBy: operator }] };
}

/** The chat's services never send from here: the command line only plans reminders. */
const noDelivery = { deliver: async () => Promise.reject(new PermanentDeliveryError('the command line sends no messages')), settle: async () => undefined };

export async function withAdmin(run: (record: AdminRecord) => Promise<number>): Promise<number> {
  return withRecord(async (record) => {
    const { store, keys, config } = record;
    const services = createServices({ store, keys, clock: systemClock, ids: randomIds, notifier: noDelivery, logger: silentLogger, defaults: { locale: config.locale, timeZone: config.timeZone } });
    // As at the server's start, so that the command line sees what the server serves.
    await applyCommitteesFile(store, config);
    await seedPeople(store, config.people, { locale: config.locale, timeZone: config.timeZone });
    const committees = new CommitteeService(store, services.scheduler, config);
    try {
      return await run({ ...record, services, committees, operator: `cli:${login()}` });
    } catch (error) {
      // A database lost during the command is said as at the start (`lostStore`).
      if (!isAmparoError(error) || error.code === 'STORE_UNAVAILABLE') throw error;
      process.stderr.write(`${record.say(error.messageKey, error.vars)}\n`);
      // What was typed names something that does not exist or cannot be: a usage error.
      return error.code === 'NOT_FOUND' || error.code === 'INVALID_INPUT' ? EXIT.config : EXIT.failed;
    }
  }).catch(lostStore);
}

/** The database went away during the command: said as at the start, exit 3. */
export function lostStore(error: unknown): number {
  const config = readConfig(process.env, process.stderr);
  if (config && reportStoreUnavailable(error, config, process.stderr)) return EXIT.store;
  throw error;
}

/**
 * Checks a command's arguments; on failure prints each problem naming the option as typed
 * (`--assessment-days`) or the positional argument (`<committee>`), and gives exit 2.
 */
export function parseArguments<T extends z.ZodType>(schema: T, raw: unknown, positionals: readonly string[] = []): { ok: true; value: z.infer<T> } | { ok: false; code: number } {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const name = (key: string) => (positionals.includes(key) ? `<${key}>` : `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
  process.stderr.write(`${parsed.error.issues.map((i) => `${i.path.length > 0 ? `${name(String(i.path[0]))}: ` : ''}${i.message}`).join('\n')}\n`);
  return { ok: false, code: EXIT.config };
}

/** A calendar day as typed, kept as text (sessions are stored so). */
export const isoDay = z.string().refine(isCalendarDay, { error: problem('operator.cli.date') });

export const startOfDay = (day: string): Date => new Date(`${day}T00:00:00Z`);
export const dayOf = (date: Date): string => date.toISOString().slice(0, 10);
/** A day, or a day and a time when the moment is not midnight (a term ended now). */
export const momentOf = (date: Date): string => (date.toISOString().endsWith('T00:00:00.000Z') ? dayOf(date) : `${dayOf(date)} ${date.toISOString().slice(11, 16)} UTC`);

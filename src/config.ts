import { readFileSync } from 'node:fs';
import { validate } from 'node-cron';
import { z } from 'zod/v4';
import { committeeSchema, TREATY_BODIES, type Committee, type TreatyBody } from './domain/committee';
import { namedSettings, type Setting } from './domain/committee-settings';
import { identity } from './domain/fields';
import { ROLES } from './domain/roles';
import { hasKey, languageOf, translate } from './i18n';
import { parseDataKeys, type DataKey } from './keys';
import { isAmparoError } from './errors';
import { BOT_FRAMEWORK_HOSTS, hostEntries, isLoopbackUrl, TrustedHosts, validHostEntries } from './http/trusted-hosts';

/**
 * Every setting, parsed once from the environment. A wrong value stops startup with a
 * message naming the variable (README, "Configuration").
 */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

/** The operators' words in the language being configured (AMPARO_LOCALE), English while that is itself wrong. */
type Say = (key: string, vars?: Record<string, string>) => string;

const LOCALE = /^[a-z]{2}(-[A-Z]{2})?$/;

/** The language of the configuration's own messages: AMPARO_LOCALE when it is valid, else English. */
export function configLocale(env: NodeJS.ProcessEnv): string {
  const given = env.AMPARO_LOCALE?.trim();
  return given && LOCALE.test(given) ? given : 'en';
}

const environmentSchema = (say: Say) => z.object({
  MONGODB_URI: optional(z.string().regex(/^mongodb(\+srv)?:\/\//, { error: say('operator.config.mongodb_uri') })),
  MONGODB_DB: z.preprocess(blankToUndefined, z.string().regex(/^[A-Za-z0-9_-]{1,38}$/, { error: say('operator.config.mongodb_db') }).default('amparo')),
  AMPARO_DATA_KEY: optional(z.string()),
  AMPARO_DATA_DIR: z.preprocess(blankToUndefined, z.string().default('.amparo')),
  AMPARO_COMMITTEES_FILE: optional(z.string()),
  AMPARO_DEMO: optional(z.enum(['on', 'off'], { error: say('operator.config.on_off') })),
  AMPARO_LOCALE: z.preprocess(blankToUndefined, z.string().regex(LOCALE, { error: say('operator.config.locale') }).default('en')),
  AMPARO_TIME_ZONE: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine((zone) => isTimeZone(zone), { error: say('operator.config.time_zone_example') })
      .default('UTC'),
  ),
  LOG_LEVEL: z.preprocess(blankToUndefined, z.enum(LOG_LEVELS, { error: say('operator.config.one_of', { values: LOG_LEVELS.join(', ') }) }).optional()),
  PORT: optional(z.coerce.number({ error: say('operator.config.port') }).int({ error: say('operator.config.port') }).min(0).max(65535)),
  SLACK_BOT_TOKEN: optional(z.string().regex(/^xoxb-/, { error: say('operator.config.slack_bot_token') })),
  SLACK_SIGNING_SECRET: optional(z.string().min(8, { error: say('operator.config.slack_signing_secret') })),
  SLACK_APP_TOKEN: optional(z.string().regex(/^xapp-/, { error: say('operator.config.slack_app_token') })),
  SLACK_API_URL: optional(z.url({ error: say('operator.config.slack_api_url') })),
  SLACK_TEAM_ID: optional(z.string().regex(/^T[A-Z0-9]{2,}$/, { error: say('operator.config.slack_team_id') })),
  MICROSOFT_APP_ID: optional(z.guid({ error: say('operator.config.microsoft_app_id') })),
  MICROSOFT_APP_PASSWORD: optional(z.string().min(1)),
  MICROSOFT_APP_TYPE: z.preprocess(blankToUndefined, z.enum(['MultiTenant', 'SingleTenant'], { error: say('operator.config.microsoft_app_type') }).default('MultiTenant')),
  MICROSOFT_APP_TENANT_ID: optional(z.guid({ error: say('operator.config.tenant_id') })),
  TEAMS_TENANT_ID: optional(z.guid({ error: say('operator.config.tenant_id') })),
  TEAMS_SERVICE_URL: z.preprocess(blankToUndefined, z.url({ error: say('operator.config.url') }).default('https://smba.trafficmanager.net/teams/')),
  TEAMS_EMULATOR: optional(z.enum(['on', 'off'], { error: say('operator.config.on_off') })),
  TEAMS_SERVICE_URL_HOSTS: optional(z.string().refine(validHostEntries, { error: say('operator.config.hosts') })),
  TEAMS_UPLOAD_HOSTS: optional(z.string().refine(validHostEntries, { error: say('operator.config.hosts') })),
  AMPARO_SWEEP_SCHEDULE: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine((expression) => expression === 'off' || validate(expression), { error: say('operator.config.sweep_schedule') })
      .default('*/30 * * * * *'),
  ),
  AMPARO_REMINDER_LEASE_SECONDS: z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: say('operator.config.lease_number') }).int({ error: say('operator.config.lease_whole') }).min(5, { error: say('operator.config.lease_min') }).max(3600, { error: say('operator.config.lease_max') }).default(300),
  ),
  AMPARO_DELIVERY_KEY_DAYS: z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: say('operator.config.delivery_key_days') }).int({ error: say('operator.config.delivery_key_days') }).min(1, { error: say('operator.config.delivery_key_days') }).max(365, { error: say('operator.config.delivery_key_days') }).default(7),
  ),
  AMPARO_QUIET_HOURS: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^(off|([01]?\d|2[0-3])-([01]?\d|2[0-3]))$/, { error: say('operator.config.quiet_hours') })
      .default('20-8'),
  ),
});

type Environment = z.infer<ReturnType<typeof environmentSchema>>;

export interface SlackConfig {
  botToken: string;
  /** HTTP mode: requests to /slack/events are verified with it. */
  signingSecret?: string;
  /** Socket Mode when set. */
  appToken?: string;
  apiUrl?: string;
  /** Requests from any other workspace are refused. Required with MongoDB; absent only to try Amparo. */
  teamId?: string;
}

export interface TeamsConfig {
  /** Absent only for local emulation, where requests are not authenticated (and the banner says so). */
  appId?: string;
  appPassword?: string;
  appType: 'MultiTenant' | 'SingleTenant';
  appTenantId?: string;
  /** Activities from any other tenant are refused. Required with MongoDB; absent only to try Amparo. */
  tenantId?: string;
  /** Where to create a 1:1 conversation with someone who has not written to the bot yet. */
  serviceUrl: string;
  /** Service URL hosts trusted besides the Bot Framework's own (`BOT_FRAMEWORK_HOSTS`): a sovereign cloud, a test stand-in. */
  serviceUrlHosts?: string[];
  /** Upload hosts for report files besides OneDrive's and SharePoint's (`TEAMS_FILE_HOSTS`). */
  uploadHosts?: string[];
}

const DEFAULT_PORT = 3000;

export interface Config {
  /** `deliveryKeyDays`: how long delivery keys (platform retries, messages sent) are kept. */
  store: { kind: 'mongodb'; uri: string; database: string; deliveryKeyDays?: number } | { kind: 'embedded'; dataDir: string; deliveryKeyDays?: number };
  /** Absent only for the embedded store, which then makes a local development key. */
  dataKeys?: DataKey[];
  dataDir: string;
  committees: Committee[];
  /** The committees file and, per committee, the settings it names (it owns those; the record owns the rest). */
  committeesFile?: { path: string; named: Partial<Record<TreatyBody, Setting[]>> };
  /** People to create at start if none of their identities is known yet. */
  people: SeedPerson[];
  demo: boolean;
  locale: string;
  timeZone: string;
  logLevel?: (typeof LOG_LEVELS)[number];
  /** With a chat platform the HTTP server always runs, on 3000 unless told otherwise. */
  port?: number;
  slack?: SlackConfig;
  teams?: TeamsConfig;
  /** How often reminders are swept (cron, with seconds), or `off`. */
  sweepSchedule: string;
  /** Local hours without reminders (urgent ones excepted). */
  quietHours: { start: number; end: number };
  /** How long a process's claim on a reminder holds before another may send it (a dead process's). */
  reminderLeaseMs?: number;
}

/** Each problem names the variable first: `PORT: must be a port number`. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'ConfigError';
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const seedRoleSchema = (say: Say) =>
  z.object({
    committee: z.enum(TREATY_BODIES),
    role: z.enum(ROLES),
    stateParty: z.string().regex(/^[A-Z]{2}$/, { error: say('operator.config.state_party_code') }).optional(),
    start: z.iso.date({ error: say('operator.config.date') }),
    end: z.iso.date({ error: say('operator.config.date') }).optional(),
  });

const seedPersonSchema = (say: Say) =>
  z.object({
    name: z.string().min(1).max(200),
    identities: z.array(identity).min(1),
    locale: z.string().optional(),
    timeZone: z.string().refine((zone) => isTimeZone(zone), { error: say('operator.config.time_zone') }).optional(),
    roles: z.array(seedRoleSchema(say)).default([]),
  });

export type SeedPerson = z.infer<ReturnType<typeof seedPersonSchema>>;

/** The committees served, and the people to create at first start (the first chair, say). */
const committeesFileSchema = (say: Say) => z.object({ committees: z.array(committeeSchema).min(1), people: z.array(seedPersonSchema(say)).default([]) });

function readCommittees(file: string, say: Say): z.infer<ReturnType<typeof committeesFileSchema>> & { named: Partial<Record<TreatyBody, Setting[]>> } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError([`AMPARO_COMMITTEES_FILE: ${say('operator.config.file_unreadable', { file, reason: (error as Error).message })}`]);
  }
  const result = committeesFileSchema(say).safeParse(parsed);
  if (!result.success) {
    // The shared field schemas word their errors as catalogue keys (forms show them): say them.
    throw new ConfigError(result.error.issues.map((i) => `AMPARO_COMMITTEES_FILE: ${i.path.join('.') || say('operator.config.whole_file')}: ${hasKey(i.message) ? say(i.message) : i.message}`));
  }
  const entries = (parsed as { committees: unknown[] }).committees;
  const named = Object.fromEntries(result.data.committees.map((c, index) => [c._id, namedSettings(entries[index])]));
  return { ...result.data, named };
}

/** zod's own words (a number out of range, say), in the operators' language too. */
const ZOD_LOCALES: Record<string, () => Parameters<typeof z.config>[0]> = { ar: z.locales.ar, zh: z.locales.zhCN, en: z.locales.en, fr: z.locales.fr, ru: z.locales.ru, es: z.locales.es };

export function speakZod(locale: string): void {
  z.config((ZOD_LOCALES[languageOf(locale)] ?? z.locales.en)());
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const locale = configLocale(env);
  const say: Say = (key, vars = {}) => translate(locale, key, vars);
  speakZod(locale);
  const result = environmentSchema(say).safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = result.data;
  let dataKeys: DataKey[] | undefined;
  if (e.AMPARO_DATA_KEY !== undefined) {
    try {
      dataKeys = parseDataKeys(e.AMPARO_DATA_KEY);
    } catch (error) {
      throw new ConfigError([`AMPARO_DATA_KEY: ${isAmparoError(error) ? say(error.messageKey, Object.fromEntries(Object.entries(error.vars).map(([name, value]) => [name, String(value)]))) : (error as Error).message}`]);
    }
    if (dataKeys.length === 0) throw new ConfigError([`AMPARO_DATA_KEY: ${say('operator.config.data_key_none')}`]);
  }
  if (e.MONGODB_URI !== undefined && dataKeys === undefined) {
    throw new ConfigError([`AMPARO_DATA_KEY: ${say('operator.config.data_key_required')}`]);
  }
  const slack = slackConfig(e, say);
  const teams = teamsConfig(e, say);
  // A real record serves one workspace and one tenant: otherwise anyone who installs the app elsewhere reaches it.
  if (e.MONGODB_URI !== undefined && slack && !slack.teamId) throw new ConfigError([`SLACK_TEAM_ID: ${say('operator.config.slack_team_id_required')}`]);
  if (e.MONGODB_URI !== undefined && teams && !teams.tenantId) throw new ConfigError([`TEAMS_TENANT_ID: ${say('operator.config.teams_tenant_id_required')}`]);
  const store: Config['store'] = e.MONGODB_URI
    ? { kind: 'mongodb', uri: e.MONGODB_URI, database: e.MONGODB_DB, deliveryKeyDays: e.AMPARO_DELIVERY_KEY_DAYS }
    : { kind: 'embedded', dataDir: e.AMPARO_DATA_DIR, deliveryKeyDays: e.AMPARO_DELIVERY_KEY_DAYS };
  const file = e.AMPARO_COMMITTEES_FILE ? readCommittees(e.AMPARO_COMMITTEES_FILE, say) : undefined;
  return {
    store,
    ...(dataKeys ? { dataKeys } : {}),
    dataDir: e.AMPARO_DATA_DIR,
    committees: file?.committees ?? [],
    ...(file && e.AMPARO_COMMITTEES_FILE ? { committeesFile: { path: e.AMPARO_COMMITTEES_FILE, named: file.named } } : {}),
    people: file?.people ?? [],
    // The demo committee is there for trying Amparo; it is never seeded into MongoDB unasked.
    demo: e.AMPARO_DEMO ? e.AMPARO_DEMO === 'on' : store.kind === 'embedded',
    locale: e.AMPARO_LOCALE,
    timeZone: e.AMPARO_TIME_ZONE,
    ...(e.LOG_LEVEL ? { logLevel: e.LOG_LEVEL } : {}),
    ...(e.PORT !== undefined ? { port: e.PORT } : slack || teams ? { port: DEFAULT_PORT } : {}),
    ...(slack ? { slack } : {}),
    ...(teams ? { teams } : {}),
    sweepSchedule: e.AMPARO_SWEEP_SCHEDULE,
    quietHours: quietHours(e.AMPARO_QUIET_HOURS),
    reminderLeaseMs: e.AMPARO_REMINDER_LEASE_SECONDS * 1000,
  };
}

function slackConfig(e: Environment, say: Say): SlackConfig | undefined {
  const given = [e.SLACK_BOT_TOKEN, e.SLACK_SIGNING_SECRET, e.SLACK_APP_TOKEN, e.SLACK_API_URL, e.SLACK_TEAM_ID].some((v) => v !== undefined);
  if (!given) return undefined;
  if (e.SLACK_BOT_TOKEN === undefined) throw new ConfigError([`SLACK_BOT_TOKEN: ${say('operator.config.slack_bot_token_required')}`]);
  if (e.SLACK_SIGNING_SECRET === undefined && e.SLACK_APP_TOKEN === undefined) {
    throw new ConfigError([`SLACK_SIGNING_SECRET: ${say('operator.config.slack_signing_secret_required')}`]);
  }
  return {
    botToken: e.SLACK_BOT_TOKEN,
    ...(e.SLACK_SIGNING_SECRET ? { signingSecret: e.SLACK_SIGNING_SECRET } : {}),
    ...(e.SLACK_APP_TOKEN ? { appToken: e.SLACK_APP_TOKEN } : {}),
    ...(e.SLACK_API_URL ? { apiUrl: e.SLACK_API_URL } : {}),
    ...(e.SLACK_TEAM_ID ? { teamId: e.SLACK_TEAM_ID } : {}),
  };
}

function quietHours(setting: string): { start: number; end: number } {
  if (setting === 'off') return { start: 0, end: 0 };
  const [start = 20, end = 8] = setting.split('-').map(Number);
  return { start, end };
}

function teamsConfig(e: Environment, say: Say): TeamsConfig | undefined {
  const hosts = {
    ...(e.TEAMS_SERVICE_URL_HOSTS ? { serviceUrlHosts: hostEntries(e.TEAMS_SERVICE_URL_HOSTS) } : {}),
    ...(e.TEAMS_UPLOAD_HOSTS ? { uploadHosts: hostEntries(e.TEAMS_UPLOAD_HOSTS) } : {}),
  };
  const trusted = TrustedHosts.of(BOT_FRAMEWORK_HOSTS, hosts.serviceUrlHosts ?? []);
  if (e.MICROSOFT_APP_ID === undefined) {
    if (e.TEAMS_EMULATOR !== 'on') {
      if (e.MICROSOFT_APP_PASSWORD !== undefined) throw new ConfigError([`MICROSOFT_APP_ID: ${say('operator.config.microsoft_app_id_required')}`]);
      return undefined;
    }
    // Nothing is authenticated in emulation: it is for trying Amparo, never beside a real record.
    for (const variable of ['MONGODB_URI', 'AMPARO_DATA_KEY'] as const) {
      if (e[variable] !== undefined) throw new ConfigError([`TEAMS_EMULATOR: ${say('operator.config.teams_emulator_record', { variable })}`]);
    }
    if (!trusted.trusts(e.TEAMS_SERVICE_URL) && !isLoopbackUrl(e.TEAMS_SERVICE_URL)) throw new ConfigError([`TEAMS_SERVICE_URL: ${say('operator.config.teams_service_url_host')}`]);
    return { appType: e.MICROSOFT_APP_TYPE, serviceUrl: e.TEAMS_SERVICE_URL, ...(e.TEAMS_TENANT_ID ? { tenantId: e.TEAMS_TENANT_ID } : {}), ...hosts };
  }
  if (e.TEAMS_EMULATOR === 'on') throw new ConfigError([`TEAMS_EMULATOR: ${say('operator.config.teams_emulator_conflict')}`]);
  // Alerts to people who never wrote to the bot go there, with the bot's token.
  if (!trusted.trusts(e.TEAMS_SERVICE_URL)) throw new ConfigError([`TEAMS_SERVICE_URL: ${say('operator.config.teams_service_url_host')}`]);
  if (e.MICROSOFT_APP_PASSWORD === undefined) throw new ConfigError([`MICROSOFT_APP_PASSWORD: ${say('operator.config.microsoft_app_password_required')}`]);
  if (e.MICROSOFT_APP_TYPE === 'SingleTenant' && e.MICROSOFT_APP_TENANT_ID === undefined) {
    throw new ConfigError([`MICROSOFT_APP_TENANT_ID: ${say('operator.config.microsoft_app_tenant_required')}`]);
  }
  return {
    appId: e.MICROSOFT_APP_ID,
    appPassword: e.MICROSOFT_APP_PASSWORD,
    appType: e.MICROSOFT_APP_TYPE,
    ...(e.MICROSOFT_APP_TENANT_ID ? { appTenantId: e.MICROSOFT_APP_TENANT_ID } : {}),
    ...(e.TEAMS_TENANT_ID ? { tenantId: e.TEAMS_TENANT_ID } : {}),
    serviceUrl: e.TEAMS_SERVICE_URL,
    ...hosts,
  };
}

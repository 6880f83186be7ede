import { mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod/v4';
import { connectStore, openStore } from '../store/open';
import { randomIds, systemClock } from '../clock';
import type { Config } from '../config';
import { TREATY_BODIES } from '../domain/committee';
import { isCalendarDay } from '../domain/fields';
import { operatorLocale, translate } from '../i18n';
import type { KeyRing } from '../services/crypto';
import { loadKeyRing } from '../services/data-keys';
import { MaintenanceService } from '../services/maintenance';
import { RegisterService } from '../services/register';
import type { Store } from '../store/store';
import { EXIT, readConfig, reportStoreUnavailable } from '../startup';

/** What every `amparo` command shares: the record opened from the environment, output, argument checks. */
export type Say = (key: string, vars?: Record<string, string | number>) => string;

/** The operators' language (AMPARO_LOCALE), for what is said before the configuration is read: option checks. */
export const operatorSay: Say = (key, vars = {}) => translate(operatorLocale(), key, vars);

/** A zod `error` that is worded when the problem happens, in the operators' language. */
export const problem =
  (key: string, vars: Record<string, string | number> = {}) =>
  (): string =>
    operatorSay(key, vars);

export interface OpenRecord {
  store: Store;
  keys: KeyRing;
  say: Say;
  config: Config;
}

/** Hands the command a started `commander` action's exit code. */
export type Done = (code: Promise<number>) => void;

/**
 * Opens the store and the keys from the environment, runs, closes; a missing database is exit 3.
 * `init: false` leaves the indexes as they are, for a command that inspects them.
 */
export async function withRecord(run: (record: OpenRecord) => Promise<number>, options: { init?: boolean } = {}): Promise<number> {
  const config = readConfig(process.env, process.stderr);
  if (!config) return EXIT.config;
  const say: Say = (key, vars = {}) => translate(config.locale, key, vars);
  let store;
  try {
    store = options.init === false ? await connectStore(config) : await openStore(config);
  } catch (error) {
    if (reportStoreUnavailable(error, config, process.stderr)) return EXIT.store;
    throw error;
  }
  try {
    const { keys } = await loadKeyRing(config.dataKeys, config.dataDir);
    return await run({ store, keys, say, config });
  } finally {
    await store.close();
  }
}

export function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

export type WriteRefusal = { file: string; reason: 'exists' } | { file: string; reason: 'unwritable'; code: string };

/**
 * Writes files into a folder (made private if new) as new files only, mode 0600, as `amparo
 * export` writes its archive: `wx` creates each one and refuses a name that exists, a link
 * included, which is never followed. Every file is created before any is written, so a refusal
 * leaves nothing behind: the files just created are removed. Says which file was in the way.
 */
export async function writeNewFiles(dir: string, files: Array<[string, string | Buffer]>): Promise<WriteRefusal | undefined> {
  const failed = (file: string, error: unknown): WriteRefusal => {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
    return code === 'EEXIST' ? { file, reason: 'exists' } : { file, reason: 'unwritable', code };
  };
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    return failed(dir, error);
  }
  const created: Array<{ path: string; handle: FileHandle }> = [];
  let refusal: WriteRefusal | undefined;
  for (const [name] of files) {
    const path = join(dir, name);
    try {
      created.push({ path, handle: await open(path, 'wx', 0o600) });
    } catch (error) {
      refusal = failed(path, error);
      break;
    }
  }
  try {
    if (!refusal) {
      for (const [index, { path, handle }] of created.entries()) {
        try {
          await handle.writeFile((files[index] as [string, string | Buffer])[1]);
        } catch (error) {
          refusal = failed(path, error);
          break;
        }
      }
    }
  } finally {
    await Promise.all(created.map(({ handle }) => handle.close()));
  }
  if (refusal) await Promise.all(created.map(({ path }) => rm(path, { force: true })));
  return refusal;
}

export function maintenanceOf({ store, keys }: OpenRecord): MaintenanceService {
  return new MaintenanceService({ store, keys, clock: systemClock, ids: randomIds, register: new RegisterService(store, randomIds) });
}

/** Checks a command's options; on failure prints each problem naming its option and gives exit 2. */
export function parseOptions<T extends z.ZodType>(schema: T, raw: unknown): { ok: true; value: z.infer<T> } | { ok: false; code: number } {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  process.stderr.write(`${parsed.error.issues.map((i) => `${i.path.length > 0 ? `--${String(i.path[0])}: ` : ''}${i.message}`).join('\n')}\n`);
  return { ok: false, code: EXIT.config };
}

export const day = z.string().refine(isCalendarDay, { error: problem('operator.cli.date') }).transform((d) => new Date(`${d}T00:00:00Z`));
export const committeeCode = z
  .string()
  .transform((c) => c.toUpperCase())
  .pipe(z.enum(TREATY_BODIES, { error: problem('operator.cli.one_of', { values: TREATY_BODIES.join(', ') }) }));

const HELP_TITLES: Record<string, string> = { 'Usage:': 'usage', 'Arguments:': 'arguments', 'Options:': 'options', 'Commands:': 'commands', 'Global Options:': 'global_options' };

/** Commander's own errors, as it words them, and the catalogue key that says each in the operators' language. */
const COMMANDER_ERRORS: Array<[RegExp, string, string[]]> = [
  [/^error: unknown command '(.+?)'/, 'unknown_command', ['name']],
  [/^error: unknown option '(.+?)'/, 'unknown_option', ['option']],
  [/^error: required option '(.+?)' not specified/, 'missing_option', ['option']],
  [/^error: missing required argument '(.+?)'/, 'missing_argument', ['argument']],
  [/^error: option '(.+?)' argument missing/, 'option_argument_missing', ['option']],
  [/^error: too many arguments/, 'too_many_arguments', []],
];

function commanderError(text: string, say: Say): string {
  const suggestion = /\(Did you mean (.+?)\?\)/.exec(text);
  for (const [pattern, key, names] of COMMANDER_ERRORS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const vars = Object.fromEntries(names.map((name, i) => [name, match[i + 1] ?? '']));
    return `${say(`operator.cli.commander.${key}`, vars)}${suggestion ? `\n${say('operator.cli.commander.did_you_mean', { suggestion: suggestion[1] ?? '' })}` : ''}\n`;
  }
  return text;
}

/**
 * Commander's help headings, its help option and its errors in the operators' language. Set on
 * the program before its commands are added: they inherit it.
 */
export function speakCommander(cli: Command, say: Say): Command {
  return cli
    .helpOption('-h, --help', say('operator.cli.commander.help'))
    .helpCommand('help [command]', say('operator.cli.commander.help'))
    .configureHelp({ styleTitle: (title) => (HELP_TITLES[title] ? say(`operator.cli.commander.${HELP_TITLES[title]}`) : title) })
    .configureOutput({ outputError: (text, write) => write(commanderError(text, say)) });
}

import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod/v4';
import { randomIds, systemClock } from '../clock';
import type { Committee, TreatyBody } from '../domain/committee';
import { isAmparoError } from '../errors';
import { operatorLocale, translate } from '../i18n';
import { ArchiveService } from '../services/archive';
import { RegisterService } from '../services/register';
import { RetentionService } from '../services/retention';
import { EXIT } from '../startup';
import { progressBar } from './progress';
import { committeeCode, parseOptions, print, problem, withRecord, type Done, type OpenRecord, type Say } from './shared';

/** `amparo export | import | retention`: archives of a committee's record, and its retention policy. */

/** Refusals that are about what was asked (a file name, a key, a setting), not about the archive: exit 2. */
const USAGE_ERRORS = new Set(['archive.errors.file_exists', 'archive.errors.file_unreadable', 'archive.errors.file_unwritable', 'archive.errors.no_policy']);

function servicesOf({ store, keys }: OpenRecord): { archive: ArchiveService; retention: RetentionService } {
  const register = new RegisterService(store, randomIds);
  const archive = new ArchiveService({ store, keys, clock: systemClock, ids: randomIds, register });
  return { archive, retention: new RetentionService({ store, clock: systemClock, ids: randomIds, register, archive }) };
}

/** The committee's settings: the committees file first (the server stores it at every start), then the store. */
async function settingsOf(record: OpenRecord, committee: TreatyBody): Promise<Committee | null> {
  return record.config.committees.find((c) => c._id === committee) ?? (await record.store.getCommittee(committee));
}

/** Runs a command; a refusal of the services is said in one sentence with its exit code. */
function refusals(say: Say, run: () => Promise<number>): Promise<number> {
  return run().catch((error: unknown) => {
    if (!isAmparoError(error)) throw error;
    process.stderr.write(`${say(error.messageKey, error.vars)}\n`);
    return error.code === 'CONFIG_INVALID' || USAGE_ERRORS.has(error.messageKey) ? EXIT.config : EXIT.failed;
  });
}

const exportArguments = z.object({ committee: committeeCode, out: z.string().min(1) });

async function runExport(raw: unknown): Promise<number> {
  const parsed = parseOptions(exportArguments, raw);
  if (!parsed.ok) return parsed.code;
  const { committee, out } = parsed.value;
  return withRecord((record) =>
    refusals(record.say, async () => {
      const { say } = record;
      const { archive } = servicesOf(record);
      const bar = progressBar(say('archive.progress.collect'));
      const cases = await archive.collect(committee, bar.update);
      bar.finish();
      const header = await archive.write(out, committee, await settingsOf(record, committee), cases, 'export');
      print(say('archive.exported', { file: out, count: header.cases, events: header.events, committee, key: header.keyId, id: header.id }));
      print(say('archive.keep_keys', { keys: [...new Set([header.keyId, ...header.sealedUnder])].join(', ') }));
      return EXIT.ok;
    }),
  );
}

async function runImport(file: string): Promise<number> {
  return withRecord((record) =>
    refusals(record.say, async () => {
      const { say } = record;
      const { archive } = servicesOf(record);
      const content = await archive.read(file);
      const bar = progressBar(say('archive.progress.import'));
      const report = await archive.import(content, bar.update);
      bar.finish();
      const { header } = report;
      print(say('archive.imported', { id: header.id, committee: header.committee, created: header.createdAt, count: report.imported, events: report.events, present: report.alreadyPresent }));
      if (report.settings !== 'none') print(say(`archive.settings_${report.settings}`, { committee: header.committee }));
      return EXIT.ok;
    }),
  );
}

const retentionArguments = z
  .object({ committee: committeeCode, apply: z.boolean().optional(), archive: z.string().min(1).optional() })
  .refine((a) => !a.apply || a.archive !== undefined, { path: ['archive'], error: problem('archive.errors.archive_required') });

async function runRetention(raw: unknown): Promise<number> {
  const parsed = parseOptions(retentionArguments, raw);
  if (!parsed.ok) return parsed.code;
  const { committee, apply, archive: file } = parsed.value;
  return withRecord((record) =>
    refusals(record.say, async () => {
      const { say } = record;
      const { retention } = servicesOf(record);
      const settings = await settingsOf(record, committee);
      const years = settings?.retentionYears;
      if (years === undefined) {
        process.stderr.write(`${say('archive.errors.no_policy', { committee })}\n`);
        return EXIT.config;
      }
      const plan = await retention.plan(committee, years);
      print(say('archive.policy', { committee, count: years, cutoff: plan.cutoff.toISOString().slice(0, 10) }));
      if (plan.due.length === 0) {
        print(say('archive.nothing_due', { committee, count: plan.cases }));
        return EXIT.ok;
      }
      if (!apply) {
        for (const due of plan.due) print(say('archive.due_case', { reference: due.reference, closed: due.closedAt.toISOString().slice(0, 10), count: due.texts }));
        print(say('archive.dry_run', { due: plan.due.length, count: plan.cases }));
        if (file !== undefined && existsSync(file)) {
          process.stderr.write(`${say('archive.errors.file_exists', { file })}\n`);
          return EXIT.config;
        }
        if (file !== undefined) print(say('archive.dry_run_file', { file }));
        return EXIT.ok;
      }
      const bar = progressBar(say('archive.progress.collect'));
      const report = await retention.apply(committee, years, settings ?? null, file as string, {
        archiving: bar.update,
        archived: (header) => {
          bar.finish();
          print(say('archive.archived', { count: header.cases, events: header.events, file: file as string, id: header.id, key: header.keyId }));
        },
        onCase: (outcome, done, total) => {
          const vars = { reference: outcome.reference, done, total };
          if (outcome.result === 'destroyed') print(say('archive.destroyed_case', { ...vars, count: outcome.texts }));
          else print(say(`archive.${outcome.result}_case`, { ...vars, reason: outcome.reason }));
        },
      });
      if (report.failed.length > 0) {
        process.stderr.write(`${say('archive.incomplete', { count: report.failed.length })}\n`);
        return EXIT.failed;
      }
      print(say('archive.applied', { committee, count: report.destroyed, skipped: report.skipped, file: file as string }));
      return EXIT.ok;
    }),
  );
}

/** Adds the archive commands to the program. */
export function registerArchiveCommands(cli: Command, done: Done): void {
  const say: Say = (key, vars = {}) => translate(operatorLocale(), key, vars);
  cli
    .command('export')
    .description(say('archive.export'))
    .requiredOption('--committee <code>', say('archive.options.committee'))
    .requiredOption('--out <file>', say('archive.options.out'))
    .action((options: unknown) => done(runExport(options)));
  cli
    .command('import')
    .description(say('archive.import'))
    .argument('<file>', say('archive.options.file'))
    .action((file: string) => done(runImport(file)));
  cli
    .command('retention')
    .description(say('archive.retention'))
    .requiredOption('--committee <code>', say('archive.options.committee'))
    .option('--apply', say('archive.options.apply'))
    .option('--archive <file>', say('archive.options.archive'))
    .action((options: unknown) => done(runRetention(options)));
}

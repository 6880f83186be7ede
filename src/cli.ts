#!/usr/bin/env node
import { Command } from 'commander';
import { z } from 'zod/v4';
import { systemClock } from './clock';
import { sgPeriod, sgYearOf } from './domain/sg-report';
import { operatorLocale, translate } from './i18n';
import { reportDocument, type ReportKind } from './services/report-documents';
import { ReportService } from './services/reports';
import { EXIT } from './startup';
import { registerArchiveCommands } from './cli/archive';
import { committeeCode, day, maintenanceOf, parseOptions, print, problem, speakCommander, withRecord, writeNewFiles, type Done, type Say } from './cli/shared';
import { registerAdminCommands } from './cli/admin';
import { speakZod } from './config';

/**
 * `amparo`: the operators' command line. It reads the same environment as the server and
 * works on the record directly; it can run while the server runs.
 */
async function auditVerify(): Promise<number> {
  return withRecord(async (record) => {
    const { say } = record;
    const maintenance = maintenanceOf(record);
    const report = await maintenance.verifyRegister(({ reference, entries, head, broken }) =>
      print(broken ? say(`cli.audit_case_broken_${broken.problem}`, { reference, seq: broken.seq }) : say('cli.audit_case_ok', { reference, count: entries, head: head.slice(0, 16) })),
    );
    if (report.broken.length > 0) {
      process.stderr.write(`${say('cli.audit_broken', { broken: report.broken.length, count: report.cases })}\n`);
      return EXIT.failed;
    }
    print(say('cli.audit_intact', { count: report.cases, entries: report.entries }));
    return EXIT.ok;
  });
}

async function keysRotate(): Promise<number> {
  return withRecord(async (record) => {
    const { say } = record;
    const maintenance = maintenanceOf(record);
    const to = maintenance.currentKeyId;
    const report = await maintenance.rotateKeys((outcome, done, total) => {
      const vars = { reference: outcome.reference, done, total, to };
      if (outcome.result === 'resealed') print(say('cli.rotate_case_resealed', { ...vars, from: outcome.from.join(', ') }));
      else if (outcome.result === 'current') print(say('cli.rotate_case_current', vars));
      else print(say('cli.rotate_case_failed', { ...vars, reason: outcome.reason }));
    });
    if (report.failed.length > 0) {
      process.stderr.write(`${say('cli.rotate_failed', { count: report.failed.length })}\n`);
      return EXIT.failed;
    }
    print(say('cli.rotate_done', { count: report.resealed, cases: report.cases, to }));
    return EXIT.ok;
  });
}

const reportArguments = z
  .object({
    committee: committeeCode.optional(),
    committees: z
      .string()
      .transform((list) => list.split(',').map((c) => c.trim()).filter((c) => c !== ''))
      .pipe(z.array(committeeCode).min(1, { error: problem('operator.cli.committees_none') }))
      .optional(),
    year: z.coerce.number().int().min(2000).max(2100).optional(),
    from: day.optional(),
    to: day.optional(),
    out: z.string().min(1).optional(),
    locale: z.string().min(2).optional(),
    smallCell: z.coerce.number().int().min(1).max(100).optional(),
    showSmallCells: z.boolean().optional(),
  })
  .refine((a) => (a.from === undefined) === (a.to === undefined), { error: problem('operator.cli.from_to_together') })
  .refine((a) => !(a.year !== undefined && a.from !== undefined), { error: problem('operator.cli.year_or_period') })
  .refine((a) => a.from === undefined || a.to === undefined || a.from <= a.to, { error: problem('operator.cli.from_after_to') });

async function runReport(kind: ReportKind, raw: unknown): Promise<number> {
  const parsed = parseOptions(reportArguments, raw);
  if (!parsed.ok) return parsed.code;
  const args = parsed.value;
  return withRecord(async (record) => {
    const { store, keys, say } = record;
    // The Secretary-General's year runs from May to April; every other report's is the calendar year.
    const year = args.year ?? (kind === 'sg' ? sgYearOf(new Date()) : new Date().getUTCFullYear());
    const yearPeriod = kind === 'sg' ? sgPeriod(year) : { from: new Date(Date.UTC(year, 0, 1)), to: new Date(Date.UTC(year + 1, 0, 1)) };
    // --to is the last day included.
    const period = args.from && args.to ? { from: args.from, to: new Date(args.to.getTime() + 86_400_000) } : yearPeriod;
    const reports = new ReportService({ store, clock: systemClock, keys });
    const served = [...record.config.committees, ...(await store.listCommittees())].map((c) => c._id);
    const document = await reportDocument(reports, {
      kind,
      period,
      locale: args.locale ?? record.config.locale,
      ...(args.committee ? { committee: args.committee } : {}),
      committees: args.committees ?? [...new Set(served)].sort(),
      options: { ...(args.smallCell ? { smallCell: args.smallCell } : {}), ...(args.showSmallCells ? { showSmallCells: true } : {}) },
      ...(args.out ? { files: true as const } : {}),
    });
    if (!args.out) {
      process.stdout.write(document.markdown);
      return EXIT.ok;
    }
    const files: Array<[string, string | Buffer]> = [[`${document.name}.md`, document.markdown], ...Object.entries(document.files)];
    // New files only: a report never writes over a file, nor through a link put in its place.
    const refused = await writeNewFiles(args.out, files);
    if (refused) {
      process.stderr.write(`${refused.reason === 'exists' ? say('cli.report_file_exists', { file: refused.file }) : say('cli.report_file_unwritable', { file: refused.file, reason: refused.code })}\n`);
      return EXIT.config;
    }
    print(say('cli.report_written', { count: files.length, dir: args.out }));
    return EXIT.ok;
  });
}

function program(done: Done): Command {
  const say: Say = (key, vars = {}) => translate(operatorLocale(), key, vars);
  speakZod(operatorLocale());
  // Set before the subcommands are added, which inherit them: a usage error exits 2 everywhere.
  const cli = speakCommander(new Command('amparo'), say)
    .description(say('cli.description'))
    .showHelpAfterError()
    .exitOverride((error) => process.exit(error.exitCode === 0 ? EXIT.ok : EXIT.config));
  cli.command('audit').description(say('cli.audit_verify')).command('verify').description(say('cli.audit_verify')).action(() => done(auditVerify()));
  cli.command('keys').description(say('cli.keys_rotate')).command('rotate').description(say('cli.keys_rotate')).action(() => done(keysRotate()));
  const report = cli.command('report').description(say('cli.report'));
  const period = (command: Command, year = 'cli.options.year') =>
    command
      .option('--year <year>', say(year))
      .option('--from <day>', say('cli.options.from'))
      .option('--to <day>', say('cli.options.to'))
      .option('--out <folder>', say('cli.options.out'))
      .option('--locale <locale>', say('cli.options.locale'));
  period(report.command('progress').description(say('cli.report_progress')).requiredOption('--committee <code>', say('cli.options.committee')))
    .option('--small-cell <n>', say('cli.options.small_cell'))
    .option('--show-small-cells', say('cli.options.show_small_cells'))
    .action((options: unknown) => done(runReport('progress', options)));
  period(report.command('chairs').description(say('cli.report_chairs')).option('--committees <codes>', say('cli.options.committees'))).action((options: unknown) => done(runReport('chairs', options)));
  period(report.command('sg').description(say('cli.report_sg')).requiredOption('--committee <code>', say('cli.options.committee')), 'cli.options.sg_year')
    .option('--small-cell <n>', say('cli.options.small_cell'))
    .option('--show-small-cells', say('cli.options.show_small_cells'))
    .action((options: unknown) => done(runReport('sg', options)));
  period(report.command('ga').description(say('cli.report_ga')).requiredOption('--committee <code>', say('cli.options.committee'))).action((options: unknown) => done(runReport('ga', options)));
  registerAdminCommands(cli, say, done);
  registerArchiveCommands(cli, done);
  return cli;
}

let outcome: Promise<number> = Promise.resolve(EXIT.ok);
program((code) => (outcome = code))
  .parseAsync(process.argv)
  .then(() => outcome)
  .then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${translate(operatorLocale(), 'startup.unexpected', { reason: error instanceof Error ? error.message : String(error) })}\n`);
      process.exit(EXIT.failed);
    },
  );

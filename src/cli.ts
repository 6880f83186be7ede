#!/usr/bin/env node
import { Command } from 'commander';
import { openStore } from './app';
import { randomIds, systemClock } from './clock';
import { DEFAULT_LOCALE, translate } from './i18n';
import { loadKeyRing } from './services/data-keys';
import { MaintenanceService } from './services/maintenance';
import { RegisterService } from './services/register';
import { EXIT, readConfig, reportStoreUnavailable } from './startup';

/**
 * `amparo`: the operators' command line. It reads the same environment as the server and
 * works on the record directly; it can run while the server runs.
 */
type Say = (key: string, vars?: Record<string, string | number>) => string;

async function withRecord(run: (maintenance: MaintenanceService, say: Say) => Promise<number>): Promise<number> {
  const config = readConfig(process.env, process.stderr);
  if (!config) return EXIT.config;
  const say: Say = (key, vars = {}) => translate(config.locale, key, vars);
  let store;
  try {
    store = await openStore(config);
  } catch (error) {
    if (reportStoreUnavailable(error, config, process.stderr)) return EXIT.store;
    throw error;
  }
  try {
    const { keys } = await loadKeyRing(config.dataKeys, config.dataDir);
    const register = new RegisterService(store, randomIds);
    return await run(new MaintenanceService({ store, keys, clock: systemClock, ids: randomIds, register }), say);
  } finally {
    await store.close();
  }
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function auditVerify(): Promise<number> {
  return withRecord(async (maintenance, say) => {
    const report = await maintenance.verifyRegister(({ reference, entries, head, broken }) =>
      print(broken ? say(`cli.audit_case_broken_${broken.problem}`, { reference, seq: broken.seq }) : say('cli.audit_case_ok', { reference, entries, head: head.slice(0, 16) })),
    );
    if (report.broken.length > 0) {
      process.stderr.write(`${say('cli.audit_broken', { broken: report.broken.length, cases: report.cases })}\n`);
      return EXIT.failed;
    }
    print(say('cli.audit_intact', { cases: report.cases, entries: report.entries }));
    return EXIT.ok;
  });
}

async function keysRotate(): Promise<number> {
  return withRecord(async (maintenance, say) => {
    const to = maintenance.currentKeyId;
    const report = await maintenance.rotateKeys((outcome, done, total) => {
      const vars = { reference: outcome.reference, done, total, to };
      if (outcome.result === 'resealed') print(say('cli.rotate_case_resealed', { ...vars, from: outcome.from.join(', ') }));
      else if (outcome.result === 'current') print(say('cli.rotate_case_current', vars));
      else print(say('cli.rotate_case_failed', { ...vars, reason: outcome.reason }));
    });
    if (report.failed.length > 0) {
      process.stderr.write(`${say('cli.rotate_failed', { failed: report.failed.length })}\n`);
      return EXIT.failed;
    }
    print(say('cli.rotate_done', { resealed: report.resealed, cases: report.cases, to }));
    return EXIT.ok;
  });
}

function program(done: (code: Promise<number>) => void): Command {
  const say: Say = (key, vars = {}) => translate(DEFAULT_LOCALE, key, vars);
  // Set before the subcommands are added, which inherit them: a usage error exits 2 everywhere.
  const cli = new Command('amparo')
    .description(say('cli.description'))
    .showHelpAfterError()
    .exitOverride((error) => process.exit(error.exitCode === 0 ? EXIT.ok : EXIT.config));
  cli.command('audit').description(say('cli.audit_verify')).command('verify').description(say('cli.audit_verify')).action(() => done(auditVerify()));
  cli.command('keys').description(say('cli.keys_rotate')).command('rotate').description(say('cli.keys_rotate')).action(() => done(keysRotate()));
  return cli;
}

let outcome: Promise<number> = Promise.resolve(EXIT.ok);
program((code) => (outcome = code))
  .parseAsync(process.argv)
  .then(() => outcome)
  .then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${translate(DEFAULT_LOCALE, 'startup.unexpected', { reason: error instanceof Error ? error.message : String(error) })}\n`);
      process.exit(EXIT.failed);
    },
  );

import type { Command } from 'commander';
import { ROLES } from '../domain/roles';
import { committeesList, committeesSet, committeesShow, sessionsAdd, sessionsList, sessionsRemove, SETTING_OPTIONS } from './admin-committees';
import { dbIndexes } from './admin-db';
import { rolesAssign, rolesEnd, rolesList } from './admin-roles';
import type { Done, Say } from './shared';

/**
 * The administration commands: `amparo committees|roles|sessions …` and `amparo db indexes`.
 * Every description comes from the catalogue (`cli.admin`); options are checked by zod in
 * each command, so a wrong value is named and exits 2.
 */
export function registerAdminCommands(cli: Command, say: Say, done: Done): void {
  const o = (key: string, vars: Record<string, string> = {}) => say(`cli.admin.options.${key}`, vars);

  const committees = cli.command('committees').description(say('cli.admin.committees'));
  committees.command('list').description(say('cli.admin.committees_list')).action(() => done(committeesList()));
  committees
    .command('show')
    .description(say('cli.admin.committees_show'))
    .argument('<committee>', o('committee'))
    .action((committee: string) => done(committeesShow({ committee })));
  const set = committees.command('set').description(say('cli.admin.committees_set')).argument('<committee>', o('committee'));
  for (const option of SETTING_OPTIONS) set.option(option.flag, o(`setting.${option.key}`));
  set.action((committee: string, options: Record<string, unknown>) => done(committeesSet({ ...options, committee })));

  const roles = cli.command('roles').description(say('cli.admin.roles'));
  roles
    .command('list')
    .description(say('cli.admin.roles_list'))
    .requiredOption('--committee <code>', o('committee'))
    .option('--all', o('all'))
    .action((options: unknown) => done(rolesList(options)));
  roles
    .command('assign')
    .description(say('cli.admin.roles_assign'))
    .requiredOption('--committee <code>', o('committee'))
    .requiredOption('--person <person>', o('person'))
    .requiredOption('--role <role>', o('role', { roles: ROLES.join(', ') }))
    .option('--state-party <state>', o('state_party'))
    .option('--from <day>', o('term_from'))
    .option('--until <day>', o('term_until'))
    .option('--name <name>', o('name'))
    .action((options: unknown) => done(rolesAssign(options)));
  roles
    .command('end')
    .description(say('cli.admin.roles_end'))
    .requiredOption('--committee <code>', o('committee'))
    .requiredOption('--person <person>', o('person'))
    .requiredOption('--role <role>', o('role', { roles: ROLES.join(', ') }))
    .option('--state-party <state>', o('state_party'))
    .option('--on <day>', o('end_on'))
    .action((options: unknown) => done(rolesEnd(options)));

  const sessions = cli.command('sessions').description(say('cli.admin.sessions'));
  sessions
    .command('list')
    .description(say('cli.admin.sessions_list'))
    .requiredOption('--committee <code>', o('committee'))
    .action((options: unknown) => done(sessionsList(options)));
  sessions
    .command('add')
    .description(say('cli.admin.sessions_add'))
    .requiredOption('--committee <code>', o('committee'))
    .requiredOption('--from <day>', o('session_from'))
    .requiredOption('--to <day>', o('session_to'))
    .option('--name <name>', o('session_name'))
    .action((options: unknown) => done(sessionsAdd(options)));
  sessions
    .command('remove')
    .description(say('cli.admin.sessions_remove'))
    .requiredOption('--committee <code>', o('committee'))
    .requiredOption('--from <day>', o('session_start'))
    .action((options: unknown) => done(sessionsRemove(options)));

  const db = cli.command('db').description(say('cli.admin.db'));
  db.command('indexes')
    .description(say('cli.admin.db_indexes'))
    .option('--create', o('create'))
    .action((options: unknown) => done(dbIndexes(options)));
}

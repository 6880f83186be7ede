import { translate } from '../../src/i18n';
import { amparo } from '../support/cli';

/** The `amparo` command speaks the operators' language (AMPARO_LOCALE), help included. */
describe.each(['fr', 'ar'])('amparo in %s', (language) => {
  it('gives its help and its errors in the language', async () => {
    const help = await amparo(['--help'], { AMPARO_LOCALE: language });
    expect(help.code).toBe(0);
    // Commander wraps help to the terminal's width.
    const flat = (text: string) => text.replace(/\s+/g, ' ');
    expect(flat(help.stdout)).toContain(flat(translate(language, 'cli.description')));
    const wrong = await amparo(['audit', 'verify'], { AMPARO_LOCALE: language, MONGODB_URI: 'not-a-uri' });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(translate(language, 'startup.config_invalid'));
  });
});

/** What is wrong with a command's options, or with the environment, is said in AMPARO_LOCALE too. */
describe('amparo names wrong options and variables in the operators\' language', () => {
  it('in Spanish: a wrong option of report, roles and committees', async () => {
    const env = { AMPARO_LOCALE: 'es' };
    const committee = await amparo(['report', 'progress', '--committee', 'XYZ'], env);
    expect(committee.code).toBe(2);
    expect(committee.stderr).toContain('--committee: uno de los valores siguientes: CAT, SPT, CCPR');
    const period = await amparo(['report', 'progress', '--committee', 'CAT', '--from', '2026-02-30', '--to', '2026-03-01'], env);
    expect(period.stderr).toContain('--from: indique una fecha con el formato AAAA-MM-DD');
    const role = await amparo(['roles', 'assign', '--committee', 'CAT', '--person', 'p-1', '--role', 'boss'], env);
    expect(role.code).toBe(2);
    expect(role.stderr).toContain('--role: uno de los valores siguientes: member, rapporteur, chair');
    const nothing = await amparo(['committees', 'set', 'CAT'], env);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('indique al menos un parámetro que modificar (véase --help)');
  });

  it.each([
    ['fr', 'PORT: doit être un numéro de port'],
    ['ar', 'PORT: يجب أن يكون رقم منفذ'],
  ])('in %s: a wrong variable at start', async (language, message) => {
    const wrong = await amparo(['audit', 'verify'], { AMPARO_LOCALE: language, PORT: 'eighty' });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(translate(language, 'startup.config_invalid'));
    expect(wrong.stderr).toContain(message);
  });
});

describe('amparo\'s own usage errors and help headings', () => {
  it('are in the operators\' language, with the same exit code', async () => {
    const missing = await amparo(['report', 'progress'], { AMPARO_LOCALE: 'es' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(translate('es', 'operator.cli.commander.missing_option', { option: '--committee <code>' }));
    expect(missing.stderr).toContain(translate('es', 'operator.cli.commander.usage'));
    const unknown = await amparo(['repot'], { AMPARO_LOCALE: 'zh' });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(translate('zh', 'operator.cli.commander.unknown_command', { name: 'repot' }));
    expect(unknown.stderr).toContain(translate('zh', 'operator.cli.commander.did_you_mean', { suggestion: 'report' }));
    const english = await amparo(['repot'], {});
    expect(english.stderr).toContain("error: unknown command 'repot'");
  });
});

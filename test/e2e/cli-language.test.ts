import { translate } from '../../src/i18n';
import { amparo } from '../support/cli';

/** #8: the `amparo` command speaks the operators' language (AMPARO_LOCALE), help included. */
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

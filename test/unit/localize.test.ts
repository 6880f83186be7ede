import { localize } from '../../flows/localize';
import { t } from '../../flows/view';

/**
 * Words for each viewer. In a right-to-left language a reference, a name or a date put into
 * a sentence is isolated (U+2068 … U+2069) so that it reads as written; counts stay numbers.
 */
const FSI = '\u2068';
const PDI = '\u2069';

describe('localize', () => {
  it('isolates each value put into a right-to-left sentence, and nothing in a left-to-right one', () => {
    const text = t('alerts.allegation.title', { reference: 'CAT-2026-0001' });
    expect(localize(text, { locale: 'ar', timeZone: 'UTC' })).toContain(`${FSI}CAT-2026-0001${PDI}`);
    expect(localize(text, { locale: 'en', timeZone: 'UTC' })).toBe('New allegation of intimidation or reprisals: CAT-2026-0001');
  });

  it('keeps counts as numbers in right-to-left text, so the plural form is still chosen by them', () => {
    const one = localize(t('case.days', { count: 1 }), { locale: 'ar', timeZone: 'UTC' });
    const many = localize(t('case.days', { count: 5 }), { locale: 'ar', timeZone: 'UTC' });
    expect(one).not.toEqual(many);
    expect(`${one}${many}`).not.toContain(FSI);
  });

  it('writes dates in the viewer\'s language and time zone', () => {
    const at = new Date('2026-03-10T23:30:00Z');
    expect(localize(t('common.value', { value: { date: at, withTime: true } }), { locale: 'en', timeZone: 'Asia/Shanghai' })).toMatch(/Mar 11, 2026/);
    expect(localize(t('common.value', { value: { date: at } }), { locale: 'fr', timeZone: 'UTC' })).toMatch(/10 mars 2026/);
  });
});

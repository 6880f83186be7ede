import { UN_LANGUAGES } from '../src/i18n';
import { AmparoError } from '../src/errors';
import { ACTIONS } from './actions';
import type { FlowContext } from './context';
import { message, raw, t, type Button, type Reply } from './view';

/**
 * `/amparo language` shows the language Amparo speaks to the person and offers the six;
 * `/amparo language fr` chooses one, kept whatever the platform says; `auto` follows the
 * platform again. Each language is named in itself (العربية, 中文, English, Français, …).
 */
type Choice = (typeof UN_LANGUAGES)[number] | 'auto';

const nameOf = (language: string) => new Intl.DisplayNames([language], { type: 'language' }).of(language) ?? language;

function isChoice(value: string): value is Choice {
  return value === 'auto' || (UN_LANGUAGES as readonly string[]).includes(value);
}

function choices(): Button[] {
  return [...UN_LANGUAGES.map((language) => ({ action: ACTIONS.language, arg: language, label: raw(nameOf(language)) })), { action: ACTIONS.language, arg: 'auto', label: t('language.auto_button') }];
}

export async function chooseLanguage(ctx: FlowContext, arg: string): Promise<Reply> {
  const asked = arg.trim().toLowerCase();
  if (asked === '') {
    const current = t(ctx.person.languageChosen ? 'language.current_chosen' : 'language.current_platform', { language: nameOf(ctx.locale.split(/[-_]/)[0] ?? 'en') });
    return message('info', t('language.title'), [{ lines: [current, t('language.choose')] }], choices());
  }
  if (!isChoice(asked)) throw new AmparoError('INVALID_INPUT', 'language.unknown', { language: arg.trim(), languages: UN_LANGUAGES.join(', ') });
  const person = await ctx.services.people.chooseLanguage(ctx.person, asked);
  return asked === 'auto'
    ? message('success', t('language.auto'))
    : message('success', t('language.chosen', { language: nameOf(person.locale) }));
}

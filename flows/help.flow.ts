import { message, t, type Reply } from './view';

/** G34–G35: the Guidelines explained in plain words, with a link to the text itself. */
export const GUIDELINES_URL = 'https://undocs.org/HRI/MC/2015/6';

export function help(): Reply {
  return message('info', t('help.title'), [
    { lines: [t('help.intro')] },
    { heading: t('help.steps.heading'), lines: ['report', 'alert', 'assess', 'propose', 'decide', 'follow', 'close'].map((step) => t(`help.steps.${step}`)) },
    { heading: t('help.commands.heading'), lines: [...['report', 'cases', 'case', 'roles', 'reports', 'language', 'help'].map((command) => t(`help.commands.${command}`)), t('practices.help')] },
    { lines: [t('help.confidentiality'), t('help.guidelines', { url: GUIDELINES_URL })] },
  ]);
}

import { message, t, type Reply, type Text } from './view';

/** G34–G35: the Guidelines explained in plain words, with a link to the text itself. */
const GUIDELINES_URL = 'https://undocs.org/HRI/MC/2015/6';

/** `commands`: a line for each command, as the actions declare them (`helpLines` in the flows index). */
export function help(commands: readonly Text[]): Reply {
  return message('info', t('help.title'), [
    { lines: [t('help.intro')] },
    { heading: t('help.steps.heading'), lines: ['report', 'alert', 'assess', 'propose', 'decide', 'follow', 'close'].map((step) => t(`help.steps.${step}`)) },
    { heading: t('help.commands.heading'), lines: [...commands] },
    { lines: [t('help.confidentiality'), t('help.guidelines', { url: GUIDELINES_URL })] },
  ]);
}

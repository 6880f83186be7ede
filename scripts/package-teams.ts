import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MENU } from '../flows';
import { CATALOGUES } from '../src/i18n/catalogues';
import { hasKey, translate } from '../src/i18n';
import { zip } from '../src/services/zip';

/**
 * Builds the app package a Teams administrator uploads: manifest.json (with this deployment's
 * values filled in and the command menu the actions declare), the two icons, and the name,
 * description and command menu in Arabic, Chinese, French, Russian and Spanish
 * (`<code>.json`), in one zip. Usage (see README, "Microsoft Teams"):
 *   MICROSOFT_APP_ID=… AMPARO_PUBLIC_HOST=amparo.example.org npm run package:teams
 */
const ROOT = join(__dirname, '..', '..');
const SOURCE = join(ROOT, 'manifest', 'teams');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The languages other than English the package carries, each in its own file (`localizationInfo`). */
export const MANIFEST_LANGUAGES = Object.keys(CATALOGUES).filter((language) => language !== 'en');

/**
 * The command menu, from the actions' declaration (`menu: true` in `flows/index.ts`): each
 * command's first typed word, described in `language` by `teams_manifest.commands.<word>`.
 * Titles are the words typed, so they are the same in every language.
 */
export function menuCommands(language: string): Array<{ title: string; description: string }> {
  return MENU.map(({ word }) => {
    const key = `teams_manifest.commands.${word.replace(/-/g, '_')}`;
    if (!hasKey(key, language)) throw new Error(`the command "${word}" of the Teams command menu has no description in the catalogues (${key})`);
    return { title: word, description: translate(language, key) };
  });
}

/** A Teams localization file for one language: the app's name and description and each menu command's description, from the catalogue. */
export function manifestLocalization(language: string): Record<string, string> {
  const say = (key: string) => translate(language, `teams_manifest.${key}`);
  const file: Record<string, string> = {
    $schema: 'https://developer.microsoft.com/json-schemas/teams/v1.30/MicrosoftTeams.Localization.schema.json',
    'name.short': say('name_short'),
    'name.full': say('name_full'),
    'description.short': say('description_short'),
    'description.full': say('description_full'),
  };
  menuCommands(language).forEach(({ description }, index) => {
    file[`bots[0].commandLists[0].commands[${index}].description`] = description;
  });
  return file;
}

interface ManifestBots {
  bots?: Array<{ commandLists?: Array<{ commands?: unknown }> }>;
}

export function fillManifest(template: string, env: NodeJS.ProcessEnv): string {
  const appId = env.MICROSOFT_APP_ID ?? '';
  const host = env.AMPARO_PUBLIC_HOST ?? '';
  const problems: string[] = [];
  if (!GUID.test(appId)) problems.push('MICROSOFT_APP_ID: must be the bot\'s app id (a GUID)');
  if (!/^[a-z0-9.-]+(:\d+)?$/i.test(host)) problems.push('AMPARO_PUBLIC_HOST: must be the host name Amparo is reached at, e.g. amparo.example.org');
  if (problems.length) throw new Error(problems.join('\n'));
  const values: Record<string, string> = {
    MICROSOFT_APP_ID: appId,
    PUBLIC_HOST: host,
    PUBLISHER_NAME: env.AMPARO_TEAMS_PUBLISHER ?? 'Amparo',
    WEBSITE_URL: env.AMPARO_TEAMS_WEBSITE_URL ?? `https://${host}/`,
    PRIVACY_URL: env.AMPARO_TEAMS_PRIVACY_URL ?? `https://${host}/privacy`,
    TERMS_URL: env.AMPARO_TEAMS_TERMS_URL ?? `https://${host}/terms`,
  };
  const manifest = JSON.parse(template.replace(/\$\{\{([A-Z_]+)\}\}/g, (whole, name: string) => values[name] ?? whole)) as ManifestBots;
  // The command menu is the declared one, in English; the other languages are in their files.
  const menu = manifest.bots?.[0]?.commandLists?.[0];
  if (menu) menu.commands = menuCommands('en');
  return `${JSON.stringify(manifest, null, 2)}\n`;
}


function main(): void {
  let manifest: string;
  try {
    manifest = fillManifest(readFileSync(join(SOURCE, 'manifest.json'), 'utf8'), process.env);
  } catch (error) {
    process.stderr.write(`Cannot build the Teams package:\n${(error as Error).message}\n`);
    process.exit(2);
  }
  const out = join(ROOT, 'dist', 'teams');
  mkdirSync(out, { recursive: true });
  const file = join(out, 'amparo-teams.zip');
  writeFileSync(
    file,
    zip([
      { name: 'manifest.json', data: Buffer.from(manifest, 'utf8') },
      { name: 'color.png', data: readFileSync(join(SOURCE, 'color.png')) },
      { name: 'outline.png', data: readFileSync(join(SOURCE, 'outline.png')) },
      ...MANIFEST_LANGUAGES.map((language) => ({ name: `${language}.json`, data: Buffer.from(JSON.stringify(manifestLocalization(language), null, 2), 'utf8') })),
    ]),
  );
  process.stdout.write(`${file}\n`);
}

if (require.main === module) main();

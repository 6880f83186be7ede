import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zip } from '../src/services/zip';

/**
 * Builds the app package a Teams administrator uploads: manifest.json (with this deployment's
 * values filled in) and the two icons, in one zip. Usage (see README, "Microsoft Teams"):
 *   MICROSOFT_APP_ID=… AMPARO_PUBLIC_HOST=amparo.example.org npm run package:teams
 */
const ROOT = join(__dirname, '..', '..');
const SOURCE = join(ROOT, 'manifest', 'teams');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  return template.replace(/\$\{\{([A-Z_]+)\}\}/g, (whole, name: string) => values[name] ?? whole);
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
    ]),
  );
  process.stdout.write(`${file}\n`);
}

if (require.main === module) main();

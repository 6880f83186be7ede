import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';

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

/** A zip archive (deflate), enough for a Teams app package. */
export function zip(files: Array<{ name: string; data: Buffer }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of files) {
    const packed = deflateRawSync(data);
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names in UTF-8
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(0x00210000, 10); // 1980-01-01 00:00
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(0x00210000, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
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

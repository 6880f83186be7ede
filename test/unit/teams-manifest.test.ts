import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync, inflateSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { fillManifest, MANIFEST_LANGUAGES, manifestLocalization, menuCommands } from '../../scripts/package-teams';
import { translate } from '../../src/i18n';
import { zip } from '../../src/services/zip';
import { commandAction, DECLARED, MENU } from '../../flows';

/** The Teams app package: a manifest that validates offline against its schema, and its icons. */
const DIR = join(__dirname, '..', '..', 'manifest', 'teams');

/**
 * Validation by @microsoft/app-manifest with its bundled schemas, offline. The package loads
 * an ES module that jest cannot, so it runs in a plain Node process.
 */
function schemaErrors(manifest: unknown): string[] {
  const script = `const { AppManifestUtils } = require('@microsoft/app-manifest');
let input = ''; process.stdin.on('data', (d) => (input += d)).on('end', () =>
  AppManifestUtils.validateAgainstSchema(JSON.parse(input)).then((errors) => process.stdout.write(JSON.stringify(errors))));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { input: JSON.stringify(manifest), cwd: join(__dirname, '..', '..') }).toString()) as string[];
}
const env = { MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555', AMPARO_PUBLIC_HOST: 'amparo.example.org' };
const manifest = () => JSON.parse(fillManifest(readFileSync(join(DIR, 'manifest.json'), 'utf8'), env)) as Record<string, unknown> & {
  bots: Array<{ botId: string; commandLists: Array<{ commands: Array<{ title: string }> }> }>;
  validDomains: string[];
};

function pngPixels(file: string): { width: number; height: number; pixels: Buffer } {
  const data = readFileSync(join(DIR, file));
  const width = data.readUInt32BE(16);
  const height = data.readUInt32BE(20);
  const chunks: Buffer[] = [];
  for (let at = 8; at < data.length; ) {
    const length = data.readUInt32BE(at);
    if (data.toString('ascii', at + 4, at + 8) === 'IDAT') chunks.push(data.subarray(at + 8, at + 8 + length));
    at += length + 12;
  }
  return { width, height, pixels: inflateSync(Buffer.concat(chunks)) };
}

describe('Teams app package', () => {
  it('fills the manifest for this deployment, and it validates against the Teams schema', async () => {
    const filled = manifest();
    expect(filled.id).toBe(env.MICROSOFT_APP_ID);
    expect(filled.bots[0]?.botId).toBe(env.MICROSOFT_APP_ID);
    expect(filled.validDomains).toEqual(['amparo.example.org']);
    expect(JSON.stringify(filled)).not.toContain('${{');
    expect(schemaErrors(filled)).toEqual([]);
    expect(schemaErrors({ ...filled, id: 'not-a-guid' })).toEqual([expect.stringContaining('/id must match pattern')]);
  });

  it('carries the name, description and command menu in the five other UN languages, within Teams\' limits', () => {
    const filled = manifest() as ReturnType<typeof manifest> & { name: { short: string; full: string }; description: { short: string; full: string }; localizationInfo: { additionalLanguages: Array<{ languageTag: string; file: string }> } };
    const commands = filled.bots[0]?.commandLists[0]?.commands ?? [];
    // English is the manifest itself, and the catalogue says the same.
    expect([filled.name.full, filled.description.short, filled.description.full]).toEqual(['name_full', 'description_short', 'description_full'].map((k) => translate('en', `teams_manifest.${k}`)));
    expect(manifestLocalization('en')).toMatchObject(Object.fromEntries(commands.map((c, i) => [`bots[0].commandLists[0].commands[${i}].description`, (c as { description?: string }).description])));
    expect(filled.localizationInfo.additionalLanguages.map((l) => l.languageTag).sort()).toEqual([...MANIFEST_LANGUAGES].sort());
    const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'node_modules', '@microsoft', 'app-manifest', 'build', 'json-schemas', 'teams', 'v1.29', 'MicrosoftTeams.Localization.schema.json'), 'utf8')) as {
      required: string[];
      properties: Record<string, { maxLength?: number }>;
      patternProperties: Record<string, { maxLength?: number }>;
    };
    for (const language of MANIFEST_LANGUAGES) {
      const file = manifestLocalization(language);
      for (const key of schema.required) expect(file[key]).toBeTruthy();
      for (const [key, value] of Object.entries(file)) {
        if (key === '$schema') continue;
        const rule = schema.properties[key] ?? Object.entries(schema.patternProperties).find(([pattern]) => new RegExp(pattern).test(key))?.[1];
        expect({ key, allowed: rule !== undefined }).toEqual({ key, allowed: true });
        expect({ key, length: value.length <= (rule?.maxLength ?? Infinity) }).toEqual({ key, length: true });
        expect(value).not.toBe(translate('en', 'teams_manifest.description_full'));
      }
    }
  });

  it('refuses to build without an app id or a host, naming what is missing', () => {
    expect(() => fillManifest('{}', {})).toThrow(/MICROSOFT_APP_ID[\s\S]*AMPARO_PUBLIC_HOST/);
  });

  it('offers in the command menu the commands the actions declare for it, each one Amparo understands', () => {
    const titles = (manifest().bots[0]?.commandLists[0]?.commands ?? []).map((c) => c.title);
    expect(titles).toEqual(MENU.map((m) => m.word));
    expect(titles.length).toBeGreaterThan(0);
    for (const title of titles) {
      const asked = commandAction(title);
      expect('action' in asked && DECLARED[asked.action].menu).toBe(true);
    }
  });

  it('describes each command of the menu in every language, under the same title', () => {
    const english = menuCommands('en');
    for (const language of MANIFEST_LANGUAGES) {
      const menu = menuCommands(language);
      expect(menu.map((c) => c.title)).toEqual(english.map((c) => c.title));
      menu.forEach((c, i) => expect(c.description).not.toBe(english[i]?.description));
    }
  });

  it('has a 192×192 colour icon and a 32×32 outline icon, white on transparent', () => {
    const colour = pngPixels('color.png');
    expect([colour.width, colour.height]).toEqual([192, 192]);
    const outline = pngPixels('outline.png');
    expect([outline.width, outline.height]).toEqual([32, 32]);
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        const at = y * (32 * 4 + 1) + 1 + x * 4;
        const [r, g, b, a] = [outline.pixels[at], outline.pixels[at + 1], outline.pixels[at + 2], outline.pixels[at + 3]];
        expect(a === 0 || (r === 255 && g === 255 && b === 255)).toBe(true);
      }
    }
  });

  it('zips the files so that they come back byte for byte', () => {
    const files = [
      { name: 'manifest.json', data: Buffer.from('{"a":1}') },
      { name: 'color.png', data: readFileSync(join(DIR, 'color.png')) },
    ];
    const archive = zip(files);
    let at = 0;
    for (const file of files) {
      expect(archive.readUInt32LE(at)).toBe(0x04034b50);
      const packed = archive.readUInt32LE(at + 18);
      const nameLength = archive.readUInt16LE(at + 26);
      expect(archive.toString('utf8', at + 30, at + 30 + nameLength)).toBe(file.name);
      expect(inflateRawSync(archive.subarray(at + 30 + nameLength, at + 30 + nameLength + packed)).equals(file.data)).toBe(true);
      at += 30 + nameLength + packed;
    }
    expect(archive.readUInt32LE(archive.length - 22)).toBe(0x06054b50);
  });
});

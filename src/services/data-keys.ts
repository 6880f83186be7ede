import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isAmparoError } from '../errors';
import { operatorLocale, translate } from '../i18n';
import { newDataKey, parseDataKeys, type DataKey } from '../keys';
import { KeyRing } from './crypto';

const DEV_KEY_FILE = 'dev-data-key';

/**
 * The key ring from AMPARO_DATA_KEY, or, for the embedded store only, a development key
 * made once and kept beside the data (the banner warns about it).
 */
export async function loadKeyRing(configured: DataKey[] | undefined, dataDir: string): Promise<{ keys: KeyRing; devKeyFile?: string }> {
  if (configured) return { keys: new KeyRing(configured) };
  const file = join(dataDir, DEV_KEY_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    text = newDataKey('dev');
    await writeFile(file, text, { mode: 0o600, flag: 'wx' });
  }
  await chmod(file, 0o600);
  try {
    return { keys: new KeyRing(parseDataKeys(text)), devKeyFile: file };
  } catch (error) {
    if (!isAmparoError(error)) throw error;
    // The development key file was altered by hand: say what is wrong with it, and where.
    throw new Error(`${file}: ${translate(operatorLocale(), error.messageKey, error.vars)}`);
  }
}

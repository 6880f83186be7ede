import { zipSync, type Zippable } from 'fflate';

/** Entries carry a fixed date so that the same files always make the same archive. */
const FIXED_DATE = new Date(1980, 0, 1, 12); // local noon: zip dates are local and start in 1980

/** A zip archive (deflate), enough for a Teams app package or a report's tables. */
export function zip(files: Array<{ name: string; data: Buffer }>): Buffer {
  const entries: Zippable = {};
  for (const { name, data } of files) entries[name] = [new Uint8Array(data), { mtime: FIXED_DATE }];
  return Buffer.from(zipSync(entries, { level: 6 }));
}

import { unzipSync } from 'fflate';

/** Reads a zip's entries back into files, for assertions. */
export function unzip(archive: Buffer): Map<string, Buffer> {
  return new Map(Object.entries(unzipSync(new Uint8Array(archive))).map(([name, data]) => [name, Buffer.from(data)]));
}

import { inflateRawSync } from 'node:zlib';

/** Reads a zip's entries (deflated, as src/services/zip.ts writes them) back into files, for assertions. */
export function unzip(archive: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let at = 0;
  while (archive.readUInt32LE(at) === 0x04034b50) {
    const packed = archive.readUInt32LE(at + 18);
    const nameLength = archive.readUInt16LE(at + 26);
    const name = archive.toString('utf8', at + 30, at + 30 + nameLength);
    files.set(name, inflateRawSync(archive.subarray(at + 30 + nameLength, at + 30 + nameLength + packed)));
    at += 30 + nameLength + packed;
  }
  return files;
}

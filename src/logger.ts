import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Field names whose values must never reach a log line (G5e). Services log ids, references
 * and codes; this list is the safety net when an object slips through.
 */
const REDACTED_PATHS = [
  'narrative',
  'victim',
  'place',
  'sourceContact',
  'note',
  'findings',
  'details',
  'doNoHarm',
  'text',
  'values',
  '*.narrative',
  '*.victim',
  '*.place',
  '*.sourceContact',
  '*.note',
  '*.findings',
  '*.details',
  '*.doNoHarm',
  '*.text',
  '*.values',
];

export function createLogger(level: string, destination: NodeJS.WritableStream | number = 2): Logger {
  const stream = typeof destination === 'number' ? pino.destination({ fd: destination, sync: true }) : destination;
  return pino({ level, base: { app: 'amparo' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, stream);
}

export const silentLogger: Logger = pino({ level: 'silent' });

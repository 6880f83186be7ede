import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/logger';

/**
 * A real pino logger, with Amparo's redaction, writing every line into memory: tests read
 * what an operator's log collector would receive.
 */
export interface CapturedLogs {
  logger: Logger;
  /** Everything written so far, one JSON line per entry. */
  text(): string;
  /** The entries at pino level `error` (50) or above. */
  errors(): Array<Record<string, unknown>>;
}

export function captureLogs(level = 'trace'): CapturedLogs {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger(level, sink);
  const entries = () => lines.join('').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    logger,
    text: () => lines.join(''),
    errors: () => entries().filter((entry) => Number(entry.level) >= 50),
  };
}

import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../../src/logger';

/**
 * Bolt and its Web API client log through Amparo's logger, at warnings and errors only:
 * their debug output carries request payloads, which may hold what people typed.
 */
export function boltLogger(logger: Logger): SlackLogger {
  const line = (parts: unknown[]) => parts.map((p) => (p instanceof Error ? `${p.name}: ${p.message}` : typeof p === 'string' ? p : '[object]')).join(' ');
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (...parts: unknown[]) => logger.warn({ source: 'slack' }, line(parts)),
    error: (...parts: unknown[]) => logger.error({ source: 'slack' }, line(parts)),
    setLevel: () => undefined,
    getLevel: () => LogLevel.WARN,
    setName: () => undefined,
  };
}

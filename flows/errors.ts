import { randomUUID } from 'node:crypto';
import { AmparoError, causeMessage } from '../src/errors';
import type { Logger } from '../src/logger';
import { message, t, type Reply, type Text, type Vars } from './view';

/** Variables whose values are codes get their words from the catalogue. */
const CODED_VARS: Record<string, (code: string) => Text> = {
  consent: (code) => t(`case.consent.${code}`),
  action: (code) => t(`actionTypes.${code}`),
  verdict: (code) => t(`proposalStatus.${code}`),
};

function errorText(error: AmparoError): Text {
  const vars: Vars = {};
  for (const [name, value] of Object.entries(error.vars)) {
    const coded = CODED_VARS[name];
    vars[name] = coded && typeof value === 'string' ? coded(value) : value;
  }
  return t(error.messageKey, vars);
}

/**
 * The one translation of a failure into what the person sees: a coded error in words, a
 * store outage as "not saved, try again", anything else as a generic message with a trace
 * id that is also in the log (never a stack trace).
 */
export function describeError(error: unknown, logger: Logger): { text: Text; tone: 'warning' | 'error' } {
  if (error instanceof AmparoError) {
    // The services' code for a store that cannot answer; what lies under it is for the log.
    if (error.code === 'STORE_UNAVAILABLE') logger.error({ err: causeMessage(error) }, 'store unavailable');
    return { text: errorText(error), tone: error.code === 'ALREADY_DECIDED' ? 'warning' : 'error' };
  }
  const trace = randomUUID().slice(0, 8);
  logger.error({ trace, err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) }, 'unexpected error');
  return { text: t('errors.unexpected', { trace }), tone: 'error' };
}

export function errorReply(error: unknown, logger: Logger): Reply {
  const { text, tone } = describeError(error, logger);
  return message(tone, text);
}

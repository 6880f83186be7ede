import { isAmparoError } from '../../src/errors';

/** What a refused rule says: its message key, or undefined when nothing was refused. */
export function refusalOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (isAmparoError(error)) return error.messageKey;
    throw error;
  }
  return undefined;
}

/** The error code of a refused rule, or undefined. */
export function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (isAmparoError(error)) return error.code;
    throw error;
  }
  return undefined;
}

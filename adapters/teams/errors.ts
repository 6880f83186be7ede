import { errorReply } from '../../flows/errors';
import type { Reply } from '../../flows/view';
import type { Logger } from '../../src/logger';

/**
 * The Teams adapter's one error mapper, for failures outside the flows (the store down while
 * finding who is asking): a message with a trace id, never a stack.
 */
export function failureReply(error: unknown, logger: Logger): Reply {
  return errorReply(error, logger);
}

import { errorReply } from '../../flows/errors';
import type { Viewer } from '../../flows/localize';
import { localize } from '../../flows/localize';
import { describeError } from '../../flows/errors';
import type { Reply } from '../../flows/view';
import type { Logger } from '../../src/logger';

/**
 * The Slack adapter's one error mapper, for failures outside the flows (the store down while
 * finding who is asking, a Slack call refused): a message with a trace id, never a stack.
 */
export function failureReply(error: unknown, logger: Logger): Reply {
  return errorReply(error, logger);
}

/** For a modal submission: the reason, shown on the first field, keeps the modal and its answers. */
export function failureOnField(error: unknown, firstField: string | undefined, viewer: Viewer, logger: Logger): Record<string, string> {
  const { text } = describeError(error, logger);
  return { [firstField ?? 'form']: localize(text, viewer) };
}

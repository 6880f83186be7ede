import { intakeAnswers } from '../slack/answers';
import type { TeamsClient, TeamsUser } from './connector';

/** A button of a dialog's card, as Teams sends its data back when pressed. */
export type DialogAction = { title?: string; data?: Record<string, unknown> };
type Answer = { task?: { type?: string; value?: { card?: { content?: { body?: Array<{ type?: string; actions?: DialogAction[] }>; actions?: DialogAction[] } } } } };

/** The dialog card's own actions, then those of the button rows in its body. */
export function dialogActions(body: unknown): DialogAction[] {
  const content = (body as Answer).task?.value?.card?.content;
  return [...(content?.actions ?? []), ...(content?.body ?? []).filter((b) => b.type === 'ActionSet').flatMap((b) => b.actions ?? [])];
}

/** What a dialog answer asks Teams to do: `continue` (another card in the dialog) or `message`. */
export function dialogStep(body: unknown): string | undefined {
  return (body as Answer).task?.type;
}

/** A member reports through the intake dialog: it is opened, then submitted with its own data (its nonce) and the answers. */
export async function reportInDialog(client: TeamsClient, user: TeamsUser, answers: Record<string, string> = intakeAnswers()) {
  const opened = await client.taskFetch(user, { verb: 'intake', arg: '' });
  return client.taskSubmit(user, { ...(dialogActions(opened.body)[0]?.data ?? {}), ...answers });
}

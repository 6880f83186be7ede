import { randomUUID } from 'node:crypto';
import { CardFactory, type TaskModuleTaskInfo, type TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { heldBeforeSaving, prepareSubmission, runAction, submitForm, type FlowContext } from '../../../flows';
import { userOf } from '../../../src/domain/identity';
import { platformSubmissionKey } from '../../../src/domain/submission-key';
import type { Finisher } from '../../../src/services/held-submissions';
import type { Viewer } from '../../../flows/localize';
import type { Reply } from '../../../flows/view';
import { buttonOf, dialogTitle, replyCard, submissionOf, submittedValues, viewCard } from '../cards/render';
import type { TeamsDeps } from '../deps';
import { failureReply } from '../errors';
import { flowContext, teamsIdentity, tenantOf } from '../people';
import { localize } from '../../../flows/localize';

function taskInfo(reply: Reply, viewer: Viewer, nonce?: string): TaskModuleTaskInfo {
  return { title: dialogTitle(reply, viewer), card: CardFactory.adaptiveCard(replyCard(reply, viewer, nonce)), width: 'large', height: 'large' };
}

/**
 * Dialogs (task modules): a button's `task/fetch` opens the form or the details it names; a
 * form's `task/submit` is checked and saved. A wrong answer or a failed save returns the form
 * with every answer in it and the reason; the dialog stays open.
 */
export function registerDialogs(app: Application<TurnState>, deps: TeamsDeps): void {
  deps.services.held.register('teams', teamsFinisher(deps));
  app.taskModules.fetch<Record<string, unknown>>(/.*/, async (context: TurnContext, _state, data) => {
    const fallback = { locale: context.activity.locale ?? 'en', timeZone: 'UTC' };
    try {
      const ctx = await flowContext(deps.services, deps.logger, context);
      const viewer = { locale: ctx.locale, timeZone: ctx.timeZone };
      const { verb, arg } = buttonOf(data);
      return taskInfo(await runAction(ctx, verb, arg), viewer);
    } catch (error) {
      return taskInfo(failureReply(error, deps.logger), fallback);
    }
  });

  app.taskModules.submit<Record<string, unknown>>(/.*/, async (context: TurnContext, _state, data) => {
    const fallback = { locale: context.activity.locale ?? 'en', timeZone: 'UTC' };
    try {
      const ctx = await flowContext(deps.services, deps.logger, context);
      const viewer = { locale: ctx.locale, timeZone: ctx.timeZone };
      // A button pressed inside the dialog (the case's *Start assessment*, *Record sources*…):
      // Teams sends its data as a submission; what it opens or does shows in the same dialog.
      if (isButtonPress(data)) {
        const { verb, arg } = buttonOf(data);
        return taskInfo(await runAction(ctx, verb, arg), viewer);
      }
      const submission = submissionOf(data);
      const nonce = submission.nonce ?? randomUUID();
      const key = platformSubmissionKey('teams', nonce);
      const values = submittedValues(data, tenantOf(context));
      const prepared = await prepareSubmission(ctx, submission.verb, submission.context, values);
      const errors = prepared.errors();
      if (Object.keys(errors).length > 0) return taskInfo(await prepared.save(key), viewer, nonce);
      const user = context.activity.from?.aadObjectId;
      // A report is held (sealed) before it is saved: should this process die while saving, the
      // next start finishes it and tells the member in their chat (`teamsFinisher`).
      const held = heldBeforeSaving(submission.verb) && user !== undefined;
      if (held) await deps.services.held.hold({ key, personId: ctx.person._id, formId: submission.verb, context: submission.context, answers: values, replyTo: { tenantId: tenantOf(context), userId: user } });
      const reply = held ? await deps.services.held.save(() => prepared.save(key)) : await prepared.save(key);
      if (user) await sendReceipt(deps, key, reply, tenantOf(context), user, viewer);
      // A form back means it was not saved (the database, say): it stays held, and the sweep saves it.
      if (held && reply.kind !== 'form') await deps.services.held.release(key).catch(() => deps.logger.warn({ source: 'teams' }, 'a held submission could not be released; the sweep finishes it once'));
      return taskInfo(reply, viewer, nonce);
    } catch (error) {
      return taskInfo(failureReply(error, deps.logger), fallback);
    }
  });
}


/** The confirmation with the reference, in the member's personal chat, once per submission. */
async function sendReceipt(deps: TeamsDeps, key: string, reply: Reply, tenantId: string, objectId: string, viewer: Viewer): Promise<void> {
  if (reply.kind !== 'message' || !reply.view.receipt || reply.view.sensitive) return;
  const { view } = reply;
  await deps.services.notifications.once(`receipt:${key}`, () => deps.conversations.send(tenantId, objectId, viewCard(view, viewer), localize(view.title, viewer)));
}

/**
 * How Teams finishes a report a process that died had held but not saved (at start, through
 * `HeldSubmissions.recover`): saved as its member, who is told in their personal chat (the
 * dialog it came from is gone).
 */
function teamsFinisher(deps: TeamsDeps): Finisher {
  return async (held) => {
    const { tenantId, userId } = held.replyTo;
    if (!tenantId || !userId) return 'kept';
    const person = await deps.services.people.byIdentity(teamsIdentity(tenantId, userId));
    if (!person) return 'kept';
    const ctx: FlowContext = {
      person,
      actor: deps.services.people.actor(person),
      locale: person.locale,
      timeZone: person.timeZone,
      services: deps.services,
      logger: deps.logger,
      profileOf: async (identity) => ({ displayName: userOf(identity) ?? identity }),
    };
    const reply = await submitForm(ctx, held.formId, held.context, held.answers, held.key);
    if (reply.kind === 'form') return 'kept';
    await sendReceipt(deps, held.key, reply, tenantId, userId, { locale: ctx.locale, timeZone: ctx.timeZone });
    return 'saved';
  };
}

/** A dialog's buttons carry an argument and no form of their own; a form's Submit carries its nonce. */
function isButtonPress(data: unknown): boolean {
  const record = data !== null && typeof data === 'object' ? (data as Record<string, unknown>) : {};
  return Object.prototype.hasOwnProperty.call(record, 'arg') && !Object.prototype.hasOwnProperty.call(record, 'nonce');
}

import type { App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { FORM_IDS, heldBeforeSaving, prepareSubmission, submitForm, type PreparedSubmission } from '../../../flows';
import type { RawValues, Reply } from '../../../flows/view';
import { platformSubmissionKey } from '../../../src/domain/submission-key';
import type { Services } from '../../../src/services';
import type { Finisher } from '../../../src/services/held-submissions';
import type { Logger } from '../../../src/logger';
import type { SlackDeps } from '../deps';
import { fallbackText, viewBlocks } from '../render/blocks';
import { SLACK_LIMITS } from '../render/limits';
import { inlineErrors, readMetadata, replyModal, submittedValues, workingModal } from '../render/modal';
import { flowContext } from '../people';
import { failureOnField } from '../errors';
import type { FlowContext } from '../../../flows';

const FORM_CALLBACK = new RegExp(`^(${FORM_IDS.map((id) => id.replace(/\./g, '\\.')).join('|')})$`);


interface Submitted {
  formId: string;
  context: string;
  values: RawValues;
  /** The modal's id: where the answer goes, and (as `slack:<id>`) the submission key. */
  viewId: string;
  userId: string;
}

const submissionKey = (viewId: string) => platformSubmissionKey('slack', viewId);

/**
 * Saves a submission and shows the answer in its modal; a new report's receipt also goes to
 * the member's DM with the app. The modal may be gone (closed, or left by a process that
 * died): the receipt still goes out.
 */
async function finish(client: WebClient, logger: Logger, ctx: FlowContext, submitted: Submitted, prepared?: PreparedSubmission): Promise<Reply> {
  const viewer = { locale: ctx.locale, timeZone: ctx.timeZone };
  const key = submissionKey(submitted.viewId);
  const reply = prepared ? await prepared.save(key) : await submitForm(ctx, submitted.formId, submitted.context, submitted.values, key);
  await client.views.update({ view_id: submitted.viewId, view: replyModal(reply, viewer) }).catch((error: unknown) => {
    logger.warn({ source: 'slack', err: error instanceof Error ? error.message : 'unknown' }, 'the answer could not be shown in its modal');
  });
  if (reply.kind === 'message' && reply.view.receipt && !reply.view.sensitive) {
    const { view } = reply;
    await ctx.services.notifications.once(`receipt:${key}`, () =>
      client.chat.postMessage({ channel: submitted.userId, text: fallbackText(view, viewer), blocks: viewBlocks(view, viewer, SLACK_LIMITS.messageBlocks) }),
    );
  }
  return reply;
}

/**
 * A submitted modal. Wrong answers come back inline at once, on their fields; otherwise the
 * modal turns to "working…", the flow saves, and the modal shows the result, or the form
 * again with every answer and the reason, so nothing typed is lost. The modal's own id is
 * the submission key: a second press of Submit cannot make a second case. A report is held
 * in the store before Slack hears it was accepted, so that it survives the process dying.
 */
export function registerSubmissions(app: App, deps: SlackDeps): void {
  deps.services.held.register('slack', slackFinisher(app.client, deps.services, deps.logger));
  app.view<ViewSubmitAction>(FORM_CALLBACK, async ({ ack, body, view, client }) => {
    // Until it is acknowledged, this submission goes before the saving of earlier ones.
    const arrived = deps.services.held.arrive();
    const answered = await acknowledge(deps, client, ack, body, view).finally(arrived);
    if (!answered) return;
    const { ctx, prepared, submitted, held } = answered;
    if (!held) return void (await finish(client, deps.logger, ctx, submitted, prepared));
    const reply = await deps.services.held.save(() => finish(client, deps.logger, ctx, submitted, prepared));
    // A form back means it was not saved (the database, say): it stays held, and the sweep saves it.
    if (reply.kind === 'form') return;
    await deps.services.held.release(submissionKey(view.id)).catch(() => deps.logger.warn({ source: 'slack' }, 'a held submission could not be released; the sweep finishes it once'));
  });
}

/**
 * Checks the submission, holds it if it is a report, and answers Slack: with the errors on
 * their fields, or with "working…". Undefined when there is nothing more to do.
 */
async function acknowledge(
  deps: SlackDeps,
  client: WebClient,
  ack: SlackViewMiddlewareArgs<ViewSubmitAction>['ack'],
  body: ViewSubmitAction,
  view: ViewSubmitAction['view'],
): Promise<{ ctx: FlowContext; prepared: PreparedSubmission; submitted: Submitted; held: boolean } | undefined> {
  const teamId = body.team?.id ?? body.user.team_id ?? '';
  const values = submittedValues(view.state, teamId);
  const { context } = readMetadata(view.private_metadata);
  const firstField = Object.keys(values)[0];
  let ctx: FlowContext;
  try {
    ctx = await flowContext(deps.services, client, deps.logger, { teamId, userId: body.user.id });
  } catch (error) {
    // Before anything is saved: Slack keeps the modal and every answer, with the reason.
    await ack({ response_action: 'errors', errors: failureOnField(error, firstField, { locale: deps.defaultLocale, timeZone: 'UTC' }, deps.logger) });
    return undefined;
  }
  const viewer = { locale: ctx.locale, timeZone: ctx.timeZone };
  const prepared = await prepareSubmission(ctx, view.callback_id, context, values);
  const errors = prepared.errors();
  if (Object.keys(errors).length > 0) {
    await ack({ response_action: 'errors', errors: inlineErrors(errors, viewer) });
    return undefined;
  }
  const submitted: Submitted = { formId: view.callback_id, context, values, viewId: view.id, userId: body.user.id };
  const held = heldBeforeSaving(submitted.formId);
  if (held) {
    try {
      await deps.services.held.hold({ key: submissionKey(view.id), personId: ctx.person._id, formId: submitted.formId, context, answers: values, replyTo: { teamId, userId: body.user.id, viewId: view.id } });
    } catch (error) {
      await ack({ response_action: 'errors', errors: failureOnField(error, firstField, viewer, deps.logger) });
      return undefined;
    }
  }
  const acknowledged = await ack({ response_action: 'update', view: workingModal(viewer) }).then(
    () => true,
    () => false,
  );
  if (!acknowledged) {
    // Slack gave up waiting (over 3 s, under load) and shows the member an error, every answer
    // still there. A report is held already: it is saved and alerted now, not at the next
    // start (G10), and submitting it again finds the same case. Other forms wait for that.
    deps.logger.warn({ source: 'slack', formId: submitted.formId }, 'a submission was acknowledged too late for Slack');
    if (!held) return undefined;
  }
  return { ctx, prepared, submitted, held };
}

/**
 * How Slack finishes a report a process that died had acknowledged but not saved (at start,
 * through `HeldSubmissions.recover`): saved as its member, the answer shown in its modal if
 * it is still open, and the receipt in their DM.
 */
function slackFinisher(client: WebClient, services: Services, logger: Logger): Finisher {
  return async (held) => {
    const { teamId, userId, viewId } = held.replyTo;
    if (!teamId || !userId || !viewId) return 'kept';
    const ctx = await flowContext(services, client, logger, { teamId, userId });
    const reply = await finish(client, logger, ctx, { formId: held.formId, context: held.context, values: held.answers, viewId, userId });
    // A form back means it could not be saved now (the database, say): it stays held.
    return reply.kind === 'form' ? 'kept' : 'saved';
  };
}

import type { App, ViewSubmitAction } from '@slack/bolt';
import { checkForm, FORM_IDS, submitForm } from '../../../flows';
import type { SlackDeps } from '../deps';
import { fallbackText, viewBlocks } from '../render/blocks';
import { SLACK_LIMITS } from '../render/limits';
import { inlineErrors, readMetadata, replyModal, submittedValues, workingModal } from '../render/modal';
import { flowContext } from '../people';
import { failureOnField } from '../errors';
import type { FlowContext } from '../../../flows';

const FORM_CALLBACK = new RegExp(`^(${FORM_IDS.map((id) => id.replace(/\./g, '\\.')).join('|')})$`);

/**
 * A submitted modal. Wrong answers come back inline at once, on their fields; otherwise the
 * modal turns to "working…", the flow saves, and the modal shows the result, or the form
 * again with every answer and the reason, so nothing typed is lost. The modal's own id is
 * the submission key: a second press of Submit cannot make a second case.
 */
export function registerSubmissions(app: App, deps: SlackDeps): void {
  app.view<ViewSubmitAction>(FORM_CALLBACK, async ({ ack, body, view, client }) => {
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const values = submittedValues(view.state, teamId);
    const { context } = readMetadata(view.private_metadata);
    let ctx: FlowContext;
    try {
      ctx = await flowContext(deps.services, client, deps.logger, { teamId, userId: body.user.id });
    } catch (error) {
      // Before anything is saved: Slack keeps the modal and every answer, with the reason.
      const firstField = Object.keys(values)[0];
      await ack({ response_action: 'errors', errors: failureOnField(error, firstField, { locale: deps.defaultLocale, timeZone: 'UTC' }, deps.logger) });
      return;
    }
    const viewer = { locale: ctx.locale, timeZone: ctx.timeZone };
    const errors = await checkForm(ctx, view.callback_id, context, values);
    if (Object.keys(errors).length > 0) {
      await ack({ response_action: 'errors', errors: inlineErrors(errors, viewer) });
      return;
    }
    await ack({ response_action: 'update', view: workingModal(viewer) });
    const reply = await submitForm(ctx, view.callback_id, context, values, `slack:${view.id}`);
    await client.views.update({ view_id: view.id, view: replyModal(reply, viewer) });
    if (reply.kind === 'message' && reply.view.receipt && !reply.view.sensitive) {
      // The confirmation stays in the member's DM with the app, with the reference.
      await client.chat.postMessage({
        channel: body.user.id,
        text: fallbackText(reply.view, viewer),
        blocks: viewBlocks(reply.view, viewer, SLACK_LIMITS.messageBlocks),
      });
    }
  });
}

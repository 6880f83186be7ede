import type { TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { runAction } from '../../../flows';
import { localize } from '../../../flows/localize';
import { buttonOf, EXECUTE_VERBS, executeVerbOf, viewCard } from '../cards/render';
import type { TeamsDeps } from '../deps';
import { failureReply } from '../errors';
import { flowContext } from '../people';

/**
 * Universal Actions: Approve and Decline on a proposal card. The decided card replaces the
 * card for everyone who sees it; a refusal (already decided by …, consent missing, not the
 * chair) goes to the presser alone and leaves the card as it was.
 */
export function registerDecisions(app: Application<TurnState>, deps: TeamsDeps): void {
  app.adaptiveCards.actionExecute<Record<string, unknown>>([...EXECUTE_VERBS], async (context: TurnContext, _state, data) => {
    const verb = executeVerbOf(context.activity.value);
    try {
      const ctx = await flowContext(deps.services, deps.logger, context);
      const viewer = { locale: ctx.locale, timeZone: ctx.timeZone };
      const reply = await runAction(ctx, verb, buttonOf({ verb, arg: data?.arg }).arg);
      if (reply.kind === 'message' && (reply.view.tone === 'success' || reply.view.tone === 'info')) return viewCard(reply.view, viewer);
      return reply.kind === 'message' ? localize(reply.view.title, viewer) : '';
    } catch (error) {
      const reply = failureReply(error, deps.logger);
      return reply.kind === 'message' ? localize(reply.view.title, { locale: context.activity.locale ?? 'en', timeZone: 'UTC' }) : '';
    }
  });
}

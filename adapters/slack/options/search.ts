import type { App } from '@slack/bolt';
import { SEARCH_ACTIONS, searchOfAction } from '../../../flows/search';
import type { SlackDeps } from '../deps';
import { plain } from '../render/blocks';
import { fit, SLACK_LIMITS as L } from '../render/limits';
import { slackIdentity } from '../people';

/**
 * The options of a searchable select (the State party), which Slack asks for as the person
 * types (`block_suggestion`, on the Request URL: the manifest's options load URL). Amparo answers
 * with the best matches in the person's language, as many as Slack shows, within its 3 s. The
 * list is public knowledge, so no role is needed and nothing is stored; who may report or assign
 * is checked when the form is submitted.
 */
export function registerSearches(app: App, deps: SlackDeps): void {
  app.options<'block_suggestion'>({ type: 'block_suggestion', action_id: SEARCH_ACTIONS }, async ({ ack, body }) => {
    const search = searchOfAction(body.action_id);
    if (!search) return ack({ options: [] });
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const known = await deps.services.people.byIdentity(slackIdentity(teamId, body.user.id)).catch(() => null);
    const viewer = { locale: known?.locale ?? deps.defaultLocale, timeZone: known?.timeZone ?? 'UTC' };
    const found = search.find(body.value, viewer.locale, L.selectOptions);
    await ack({ options: found.map((o) => ({ text: plain(o.label, viewer, L.optionText), value: fit(o.value, L.optionValue) })) });
  });
}

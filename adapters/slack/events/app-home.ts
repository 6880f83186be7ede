import type { App } from '@slack/bolt';
import { homeView } from '../../../flows/home.flow';
import type { SlackDeps } from '../deps';
import { viewBlocks } from '../render/blocks';
import { SLACK_LIMITS } from '../render/limits';
import { flowContext } from '../people';

/** The App Home tab: the person's own queue with buttons; their profile is refreshed too. */
export function registerAppHome(app: App, deps: SlackDeps): void {
  app.event('app_home_opened', async ({ event, client, body }) => {
    if (event.tab !== 'home') return;
    const teamId = (body as { team_id?: string }).team_id ?? '';
    const ctx = await flowContext(deps.services, client, deps.logger, { teamId, userId: event.user }, true);
    const view = await homeView(ctx);
    await client.views.publish({
      user_id: event.user,
      view: { type: 'home', blocks: viewBlocks(view, { locale: ctx.locale, timeZone: ctx.timeZone }, SLACK_LIMITS.viewBlocks) },
    });
  });
}

import type { WebClient } from '@slack/web-api';
import type { FlowContext } from '../../flows';
import { slackIdentity, slackUserIn, userOf } from '../../src/domain/identity';
import type { Person } from '../../src/domain/roles';
import type { Logger } from '../../src/logger';
import type { Services } from '../../src/services';
import type { Profile } from '../../src/services/people';

/**
 * Slack users as Amparo's people (`slackIdentity`, `src/domain/identity.ts`). Language and time
 * zone come from `users.info` (with locale) on first contact and each time the person opens the
 * App Home.
 */
export { slackIdentity };

/** The Slack user id of a person known on Slack, if they are. */
export function slackUserOf(person: Person): string | undefined {
  return slackUserIn(person.identityKeys)?.userId;
}

export async function slackProfile(client: WebClient, userId: string, logger: Logger): Promise<Profile> {
  try {
    const { user } = await client.users.info({ user: userId, include_locale: true });
    return {
      displayName: user?.real_name || user?.profile?.display_name || user?.name || userId,
      ...(user?.locale ? { locale: user.locale } : {}),
      ...(user?.tz ? { timeZone: user.tz } : {}),
    };
  } catch (error) {
    // Without users.info the person is still served, in the deployment's default language.
    logger.warn({ userId, err: error instanceof Error ? error.message : 'unknown' }, 'users.info failed');
    return { displayName: userId };
  }
}

export interface SlackUser {
  teamId: string;
  userId: string;
}

export async function flowContext(services: Services, client: WebClient, logger: Logger, who: SlackUser, refresh = false): Promise<FlowContext> {
  const identity = slackIdentity(who.teamId, who.userId);
  let person = await services.people.ensure(identity, () => slackProfile(client, who.userId, logger));
  const ask = () => slackProfile(client, who.userId, logger);
  // Never asked (a person named in the committees file, writing for the first time): ask now,
  // so that the first answer is in their language. Asked over a day ago: ask in the background.
  if (refresh || person.profileCheckedAt === undefined) person = await services.people.refreshOnce(person, ask);
  else if (services.people.profileStale(person)) services.people.refreshLater(person, ask);
  return {
    person,
    actor: services.people.actor(person),
    locale: person.locale,
    timeZone: person.timeZone,
    services,
    logger,
    profileOf: (key) => slackProfile(client, userOf(key) ?? key, logger),
  };
}

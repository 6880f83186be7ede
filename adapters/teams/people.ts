import type { TurnContext } from 'botbuilder';
import type { FlowContext } from '../../flows';
import { teamsIdentity, teamsUserIn, userOf, type TeamsIdentity } from '../../src/domain/identity';
import type { Person } from '../../src/domain/roles';
import type { Logger } from '../../src/logger';
import type { Services } from '../../src/services';
import type { Profile } from '../../src/services/people';

/**
 * Teams users as Amparo's people (`teamsIdentity`, `src/domain/identity.ts`). Name, language
 * and time zone come with every activity (from.name, locale, localTimezone).
 */
export { teamsIdentity };

export function tenantOf(context: TurnContext): string {
  const channelData = context.activity.channelData as { tenant?: { id?: string } } | undefined;
  return context.activity.conversation?.tenantId ?? channelData?.tenant?.id ?? '';
}

/** Every tenant id the activity names (the conversation's, the channel data's). */
export function tenantsNamed(context: TurnContext): string[] {
  const channelData = context.activity.channelData as { tenant?: { id?: unknown } } | undefined;
  return [context.activity.conversation?.tenantId, channelData?.tenant?.id].filter((id): id is string => typeof id === 'string' && id !== '');
}

export function identityOf(context: TurnContext): TeamsIdentity | undefined {
  const objectId = context.activity.from?.aadObjectId;
  return objectId ? teamsIdentity(tenantOf(context), objectId) : undefined;
}

/** The Entra object id and tenant of a person known on Teams, if they are. */
export function teamsUserOf(person: Person): { tenantId: string; objectId: string } | undefined {
  return teamsUserIn(person.identityKeys);
}

function profileFrom(context: TurnContext): Profile {
  return {
    displayName: context.activity.from?.name || context.activity.from?.aadObjectId || '',
    ...(context.activity.locale ? { locale: context.activity.locale } : {}),
    ...(context.activity.localTimezone ? { timeZone: context.activity.localTimezone } : {}),
  };
}

export async function flowContext(services: Services, logger: Logger, context: TurnContext): Promise<FlowContext> {
  const identity = identityOf(context);
  if (!identity) throw new Error('the activity names no Microsoft Entra user');
  let person = await services.people.ensure(identity, async () => profileFrom(context));
  const profile = profileFrom(context);
  const changed = profile.displayName !== person.displayName || (profile.locale && !person.languageChosen && profile.locale !== person.locale) || (profile.timeZone && profile.timeZone !== person.timeZone);
  if (changed || services.people.profileStale(person)) person = await services.people.refreshProfile(person, profile);
  return {
    person,
    actor: services.people.actor(person),
    // A language the person chose wins; otherwise the activity's own, the one they use now.
    locale: person.languageChosen ? person.locale : (context.activity.locale ?? person.locale),
    timeZone: person.timeZone,
    services,
    logger,
    // A person picked in a form is known by their object id until they write to the bot.
    profileOf: async (key) => ({ displayName: userOf(key) ?? key }),
  };
}

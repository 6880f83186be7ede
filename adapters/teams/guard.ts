import { ActivityTypes, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { localize } from '../../flows/localize';
import { t } from '../../flows/view';
import { isLoopbackUrl, type TrustedHosts } from '../../src/http/trusted-hosts';
import type { Logger } from '../../src/logger';
import type { Conversations } from './conversations';
import { tenantsNamed } from './people';

/**
 * Before any handler: an activity from another tenant, or naming a service URL Amparo does not
 * send to, is refused before anything reads it, so nothing is stored for it (no person, no
 * conversation). An invoke gets an answer Teams shows; anything else is ignored. An admitted
 * activity in a personal chat has its conversation kept, where the rules allow it.
 */
export interface Admission {
  /** The tenant served; absent only to try Amparo (any tenant). */
  tenantId?: string;
  /** Whether activities carry a checked Bot Framework token (false in emulation). */
  authenticated: boolean;
  serviceUrls: TrustedHosts;
}

type Refusal = 'tenant' | 'service_url';

export function registerGuard(app: Application<TurnState>, admission: Admission, conversations: Conversations, logger: Logger): void {
  app.turn('beforeTurn', async (context) => {
    const refusal = refusalOf(context, admission);
    if (refusal) {
      logger.warn({ source: 'teams', refusal, type: context.activity.type, name: context.activity.name }, 'activity refused');
      await answerRefused(context);
      return false;
    }
    await conversations.remember(context);
    return true;
  });
}

function refusalOf(context: TurnContext, admission: Admission): Refusal | undefined {
  if (admission.tenantId !== undefined) {
    // Both places Teams names the tenant must name this one.
    const named = tenantsNamed(context);
    if (named.length === 0 || named.some((tenant) => tenant !== admission.tenantId)) return 'tenant';
  }
  // Replies go to the service URL: a Bot Framework host, or in emulation this machine only.
  const serviceUrl = context.activity.serviceUrl;
  const trusted = admission.authenticated ? admission.serviceUrls.trusts(serviceUrl) : isLoopbackUrl(serviceUrl);
  return trusted ? undefined : 'service_url';
}

/** The refusal in the form each invoke expects, in the HTTP answer (nothing is sent to the service URL). */
async function answerRefused(context: TurnContext): Promise<void> {
  if (context.activity.type !== ActivityTypes.Invoke) return;
  const message = localize(t('teams.other_organisation'), { locale: context.activity.locale ?? 'en', timeZone: 'UTC' });
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: invokeRefusal(context.activity.name, message) });
}

function invokeRefusal(name: string | undefined, message: string): InvokeResponse {
  switch (name) {
    case 'task/fetch':
    case 'task/submit':
      // A dialog that says so, instead of the form.
      return { status: 200, body: { task: { type: 'message', value: message } } };
    case 'adaptiveCard/action':
      // Universal Actions: the message shows under the card, which stays as it was.
      return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: message } };
    default:
      return { status: 403, body: { code: 'Forbidden', message } };
  }
}

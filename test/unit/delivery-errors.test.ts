import { classify as slackClassify } from '../../adapters/slack/notifier';
import { classify as teamsClassify } from '../../adapters/teams/notifier';
import { PermanentDeliveryError, TransientDeliveryError } from '../../src/services/notifications';

/** What a platform's refusal means for a reminder: give up (and tell the chair), or try again when. */
describe('delivery failures', () => {
  it.each(['user_not_found', 'channel_not_found', 'account_inactive', 'cannot_dm_bot'])('Slack %s will not mend', (error) => {
    expect(slackClassify({ code: 'slack_webapi_platform_error', data: { error } })).toBeInstanceOf(PermanentDeliveryError);
  });

  it('Slack rate limits say when to try again; other failures are tried again', () => {
    const limited = slackClassify({ code: 'slack_webapi_rate_limited_error', retryAfter: 30 });
    expect(limited).toBeInstanceOf(TransientDeliveryError);
    expect((limited as TransientDeliveryError).retryAfterMs).toBe(30_000);
    expect(slackClassify({ code: 'slack_webapi_platform_error', data: { error: 'internal_error' } })).toBeInstanceOf(TransientDeliveryError);
    expect(slackClassify(new Error('socket hang up'))).toBeInstanceOf(TransientDeliveryError);
  });

  it('Teams 403 and 404 will not mend; 429 waits as told; 5xx is tried again', () => {
    expect(teamsClassify({ statusCode: 403 })).toBeInstanceOf(PermanentDeliveryError);
    expect(teamsClassify({ statusCode: 404 })).toBeInstanceOf(PermanentDeliveryError);
    const limited = teamsClassify({ statusCode: 429, response: { headers: { get: (name: string) => (name === 'retry-after' ? '12' : undefined) } } });
    expect((limited as TransientDeliveryError).retryAfterMs).toBe(12_000);
    expect(teamsClassify({ statusCode: 502 })).toBeInstanceOf(TransientDeliveryError);
  });
});

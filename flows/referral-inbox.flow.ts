import type { InboxItem } from '../src/services/referral-inbox';
import type { Notification } from '../src/services/notifications';
import type { FlowContext } from './context';
import { referralButton, referralNoticeView } from './referral.flow';
import { message, t, type Button, type MessageView, type Reply, type Section, type Text } from './view';

/**
 * G16: the referral inbox, the referrals other committees made to the reader's, each with
 * where it stands and a button that opens it under the consent's rules (`referral.open`);
 * and G5e: the notice that what a referral may show has changed, which says nothing more.
 */

const MAX_REFERRAL_BUTTONS = 10;

function line(item: InboxItem): Text {
  return t('referral.inbox.line', {
    reference: item.reference,
    number: item.number,
    from: item.from,
    to: item.to,
    date: t('common.date', { date: { date: item.at } }),
    state: t(`referral.inbox.states.${item.state}`),
  });
}

function buttons(items: InboxItem[]): Button[] {
  return items
    .filter((item) => item.opens)
    .slice(0, MAX_REFERRAL_BUTTONS)
    .map((item) => ({ ...referralButton(item.reference, item.number), label: t('buttons.referral.open_ref', { reference: item.reference, number: item.number }) }));
}

/**
 * The inbox as a part of someone's home or queue, after their cases: nothing (and no read) for
 * whoever reads no committee's inbox, and nothing while no referral was made to theirs.
 */
export async function inboxPart(ctx: FlowContext): Promise<{ sections: Section[]; buttons: Button[] }> {
  if (ctx.services.referralInbox.committees(ctx.actor).length === 0) return { sections: [], buttons: [] };
  const items = await ctx.services.referralInbox.list(ctx.actor);
  if (items.length === 0) return { sections: [], buttons: [] };
  return { sections: [{ heading: t('referral.inbox.title'), lines: items.map(line) }], buttons: buttons(items) };
}

/** `/amparo referrals`: the inbox alone, answered to the person who asked. */
export async function showReferralInbox(ctx: FlowContext): Promise<Reply> {
  const items = await ctx.services.referralInbox.list(ctx.actor);
  const lines = items.length === 0 ? [t('referral.inbox.empty')] : items.map(line);
  return message('info', t('referral.inbox.title'), [{ lines }], buttons(items));
}

/** G5e: the referral now shows less; which of its fields, or why, is not said here. */
export function narrowedReferralView(n: Notification): MessageView {
  return referralNoticeView(n, 'referral.narrowed');
}

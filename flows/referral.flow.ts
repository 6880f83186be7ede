import { AmparoError } from '../src/errors';
import type { Sharing, SharedField } from '../src/domain/referral';
import type { Notification } from '../src/services/notifications';
import type { OpenedReferral } from '../src/services/referrals';
import { ACTIONS, parseProposalArg, proposalArg } from './actions';
import type { FlowContext } from './context';
import { list, raw, stateName, t, type Button, type Field, type MessageView, type Reply, type Text } from './view';

/**
 * G16, cross-committee referral: what the referring rapporteur is told will be shared, the
 * private alert to the other committee's rapporteurs, and the one view they may open. That
 * view lists exactly the fields the consent lets the referral share, nothing else.
 */

/** A referral is named like a proposal: its case and its number, `CAT-2026-0001#1`. */
export function referralButton(reference: string, number: number): Button {
  return { action: ACTIONS.openReferral, arg: proposalArg(reference, number), label: t(`buttons.${ACTIONS.openReferral}`), style: 'primary' };
}

const fieldLabel = (field: SharedField): Text => t(`referral.fields.${field}`);

/** What will be shared, in one sentence, given the case's consent to referral. */
export function sharingPreview(sharing: Extract<Sharing, { allowed: true }>): Text {
  return t(`referral.sharing.${sharing.reason}`, { fields: list(sharing.fields.map(fieldLabel)) });
}

/** The private alert: the case's reference and the committee asking; details only once opened. */
export function referralAlertView(n: Notification): MessageView {
  return referralNoticeView(n, 'referral.alert');
}

/** A private notice about a referral, worded by `block`: its reference, number and committee, and a button to open it; nothing it shares. */
export function referralNoticeView(n: Notification, block: string): MessageView {
  const vars = { reference: n.reference ?? '', from: n.committee, number: n.referral?.number ?? 0 };
  return {
    tone: 'info',
    title: t(`${block}.title`, vars),
    sections: [{ lines: [t(`${block}.body`, vars)] }],
    buttons: n.reference && n.referral ? [referralButton(n.reference, n.referral.number)] : [],
    sensitive: false,
  };
}

/** `referral.open CAT-2026-0001#1`: the shared view, recorded as a disclosure before it is shown. */
export async function showReferral(ctx: FlowContext, arg: string): Promise<Reply> {
  const parsed = parseProposalArg(arg);
  if (!parsed) throw new AmparoError('INVALID_INPUT', 'referral.errors.argument', { argument: arg });
  const opened = await ctx.services.referrals.open(ctx.actor, parsed.reference, parsed.number);
  return { kind: 'message', view: referralView(opened) };
}

function sharedValue(field: SharedField, value: string): Text {
  switch (field) {
    case 'stateParty':
      return stateName(value);
    case 'perpetrator':
      return t(`options.perpetrator.${value}`);
    case 'riskLevel':
      return t(`options.riskLevel.${value}`);
    case 'outcome':
      return value === 'not_assessed' ? t('referral.not_assessed') : t(`options.outcome.${value}`);
    case 'genderRisk':
      return t(`options.yesNoUnknown.${value}`);
    case 'narrative':
      return raw(value);
  }
}

function referralView(opened: OpenedReferral): MessageView {
  const { referral, sharing } = opened;
  const shared: Field[] = sharing.fields.map((field) => ({ label: fieldLabel(field), value: sharedValue(field, opened.shared[field] ?? '') }));
  return {
    tone: 'info',
    title: t('referral.view.title', { reference: opened.reference, number: referral.number, from: opened.from }),
    sections: [
      {
        fields: [
          { label: t('referral.view.from'), value: raw(opened.from) },
          { label: t('referral.view.to'), value: raw(referral.to) },
          { label: t('referral.view.by'), value: t('case.by_at', { name: raw(referral.byName), at: t('common.date', { date: { date: referral.at, withTime: true } }) }) },
          { label: t('referral.view.support'), value: raw(opened.support) },
        ],
      },
      { heading: t('referral.view.shared'), fields: shared, lines: [sharingPreview(sharing), t('referral.view.never')] },
    ],
    buttons: [],
    sensitive: true,
  };
}

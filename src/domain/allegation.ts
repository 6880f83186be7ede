import { z } from 'zod/v4';
import { TREATY_BODIES } from './committee';
import { choice, optionalPastDay, optionalText, stateParty, text } from './fields';

export { choice, optionalText, text } from './fields';

/**
 * What a member reports (G10, G11): the facts of an allegation as the intake collects them.
 * Each schema's error message is an i18n key, so every form renders it in the user's language.
 */
export const VICTIM_KINDS = ['individual', 'group'] as const;
export const COOPERATION_KINDS = ['communication', 'report', 'session', 'other'] as const;
export const PERPETRATOR_KINDS = ['state', 'non_state', 'unknown'] as const; // G2–G3
export const CHANNELS = ['oral', 'written'] as const; // G11
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export const CONSENT_ANSWERS = ['yes', 'no', 'unknown'] as const; // G21
export const YES_NO = ['yes', 'no'] as const;
export const YES_NO_UNKNOWN = ['yes', 'no', 'unknown'] as const;

export const LIMITS = { narrative: 3000, shortText: 300, longText: 2000 } as const;

export const allegationSchema = (today: () => Date) =>
  z.object({
    committee: choice(TREATY_BODIES),
    narrative: text(LIMITS.narrative),
    incidentDate: optionalPastDay(today),
    place: optionalText(LIMITS.shortText),
    stateParty,
    victimKind: choice(VICTIM_KINDS),
    victim: text(LIMITS.shortText),
    cooperation: choice(COOPERATION_KINDS),
    perpetrator: choice(PERPETRATOR_KINDS),
    channel: choice(CHANNELS),
    confidential: choice(YES_NO),
    sourceContact: optionalText(LIMITS.shortText),
    consentStateContact: choice(CONSENT_ANSWERS),
    consentPublication: choice(CONSENT_ANSWERS),
    consentReferral: choice(CONSENT_ANSWERS),
    consentInformed: choice(YES_NO),
    riskLevel: choice(RISK_LEVELS),
    imminentThreat: choice(YES_NO),
    genderRisk: choice(YES_NO_UNKNOWN),
  });

export type AllegationInput = z.infer<ReturnType<typeof allegationSchema>>;

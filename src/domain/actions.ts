/**
 * The action catalogue (G19–G31). `consent` names the part of the consent record that must
 * say "yes" before the chair may approve the action (G5e, G21, G23, G26, G27, G29, G30).
 */
export type ConsentKind = 'stateContact' | 'publication' | 'referral';

export interface ActionType {
  id: ActionTypeId;
  consent?: ConsentKind;
  /** Actions that usually carry a deadline suggest one, in days (G19). */
  suggestedDeadlineDays?: number;
}

export const ACTION_TYPE_IDS = ['G19', 'G21', 'G22', 'G23', 'G24', 'G25', 'G26', 'G27', 'G28', 'G29', 'G30', 'G31'] as const;
export type ActionTypeId = (typeof ACTION_TYPE_IDS)[number];

export const ACTION_CATALOGUE: Record<ActionTypeId, ActionType> = {
  G19: { id: 'G19', suggestedDeadlineDays: 30 },
  G21: { id: 'G21', consent: 'stateContact', suggestedDeadlineDays: 30 },
  G22: { id: 'G22' },
  G23: { id: 'G23', consent: 'referral' },
  G24: { id: 'G24' },
  G25: { id: 'G25' },
  G26: { id: 'G26', consent: 'publication' },
  G27: { id: 'G27', consent: 'publication' },
  G28: { id: 'G28' },
  G29: { id: 'G29', consent: 'referral' },
  G30: { id: 'G30', consent: 'referral' },
  G31: { id: 'G31' },
};

export function consentNeededFor(type: ActionTypeId): ConsentKind | undefined {
  return ACTION_CATALOGUE[type].consent;
}

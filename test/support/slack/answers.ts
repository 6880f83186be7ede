/**
 * A report's answers as a member types them into the Slack intake modal (by block id). Tests
 * that look for leaks pass their own narrative, victim, place and contact: words found nowhere
 * else, so that finding one anywhere means it leaked.
 */
export function intakeAnswers(overrides: Partial<Record<string, string>> = {}): Record<string, string> {
  return {
    committee: 'CAT',
    narrative: 'Rtyui was summoned by the police after the session.',
    incidentDate: `${new Date().getUTCFullYear()}-01-15`,
    place: 'Oslo',
    stateParty: 'Norway',
    victimKind: 'individual',
    victim: 'Fghjk Vbnmq, lawyer',
    cooperation: 'session',
    perpetrator: 'state',
    channel: 'oral',
    confidential: 'no',
    sourceContact: 'Signal +00 3434',
    consentStateContact: 'yes',
    consentPublication: 'no',
    consentReferral: 'no',
    consentInformed: 'yes',
    riskLevel: 'high',
    imminentThreat: 'no',
    genderRisk: 'unknown',
    ...Object.fromEntries(Object.entries(overrides).filter((entry): entry is [string, string] => entry[1] !== undefined)),
  };
}

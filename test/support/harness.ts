import type { AllegationInput } from '../../src/domain/allegation';
import { defineCommittee } from '../../src/domain/committee';
import type { Person } from '../../src/domain/roles';
import { silentLogger, type Logger } from '../../src/logger';
import { createServices, type Services } from '../../src/services';
import { KeyRing } from '../../src/services/crypto';
import { DEMO_COMMITTEE } from '../../src/services/demo';
import type { Store } from '../../src/store/store';
import { TestClock, sequentialIds } from './clock';
import { person } from './people';
import { RecordingNotifier } from './recording-notifier';

export const TEST_KEY = new KeyRing([{ id: 'test1', key: Buffer.alloc(32, 7) }]);

/** The demo cast, as stored people: one of each role in CAT, and a rapporteur of CCPR. */
export const CAST = {
  member: person('maria', 'member'),
  rapporteur: person('amina', 'rapporteur'),
  rapporteur2: person('lucas', 'rapporteur'),
  chair: person('chen', 'chair'),
  countryRapporteur: person('olga', 'country_rapporteur', { stateParty: 'NO' }),
  security: person('sam', 'security_focal_point'),
  formerRapporteur: person('pablo', 'rapporteur', { ended: true }),
  otherCommittee: person('omar', 'rapporteur', { committee: 'CCPR' }),
} satisfies Record<string, Person>;

export interface Harness {
  services: Services;
  clock: TestClock;
  notifier: RecordingNotifier;
  store: Store;
  actor(p: Person): ReturnType<Services['people']['actor']>;
}

export async function harness(store: Store, clock = new TestClock(), keys = TEST_KEY, logger: Logger = silentLogger): Promise<Harness> {
  await store.saveCommittee(DEMO_COMMITTEE);
  await store.saveCommittee(defineCommittee({ _id: 'CCPR', name: 'Human Rights Committee' }));
  for (const p of Object.values(CAST)) {
    if (!(await store.getPerson(p._id))) await store.insertPerson(p);
  }
  const notifier = new RecordingNotifier();
  const services = createServices({ store, keys, clock, ids: sequentialIds(), notifier, logger });
  return { services, clock, notifier, store, actor: (p) => services.people.actor(p) };
}

/** A complete, valid intake; tests override what they are about. */
export function allegation(overrides: Partial<AllegationInput> = {}): AllegationInput {
  return {
    committee: 'CAT',
    narrative: 'Detained for two days after speaking at the session in Geneva.',
    incidentDate: '2026-03-01',
    place: 'Oslo',
    stateParty: 'NO',
    victimKind: 'individual',
    victim: 'Ingrid Testdottir',
    cooperation: 'session',
    perpetrator: 'state',
    channel: 'oral',
    confidential: 'no',
    sourceContact: 'via the lawyer, +47 0000',
    consentStateContact: 'yes',
    consentPublication: 'no',
    consentReferral: 'unknown',
    consentInformed: 'yes',
    riskLevel: 'high',
    imminentThreat: 'no',
    genderRisk: 'unknown',
    ...overrides,
  };
}

/** A submitted allegation, assessed by a rapporteur (sources, consultation, outcome); its reference. */
export async function assessedCase(h: Harness, overrides: Partial<AllegationInput> = {}): Promise<string> {
  const rapporteur = h.actor(CAST.rapporteur);
  const { case: c } = await h.services.cases.submitAllegation(h.actor(CAST.member), allegation(overrides), `key-${Math.random()}`);
  await h.services.cases.recordSources(rapporteur, c.reference, ['secretariat', 'civil_society'], 'talked to the NGO');
  await h.services.cases.consultCountryRapporteur(rapporteur, c.reference, CAST.countryRapporteur._id, 'confirms the pattern');
  await h.services.cases.recordOutcome(rapporteur, c.reference, 'substantiated', 'followed home after the session');
  // Its reminders are planned (and the assessment's cancelled) in the background: let that finish.
  await h.services.scheduler.planned();
  return c.reference;
}

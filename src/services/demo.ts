import { defineCommittee, type Committee } from '../domain/committee';
import { consoleIdentity } from '../domain/identity';
import type { Person, Role } from '../domain/roles';
import type { Store } from '../store/store';
import { insertedFirst } from './seed';

/**
 * The demo committee a newcomer meets in the console: one of each role, so that every step
 * of the workflow can be played by switching the acting person (`/as <name>`).
 */
export const DEMO_COMMITTEE: Committee = defineCommittee({
  _id: 'CAT',
  name: 'Committee against Torture (demo)',
  assessmentTargetDays: 7,
  securityContact: '+41 00 000 00 00 (demo number)',
});

/** A State party for the demo country rapporteur; any ISO code would do. */
const DEMO_STATE_PARTY = 'IS';

interface DemoPerson {
  handle: string;
  name: string;
  role: Role;
  stateParty?: string;
  /** A term that ended a year ago (G8), to show that an ended term grants nothing. */
  ended?: boolean;
}

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  { handle: 'maria', name: 'Maria (member)', role: 'member' },
  { handle: 'amina', name: 'Amina (rapporteur)', role: 'rapporteur' },
  { handle: 'lucas', name: 'Lucas (rapporteur)', role: 'rapporteur' },
  { handle: 'chen', name: 'Chen (chair)', role: 'chair' },
  { handle: 'olga', name: 'Olga (country rapporteur)', role: 'country_rapporteur', stateParty: DEMO_STATE_PARTY },
  { handle: 'sam', name: 'Sam (security focal point)', role: 'security_focal_point' },
  { handle: 'pablo', name: 'Pablo (former rapporteur)', role: 'rapporteur', ended: true },
];

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

export async function seedDemo(store: Store, now: Date, locale: string, timeZone: string): Promise<void> {
  if (!(await store.getCommittee(DEMO_COMMITTEE._id))) await store.saveCommittee(DEMO_COMMITTEE);
  for (const demo of DEMO_PEOPLE) {
    if (await store.findPersonByIdentity(consoleIdentity(demo.handle))) continue;
    const person: Person = {
      _id: `demo-${demo.handle}`,
      displayName: demo.name,
      locale,
      timeZone,
      identityKeys: [consoleIdentity(demo.handle)],
      roles: [
        {
          id: `demo-${demo.handle}-${demo.role}`,
          committee: DEMO_COMMITTEE._id,
          role: demo.role,
          ...(demo.stateParty ? { stateParty: demo.stateParty } : {}),
          start: new Date(now.getTime() - (demo.ended ? 3 : 1) * YEAR_MS),
          ...(demo.ended ? { end: new Date(now.getTime() - YEAR_MS) } : {}),
          assignedBy: 'demo',
        },
      ],
      version: 1,
    };
    await insertedFirst(store, person);
  }
}

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mapSealed, proposalOwner, type Case, type Sealed } from '../../src/domain/case';
import { caseBinding, type KeyRing } from '../../src/services/crypto';
import { EmbeddedStore } from '../../src/store/embedded-store';
import { writeSnapshot } from '../../src/store/json-file';
import type { Store } from '../../src/store/store';
import { storeRegister, type PlannedCase } from './register-generator';
import { openStore, type StoreKind, type StoreUnderTest } from './stores';

const DAY = 24 * 60 * 60 * 1000;

/**
 * Completes a generated case as the services would have written it: every text really sealed
 * (different in every case), and a closure record for a closed case, dated by `closedAt` (by
 * default a month after its assessment).
 */
export function sealedTexts(keys: KeyRing, closedAt?: (c: Case, index: number) => Date): (c: Case, plan: PlannedCase, index: number) => Case {
  return (c, plan, i) => {
    const seal = (field: string, text: string, owner?: string) => keys.seal(text, caseBinding(c._id, field, owner));
    return {
      ...c,
      incidentDate: '2025-05-01',
      sealed: {
        narrative: seal('narrative', `Narrative ${i}: held at the airport after the session.`),
        victim: seal('victim', `Victim ${i} Testsson`),
        ...(i % 2 === 0 ? { place: seal('place', `Town ${i}`) } : {}),
        ...(i % 3 === 0 ? { sourceContact: seal('sourceContact', `+41 000 ${i}`) } : {}),
      },
      ...(c.assessment?.outcome ? { assessment: { ...c.assessment, findings: seal('findings', `Findings ${i}`) } } : {}),
      proposals: c.proposals.map((p) => ({
        ...p,
        doNoHarm: seal('doNoHarm', `No harm ${i}/${p.number}`, proposalOwner(p.id)),
        ...(i % 2 === 1 ? { details: seal('proposalDetails', `Details ${i}/${p.number}`, proposalOwner(p.id)) } : {}),
      })),
      ...(plan.closed
        ? {
            closure: {
              reason: 'actions_completed' as const,
              by: 'chen',
              at: closedAt ? closedAt(c, i) : new Date(c.createdAt.getTime() + ((plan.assessedAfterDays ?? 0) + 30) * DAY),
              previousStatus: 'assessed' as const,
              note: seal('closureNote', `Closed ${i}`),
            },
          }
        : {}),
    };
  };
}

/** Every sealed value of a case. */
export function sealedValues(c: Case): string[] {
  const values: string[] = [];
  mapSealed(c, (value) => {
    values.push(value);
    return value;
  });
  return values;
}

/** The case with every text opened, as JSON: what "byte-identical decrypted" compares. */
export function openedJson(c: Case, keys: KeyRing): string {
  return JSON.stringify(mapSealed(c, (value, field, owner) => keys.open(value, caseBinding(c._id, field, owner)) as Sealed));
}

/**
 * A store of the given kind holding a generated register with sealed texts. The embedded one
 * is built in memory and written to its file once (each write of a file-backed embedded
 * store rewrites the whole file, which makes hundreds of cases slow to store one by one).
 */
export async function storeWithRegister(kind: StoreKind, label: string, plans: PlannedCase[], prepare: (c: Case, plan: PlannedCase, index: number) => Case): Promise<StoreUnderTest> {
  if (kind === 'mongodb') {
    const opened = await openStore(kind, label);
    await storeRegister(opened.store, plans, prepare);
    return opened;
  }
  const memory = new EmbeddedStore();
  await storeRegister(memory, plans, prepare);
  const cases = await memory.listCases({});
  const events = (await Promise.all(cases.map((c) => memory.listEvents(c._id)))).flat();
  const dir = await mkdtemp(join(tmpdir(), 'amparo-register-'));
  const file = join(dir, 'store.json');
  await writeSnapshot(file, { committees: [], cases, events });
  const store = new EmbeddedStore(file);
  await store.init();
  const reopened: Store[] = [];
  return {
    store,
    reopen: async () => {
      const again = new EmbeddedStore(file);
      await again.init();
      reopened.push(again);
      return again;
    },
    tamperEvent: async () => {
      throw new Error('not needed here');
    },
    rawDump: async () => {
      await store.close();
      return readFile(file, 'utf8');
    },
    dispose: async () => {
      await Promise.all([store, ...reopened].map((s) => s.close()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

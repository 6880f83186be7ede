import { createCipheriv, randomBytes } from 'node:crypto';
import { mapSealed, sealedKeyIds, type Case, type Sealed } from '../../src/domain/case';
import type { Actor } from '../../src/domain/roles';
import { caseBinding, KeyRing } from '../../src/services/crypto';
import type { DataKey } from '../../src/keys';
import { MaintenanceService, type RotationOutcome } from '../../src/services/maintenance';
import { RegisterService } from '../../src/services/register';
import { sequentialIds } from '../support/clock';
import { assessedCase, CAST, harness, type Harness } from '../support/harness';
import { openStore, STORE_KINDS, type StoreUnderTest } from '../support/stores';

const KEY: DataKey = { id: 'k2026', key: Buffer.alloc(32, 3) };

/** A value as format v1 sealed it: unpadded, bound to the case and field only. */
function sealV1(text: string, context: string): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', KEY.key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return `v1.${KEY.id}.${[iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url')).join('.')}` as Sealed;
}

/**
 * The sealed-value format and what each note is bound to, on each real store: values stored in
 * format v1 still open and are sealed again as v2 by `amparo keys rotate`; a note of a proposal,
 * a decision or a reopening, moved to another one by someone with write access to the database,
 * does not open.
 */
describe.each(STORE_KINDS)('sealed formats and bindings on the %s store', (kind) => {
  let under: StoreUnderTest;
  let h: Harness;
  let rapporteur: Actor;
  let chair: Actor;
  const keys = new KeyRing([KEY]);

  beforeEach(async () => {
    under = await openStore(kind, 'resealing');
    h = await harness(under.store, undefined, keys);
    rapporteur = h.actor(CAST.rapporteur);
    chair = h.actor(CAST.chair);
  });

  afterEach(async () => {
    await under.dispose();
  });

  /** Two proposals, both decided with a note, and two reopenings: every note that has an owner. */
  async function notedCase(): Promise<string> {
    const ref = await assessedCase(h);
    for (const n of [1, 2]) {
      const { proposal } = await h.services.cases.propose(rapporteur, ref, { type: 'G28', details: `details ${n}`, doNoHarm: `do no harm ${n}`, deadlineDays: 30 });
      await h.services.cases.decide(chair, ref, proposal.id, 'more_requested', 'chair', `question ${n}`);
    }
    for (const n of [1, 2]) {
      await h.services.cases.close(chair, ref, 'other', `closed ${n}`);
      await h.services.cases.reopen(chair, ref, `reopened ${n}`);
    }
    await h.services.scheduler.planned();
    return ref;
  }

  async function stored(ref: string): Promise<Case> {
    return (await under.store.findCaseByReference(ref)) as Case;
  }

  /** Replaces the stored case as someone writing to the database directly would. */
  async function rewrite(ref: string, edit: (c: Case) => Case): Promise<void> {
    const c = await stored(ref);
    expect(await under.store.replaceCase({ ...edit(c), version: c.version + 1 }, c.version)).toBe(true);
  }

  /** Every value sealed again as format v1 sealed it, as a case written before v2 holds them. */
  const asV1 = (c: Case): Case => mapSealed(c, (value, field, owner) => sealV1(keys.open(value, caseBinding(c._id, field, owner)), `${c._id}:${field}`));

  const swapped = <T,>(list: T[], edit: (item: T, other: T) => T): T[] => list.map((item, i) => edit(item, list[list.length - 1 - i] as T));

  function maintenance(): MaintenanceService {
    const ids = sequentialIds('maintenance');
    return new MaintenanceService({ store: under.store, keys, clock: h.clock, ids, register: new RegisterService(under.store, ids) });
  }

  it('keys rotate seals values of format v1 again as v2 even under the current key, reports them resealed, and a second run changes nothing', async () => {
    const ref = await notedCase();
    const before = await h.services.reader.open(rapporteur, ref);
    await rewrite(ref, asV1);
    expect(await under.rawDump()).toContain(`v1.${KEY.id}.`);
    expect((await h.services.reader.open(rapporteur, ref)).texts).toEqual(before.texts);

    const outcomes: RotationOutcome[] = [];
    expect(await maintenance().rotateKeys((outcome) => outcomes.push(outcome))).toEqual({ cases: 1, resealed: 1, failed: [] });
    expect(outcomes).toEqual([{ reference: ref, result: 'resealed', from: [KEY.id] }]);
    const dump = await under.rawDump();
    expect(dump).not.toContain(`v1.${KEY.id}.`);
    expect(dump).toContain(`v2.${KEY.id}.`);
    expect(sealedKeyIds(await stored(ref))).toEqual([KEY.id]);
    const after = await h.services.reader.open(rapporteur, ref);
    expect(after.texts).toEqual(before.texts);
    expect(after.history.find((e) => e.type === 'case.resealed')?.data).toEqual({ from: KEY.id, to: KEY.id });

    const unchanged = await stored(ref);
    const again: RotationOutcome[] = [];
    expect(await maintenance().rotateKeys((outcome) => again.push(outcome))).toEqual({ cases: 1, resealed: 0, failed: [] });
    expect(again).toEqual([{ reference: ref, result: 'current' }]);
    expect(await stored(ref)).toEqual(unchanged);
  });

  it('a note moved to another proposal, decision or reopening of the same case does not open', async () => {
    const ref = await notedCase();
    const texts = (await h.services.reader.open(rapporteur, ref)).texts;
    expect(Object.values(texts.proposals).map((p) => p.doNoHarm)).toEqual(['do no harm 1', 'do no harm 2']);
    expect(texts.reopenings).toEqual(['reopened 1', 'reopened 2']);
    const original = await stored(ref);
    const moves: Array<(c: Case) => Case> = [
      (c) => ({ ...c, proposals: swapped(c.proposals, (p, other) => ({ ...p, doNoHarm: other.doNoHarm })) }),
      (c) => ({ ...c, proposals: swapped(c.proposals, (p, other) => ({ ...p, details: other.details as Sealed })) }),
      (c) => ({ ...c, proposals: swapped(c.proposals, (p, other) => ({ ...p, decision: { ...p.decision!, note: other.decision?.note as Sealed } })) }),
      (c) => ({ ...c, reopenings: swapped(c.reopenings, (r, other) => ({ ...r, note: other.note })) }),
    ];
    for (const move of moves) {
      await rewrite(ref, move);
      await expect(h.services.reader.open(rapporteur, ref)).rejects.toThrow();
      await rewrite(ref, () => original);
      expect((await h.services.reader.open(rapporteur, ref)).texts).toEqual(texts);
    }
  });

  it('notes sealed before they were bound to their proposal or reopening still open; once rotated, they are bound', async () => {
    const ref = await notedCase();
    const texts = (await h.services.reader.open(rapporteur, ref)).texts;
    await rewrite(ref, asV1);
    expect((await h.services.reader.open(rapporteur, ref)).texts).toEqual(texts);
    await maintenance().rotateKeys();
    await rewrite(ref, (c) => ({ ...c, proposals: swapped(c.proposals, (p, other) => ({ ...p, doNoHarm: other.doNoHarm })) }));
    await expect(h.services.reader.open(rapporteur, ref)).rejects.toThrow();
  });
});

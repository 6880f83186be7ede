import { chain, GENESIS_HASH, verifyChain, type RegisterEvent } from '../../src/domain/register';

/** G11, G32: the register is tamper-evident; verification names the first broken entry. */
function register(length: number): RegisterEvent[] {
  const entries: RegisterEvent[] = [];
  for (let i = 0; i < length; i++) {
    entries.push(chain('case-1', entries[i - 1] ?? null, { id: `e${i}`, at: new Date(Date.UTC(2026, 0, 1, 0, i)), actorId: 'amina', type: 'case.opened', data: { i } }));
  }
  return entries;
}

describe('register hash chain', () => {
  it('links each entry to the one before, from a genesis hash', () => {
    const entries = register(3);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(entries[0]?.prevHash).toBe(GENESIS_HASH);
    expect(entries[1]?.prevHash).toBe(entries[0]?.hash);
    expect(verifyChain(entries)).toEqual({ intact: true, entries: 3 });
  });

  it('names an entry whose content was altered', () => {
    const entries = register(4);
    (entries[2] as RegisterEvent).data = { i: 99 };
    expect(verifyChain(entries)).toEqual({ intact: false, seq: 3, problem: 'altered' });
  });

  it('names an entry rewritten with a fresh hash, through the link that no longer matches', () => {
    const entries = register(4);
    const forged = chain('case-1', entries[0] ?? null, { ...(entries[1] as RegisterEvent), type: 'case.closed' });
    entries[1] = forged;
    expect(verifyChain(entries)).toEqual({ intact: false, seq: 2, problem: 'altered' });
  });

  it('names the place of a removed entry', () => {
    const entries = register(4);
    entries.splice(1, 1);
    expect(verifyChain(entries)).toEqual({ intact: false, seq: 2, problem: 'missing' });
  });

  it('names a reordering', () => {
    const entries = register(4);
    const [first, second, ...rest] = entries;
    expect(verifyChain([first as RegisterEvent, ...rest, second as RegisterEvent])).toMatchObject({ intact: false, seq: 2 });
  });

  it('does not depend on the order in which a store returns the fields', () => {
    const [entry] = register(1);
    const reordered = Object.fromEntries(Object.entries(entry as RegisterEvent).reverse()) as unknown as RegisterEvent;
    expect(verifyChain([reordered])).toEqual({ intact: true, entries: 1 });
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Terminal } from '../support/terminal';

/**
 * G16 and G5e in the real console process: CAT refers a case to CCPR; CCPR's rapporteur finds
 * it in `/amparo referrals` and in `/amparo cases`, opens it with its button; the person's
 * consent to referral narrows, the rapporteur is told privately with no detail, and the
 * referral then opens without the narrative.
 */
const YEAR = new Date().getUTCFullYear();
const REF = `CAT-${YEAR}-0001`;
const NARRATIVE = 'Qzxv was followed home by officers after the hearing.';

/** The intake answers, in the form's order: consent to referral given, the risks explained. */
const INTAKE = ['', NARRATIVE, '', '', 'Iceland', '1', 'Qwerty Uiop', '3', '1', '1', '2', '', '1', '3', '1', '1', '3', '2', '3'];

const COMMITTEES = {
  committees: [{ _id: 'CCPR', name: 'Human Rights Committee' }],
  people: [{ name: 'Omar', identities: ['console:omar'], roles: [{ committee: 'CCPR', role: 'rapporteur', start: '2020-01-01' }] }],
};

describe('console adapter, the referral inbox (G16, G5e)', () => {
  let dataDir: string;
  let term: Terminal;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'amparo-console-referral-inbox-'));
    const file = join(dataDir, 'committees.json');
    await writeFile(file, JSON.stringify(COMMITTEES));
    term = Terminal.start({ AMPARO_DATA_DIR: dataDir, AMPARO_COMMITTEES_FILE: file });
    await term.ready();
  });

  afterEach(async () => {
    await term.exitCode();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('G16, G5e: the receiving rapporteur lists and opens the referral, is told without detail when consent narrows, and then sees less', async () => {
    await term.type('/amparo report');
    await term.typeAll(INTAKE);
    expect(await term.type('yes')).toContain(`Allegation received: ${REF}`);

    await term.type('/as amina');
    await term.type(`/amparo refer ${REF}`);
    await term.typeAll(['1', 'Please raise it in the dialogue.']);
    expect(await term.type('yes')).toContain(`Referral #1 of ${REF} sent privately to the rapporteur of CCPR.`);

    await term.type('/as omar');
    let out = await term.type('/amparo referrals');
    expect(out).toContain('Referrals to your committee');
    expect(out).toMatch(new RegExp(`${REF}#1 from CAT to CCPR, .*: received, not yet opened`));
    expect(out).toContain(`Open referral ${REF}#1`);
    expect(out).not.toContain('Qzxv');
    out = await term.type('/amparo cases');
    expect(out).toContain('Referrals to your committee');
    expect(out).toContain(`Open referral ${REF}#1`);
    out = await term.type('1');
    expect(out).toContain('Confidential — shown only to you.');
    expect(out).toContain(NARRATIVE);
    expect(out).not.toContain('Qwerty');
    expect(await term.type('/amparo referrals')).toContain(': opened by your committee');

    // The person's consent to referral is now recorded without the risks explained.
    await term.type('/as amina');
    await term.type(`/amparo consent ${REF}`);
    await term.typeAll(['3', '1', '2', '1']);
    expect(await term.type('yes')).toContain(REF);
    // The notice goes out after the change is stored: the second one Omar is told of.
    await term.waitForOutput(/Omar has 1 new private message[\s\S]*Omar has 1 new private message/);

    out = await term.type('/as omar');
    expect(out).toContain(`Referral #1 of ${REF}: what you may see has changed`);
    expect(out).toContain('The consent of the person concerned has changed (G5e). Opening the referral shows only what it now allows.');
    expect(out).not.toContain('Qzxv');
    out = await term.type('/amparo referrals');
    out = await term.type('1');
    expect(out).toContain('State party: Iceland');
    expect(out).not.toContain(NARRATIVE);

    // Nobody of CAT's own has an inbox to read but its rapporteurs and chair: the member is told why.
    await term.type('/as maria');
    expect(await term.type('/amparo referrals')).toContain('Only the rapporteurs on reprisals and the chair of a committee see the referrals made to it (G16).');
    expect(await term.quit()).toBe(0);
  });
});

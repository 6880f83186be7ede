import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Terminal } from '../support/terminal';

/**
 * G13 in the real console process: a rapporteur records a contact with the person's
 * representative through the form, sees it in the case, and the chair reads it but may not
 * record one. The summary is kept sealed in the store's file.
 */
const YEAR = new Date().getUTCFullYear();
const REF = `CAT-${YEAR}-0001`;
const SUMMARY = 'Wqxz reached her lawyer; she is safe at a friend’s flat and agrees to a letter.';
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

/** An allegation, one answer per question, in the intake form's order (numbers pick options). */
const INTAKE = ['', 'Followed home by officers after the session.', '', '', 'Iceland', '1', 'Qwerty Uiop', '3', '1', '1', '2', '', '1', '3', '2', '1', '3', '2', '3'];

describe('console adapter, contacts with the person (G13)', () => {
  let dataDir: string;
  let term: Terminal;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'amparo-console-contacts-'));
    term = Terminal.start({ AMPARO_DATA_DIR: dataDir });
    await term.ready();
  });

  afterEach(async () => {
    await term.exitCode();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('G13: a rapporteur records a contact through the form and sees it in the case; the chair reads it and may not record one', async () => {
    await term.type('/amparo report');
    await term.typeAll(INTAKE);
    expect(await term.type('yes')).toContain(`Allegation received: ${REF}`);

    await term.type('/as amina');
    let out = await term.type(`/amparo contact ${REF}`);
    expect(out).toContain('Record a contact');
    expect(out).toContain('The summary is encrypted and shown only to the rapporteurs and the chair');
    // A contact cannot be in the future: said when the answers are saved.
    out = await term.typeAll([day(2), '3', '2', SUMMARY, day(14)]);
    expect(out).toContain('Secure messaging');
    out = await term.type('yes');
    expect(out).toContain('Date of the contact: The date cannot be in the future.');
    // Only that question is asked again; the other answers are kept.
    out = await term.type(day(-1));
    expect(out).toContain('3. With whom: Their representative');
    out = await term.type('yes');
    expect(out).toContain(`recorded for ${REF}.`);
    expect(out).toContain('Next contact due');
    expect(out).not.toContain('Wqxz');

    out = await term.type(`/amparo case ${REF}`);
    expect(out).toContain('Contacts with the person (G13)');
    expect(out).toContain('Secure messaging — Their representative — recorded by Amina (rapporteur); next contact due');
    expect(out).toContain(SUMMARY);
    expect(out).toMatch(/Amina \(rapporteur\) — recorded a contact with the person at risk \(G13\)/);

    await term.type('/as chen');
    expect(await term.type(`/amparo contact ${REF}`)).toContain(`Only a rapporteur of the committee can record a contact on ${REF}.`);
    expect(await term.type(`/amparo case ${REF}`)).toContain(SUMMARY);

    expect(await term.quit()).toBe(0);
    const file = await readFile(join(dataDir, 'store.json'), 'utf8');
    expect(file).toContain('"means":"secure_messaging"');
    expect(file).not.toContain('Wqxz');
  });
});

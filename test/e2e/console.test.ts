import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Terminal } from '../support/terminal';

/**
 * The console adapter end to end: the real process, driven through stdin and stdout as a
 * newcomer would after `npm start`, on the embedded store with the demo committee.
 */
const YEAR = new Date().getUTCFullYear();
const REF = `CAT-${YEAR}-0001`;
const NARRATIVE = 'Zyxwv was followed home by plain-clothes officers after speaking at the session.';
const VICTIM = 'Qwerty Uiop, human rights lawyer';
const CONTACT = 'Signal +00 5555 0101';

/** The intake answers, one per question, in the form's order (numbers pick options). */
function intakeAnswers(overrides: { publication?: string; imminent?: string } = {}): string[] {
  return [
    '', // committee: the only one, kept
    NARRATIVE,
    '2026-01-15',
    'Reykjavik',
    'Iceland',
    '1', // an individual
    VICTIM,
    '3', // attended a session
    '1', // State actor
    '1', // orally
    '2', // no confidentiality asked
    CONTACT,
    '1', // consent to contact the State party: yes
    overrides.publication ?? '3', // publication: not known yet
    '2', // referral: no
    '1', // risks explained: yes
    '3', // risk: high
    overrides.imminent ?? '2', // imminent threat: no
    '3', // gender-related risk: unknown
  ];
}

describe('console adapter, end to end', () => {
  let dataDir: string;
  let term: Terminal;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'amparo-console-'));
    term = Terminal.start({ AMPARO_DATA_DIR: dataDir });
    await term.ready();
  });

  afterEach(async () => {
    await term.exitCode();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts with a banner naming the adapter, the store and how to switch, as the demo member', () => {
    const start = term.transcript;
    expect(start).toContain('Adapter: console');
    expect(start).toContain(`Store: embedded, kept in ${join(dataDir, 'store.json')}`);
    expect(start).toMatch(/no AMPARO_DATA_KEY is set/);
    expect(start).toContain('set MONGODB_URI and AMPARO_DATA_KEY');
    expect(start).toContain('act as maria, amina, lucas, chen, olga, sam, pablo with /as <name>');
    expect(start).toContain('You are now Maria (member).');
  });

  it('G10–G14: walks an allegation from report to decision, with every role played in turn', async () => {
    // The member reports; a wrong State party and a future date are re-asked, nothing is lost.
    let out = await term.type('/amparo report');
    expect(out).toContain('Report an allegation');
    // A required answer left empty is asked again, saying why.
    out = await term.typeAll(['', '']);
    expect(out).toContain('This answer is required.');
    out = await term.typeAll([NARRATIVE, '2999-01-01']);
    expect(out).toContain('The date cannot be in the future.');
    out = await term.typeAll(['2026-01-15', 'Reykjavik', 'Atlantis']);
    expect(out).toContain('Not a State we know');
    out = await term.typeAll(intakeAnswers().slice(4));
    expect(out).toContain(`2. What happened: ${NARRATIVE}`);
    expect(out).toContain('5. State party: Iceland');
    out = await term.type('yes');
    expect(out).toContain(`Allegation received: ${REF}`);
    expect(out).toContain('It is labelled an allegation');
    for (const name of ['Amina (rapporteur)', 'Lucas (rapporteur)', 'Chen (chair)']) expect(out).toContain(`${name} has 1 new private message`);
    expect(out).not.toContain('Sam (security focal point) has');
    expect(out).not.toContain('Pablo');

    // A rapporteur reads the alert: reference and risk, not the narrative or the name.
    out = await term.type('/as amina');
    expect(out).toContain(`New allegation of intimidation or reprisals: ${REF}`);
    expect(out).toContain('risk level High');
    expect(out).not.toContain('Zyxwv');
    expect(out).not.toContain('Qwerty');

    // Opening is a disclosure, recorded; the details appear only in this private view.
    out = await term.type('1');
    expect(out).toContain('Confidential — shown only to you.');
    expect(out).toContain(NARRATIVE);
    expect(out).toContain(VICTIM);
    expect(out).toMatch(/Amina \(rapporteur\) — opened the case/);

    out = await term.type(`/amparo assess ${REF}`);
    expect(out).toContain(`Assessment of ${REF} started.`);
    out = await term.typeAll([`/amparo sources ${REF}`, '1,3', 'Spoke to the secretariat.', 'yes']);
    expect(out).toContain(`Sources recorded for ${REF}.`);

    // G14: the outcome waits for the country rapporteur; the answers are kept meanwhile.
    out = await term.typeAll([`/amparo outcome ${REF}`, '1', 'Followed after the session.', 'yes']);
    expect(out).toContain('Consult the country rapporteur before recording the outcome');
    expect(out).toContain('Your answers are kept.');
    await term.type('/cancel');
    out = await term.typeAll([`/amparo consult ${REF}`, '1', 'Confirms a pattern.', 'yes']);
    expect(out).toContain('Olga (country rapporteur) has 1 new private message');
    out = await term.typeAll([`/amparo outcome ${REF}`, '1', 'Followed after the session.', 'yes']);
    expect(out).toContain(`Assessment of ${REF} recorded; the chair has been told.`);

    // Two proposals: G19 with a 30-day deadline, G26 publication without consent.
    out = await term.typeAll([`/amparo propose ${REF}`, '1', 'Letter asking for protection.', '', 'Low exposure: case already public.', '30', 'yes']);
    expect(out).toContain(`Proposal #1 on ${REF} (G19 protection measures by the State party) sent to the chair.`);
    out = await term.typeAll([`/amparo propose ${REF}`, '7', 'Publish the letter.', '', 'Would name her publicly.', '', 'yes']);
    expect(out).toContain('Proposal #2');
    expect(out).toContain('informed consent is not recorded yet for “Publication”');

    // The chair decides from the private message's buttons.
    out = await term.type('/as chen');
    expect(out).toContain(`Your decision: proposal #1 on ${REF}`);
    out = await term.type(`/amparo approve ${REF} 2`);
    expect(out).toContain('G26 publication on the web page cannot be approved: informed consent is not recorded for “Publication”');
    out = await term.type(`/amparo approve ${REF} 1`);
    expect(out).toMatch(/approved by Chen \(chair\) on .*, under the authority of the chair\./);
    expect(out).toMatch(/Deadline: /);
    out = await term.type(`/amparo decline ${REF} 1`);
    expect(out).toContain('Proposal #1 was already decided: approved by Chen (chair).');

    // The member who reported sees the status only, and cannot decide.
    out = await term.type('/as maria');
    out = await term.type(`/amparo case ${REF}`);
    expect(out).toContain(`Your report ${REF}`);
    expect(out).toContain('Status: assessed.');
    expect(out).not.toContain('Zyxwv');
    out = await term.type(`/amparo approve ${REF} 2`);
    expect(out).toContain(`Only the chair can decide on proposals for ${REF}.`);
    out = await term.type('/amparo cases');
    expect(out).toContain(`${REF} — your report — assessed`);

    // Close with a reason, reopen, and the register shows it all, in order.
    await term.type('/as chen');
    out = await term.typeAll([`/amparo close ${REF}`, '1', '', 'yes']);
    expect(out).toContain(`Case ${REF} closed.`);
    out = await term.typeAll([`/amparo reopen ${REF}`, 'The State party did not reply.', 'yes']);
    expect(out).toContain(`Case ${REF} reopened.`);
    out = await term.type(`/amparo case ${REF}`);
    const history = out.slice(out.indexOf('History (register)'));
    const order = [
      'allegation received',
      'Amina (rapporteur) — opened the case',
      'started the assessment',
      'recorded the country rapporteur consultation',
      'recorded the outcome of the assessment: Substantiated',
      'proposed action #1',
      'proposed action #2',
      'decided on proposal #1: approved',
      'closed the case (Actions completed)',
      'reopened the case',
      'Chen (chair) — opened the case',
    ].map((entry) => history.indexOf(entry));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('G22: an imminent threat makes the alerts urgent, with the step to contact UN security', async () => {
    await term.type('/amparo report');
    await term.typeAll(intakeAnswers({ imminent: '1' }));
    const out = await term.type('yes');
    expect(out).toContain('Sam (security focal point) has 1 new private message');
    const alert = await term.type('/as sam');
    expect(alert).toContain(`URGENT — imminent threat during a session: ${REF}`);
    expect(alert).toContain('contact the UN Department of Safety and Security at once');
    const refused = await term.type(`/amparo case ${REF}`);
    expect(refused).toContain(`There is no case ${REF} that you can see`);
  });

  it('a member without a role in the case cannot open it, and a former rapporteur cannot report', async () => {
    await term.type('/amparo report');
    await term.typeAll(intakeAnswers());
    await term.type('yes');
    await term.type('/as olga');
    expect(await term.type(`/amparo case ${REF}`)).toContain(`There is no case ${REF} that you can see`);
    await term.type('/as pablo');
    expect(await term.type('/amparo report')).toContain('You hold no role in any committee');
    expect(await term.type('/amparo case NOT-A-REF')).toContain('"NOT-A-REF" is not a case reference');
  });

  it('G15: a rapporteur reads the progress report in the terminal, in counts only', async () => {
    await term.type('/amparo report');
    await term.typeAll(intakeAnswers());
    await term.type('yes');
    await term.type('/as amina');
    const out = await term.type(`/amparo report-progress CAT ${YEAR}`);
    expect(out).toContain('Progress report on intimidation and reprisals — CAT');
    expect(out).toMatch(/\| Allegations received \| 1 \|/);
    expect(out).toContain('--out <folder>');
    expect(out).not.toContain(REF);
  });

  it('keeps the register across a restart, with nothing sensitive in the stored file', async () => {
    await term.type('/amparo report');
    await term.typeAll(intakeAnswers());
    expect(await term.type('yes')).toContain(REF);
    expect(await term.quit()).toBe(0);

    const stored = await readFile(join(dataDir, 'store.json'), 'utf8');
    expect(stored).toContain(REF);
    for (const secret of ['Zyxwv', 'Qwerty', 'Reykjavik', '5555 0101']) expect(stored).not.toContain(secret);

    term = Terminal.start({ AMPARO_DATA_DIR: dataDir });
    await term.ready();
    await term.type('/as amina');
    const out = await term.type(`/amparo case ${REF}`);
    expect(out).toContain(NARRATIVE);
  });

  it('stops at once, naming the variable, when the configuration is wrong', async () => {
    const bad = Terminal.start({ AMPARO_DATA_DIR: dataDir, PORT: 'eighty' });
    expect(await bad.exitCode()).toBe(2);
    expect(bad.transcript).toContain('Amparo cannot start: the configuration is not valid.');
    expect(bad.transcript).toContain('PORT: ');
    expect(bad.transcript).not.toMatch(/at .*\.js:\d+/);
  });

  it('as a server (Teams emulation), warns loudly that nothing is authenticated, and stops on SIGTERM', async () => {
    const server = Terminal.start({ AMPARO_DATA_DIR: dataDir, TEAMS_EMULATOR: 'on', PORT: '0' });
    const banner = await server.waitForOutput(/See README\.md\./);
    expect(banner).toContain('Adapter: teams');
    expect(banner).toContain('WARNING: Teams runs WITHOUT authentication');
    expect(banner).toMatch(/Teams messaging endpoint: https:\/\/<your host>\/api\/messages/);
    expect(await server.terminate()).toBe(0);
  });
});

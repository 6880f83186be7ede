import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DECLARED, opensApart } from '../../flows';
import { ACTION_IDS } from '../../flows/actions';
import { CASE_FORMS } from '../../flows/case-forms';
import type { FlowContext } from '../../flows/context';
import { DECISION_FORMS } from '../../flows/decision.flow';
import type { FormSpec } from '../../flows/form';
import { intakeForm } from '../../flows/intake.flow';
import type { Text } from '../../flows/view';
import { ACTION_TYPE_IDS } from '../../src/domain/actions';
import { SETTINGS } from '../../src/domain/committee-settings';
import { CASE_STATUSES, OUTCOMES, CLOSURE_REASONS, ASSESSMENT_SOURCES, VERDICTS, type Case } from '../../src/domain/case';
import { EVENT_TYPES } from '../../src/domain/register';
import { REMINDER_KINDS } from '../../src/domain/reminders';
import { hasKey } from '../../src/i18n';
import { en } from '../../src/i18n/en';
import { NOTIFICATION_KINDS } from '../../src/services/notifications';

/**
 * Every sentence a user can meet has an English catalogue entry: the keys written in code,
 * and the families built from codes (statuses, options, events, buttons, forms).
 */
const ROOT = join(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The catalogue's own sections: a string that starts with one of them and a dot is read as a key. */
const SECTIONS = Object.keys(en);
const inSection = (key: string) => SECTIONS.includes(key.split('.')[0] as string);

// `lead.personId`: a field path of the MongoDB store's case search (src/store/mongo-schema.ts).
const NOT_KEYS = new Set<string>([...ACTION_IDS, ...EVENT_TYPES, ...NOTIFICATION_KINDS, ...SETTINGS, 'lead.personId']);

function literalKeys(): string[] {
  const keys = new Set<string>();
  for (const file of ['src', 'flows', 'adapters'].flatMap((dir) => sourceFiles(join(ROOT, dir)))) {
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/['`]([a-zA-Z]+(?:\.[a-zA-Z0-9_]+)+)['`]/g)) {
      const key = match[1] as string;
      // Action ids, event types and committee settings share the shape of keys; the first two's words are checked below.
      if (inSection(key) && !NOT_KEYS.has(key)) keys.add(key);
    }
    // A key handed to t() is one, even in a section the catalogue does not have yet.
    for (const match of source.matchAll(/\bt\(\s*'([a-zA-Z_]+(?:\.[a-zA-Z0-9_]+)+)'/g)) keys.add(match[1] as string);
  }
  return [...keys];
}

const missing = (keys: string[]) => keys.filter((key) => !hasKey(key) && !hasKey(`${key}_other`));

const stubContext = { services: { people: { holding: async () => [] }, referrals: { targets: async () => [{ _id: 'CCPR', name: 'x' }] } } } as unknown as FlowContext;
const stubCase = { stateParty: 'NO', committee: 'CAT', consent: { referral: { answer: 'unknown', informed: false } } } as Case;

function textKeys(text: Text | undefined): string[] {
  return text && 'key' in text ? [text.key] : [];
}

async function allForms(): Promise<FormSpec[]> {
  const forms = [intakeForm([{ _id: 'CAT', name: 'x' }], () => new Date())];
  for (const entry of [...CASE_FORMS, ...DECISION_FORMS]) forms.push(await entry.build(stubContext, stubCase));
  return forms;
}

describe('English catalogue', () => {
  it('has every key written in the code', () => {
    const keys = literalKeys();
    expect(keys.length).toBeGreaterThan(100);
    expect(missing(keys)).toEqual([]);
  });

  it('names every status, outcome, source, action type, verdict, closure reason and event', () => {
    expect(
      missing([
        ...CASE_STATUSES.map((s) => `status.${s}`),
        ...OUTCOMES.map((o) => `options.outcome.${o}`),
        ...ASSESSMENT_SOURCES.map((s) => `options.sources.${s}`),
        ...ACTION_TYPE_IDS.flatMap((a) => [`actionTypes.${a}`, `options.actionType.${a}`]),
        ...[...VERDICTS, 'proposed', 'withdrawn'].map((v) => `proposalStatus.${v}`),
        ...VERDICTS.map((v) => `options.verdict.${v}`),
        ...CLOSURE_REASONS.map((r) => `options.closureReason.${r}`),
        ...EVENT_TYPES.map((e) => `events.${e}`),
        ...['rapporteur', 'chair', 'country_rapporteur', 'security_focal_point'].map((a) => `alerts.allegation.next.${a}`),
        ...['assess', 'complete_assessment', 'propose', 'decide', 'await_decision', 'follow_up', 'none'].map((n) => `queue.next.${n}`),
        ...REMINDER_KINDS.flatMap((k) => [`reminders.${k}.title`, `reminders.${k}.body`]),
      ]),
    ).toEqual([]);
    expect(NOTIFICATION_KINDS.length).toBeGreaterThan(0);
  });

  it('labels the button of every action drawn as one, and of every form or details a typed command opens apart', () => {
    // A command typed in Teams whose answer opens apart answers with a button to open it.
    const labelled = ACTION_IDS.filter((id) => DECLARED[id].button === 'labelled' || opensApart(id));
    expect(labelled.length).toBeGreaterThan(20);
    expect(missing(labelled.map((id) => `buttons.${id}`))).toEqual([]);
  });

  it('has each help line the actions declare', () => {
    const lines = ACTION_IDS.flatMap((id) => DECLARED[id].help ?? []);
    expect(lines.length).toBeGreaterThan(5);
    expect(missing(lines)).toEqual([]);
  });

  it('words every form: title, submit, intro, labels, hints and options', async () => {
    const keys = (await allForms()).flatMap((form) => [
      ...textKeys(form.title),
      ...textKeys(form.submit),
      ...textKeys(form.intro),
      ...form.fields.flatMap((f) => [...textKeys(f.label), ...textKeys(f.hint), ...(f.options ?? []).flatMap((o) => textKeys(o.label))]),
    ]);
    expect(keys.length).toBeGreaterThan(60);
    expect(missing(keys)).toEqual([]);
  });
});

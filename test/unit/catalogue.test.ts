import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIONS } from '../../flows/actions';
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

const KEY_FAMILIES = /^(common|banner|startup|console|home|slack|teams|roles|reminders|intake|fields|options|actionTypes|status|proposalStatus|buttons|forms|decision|case|events|queue|alerts|help|errors|referral|practices|chat_reports|language)\./;

const NOT_KEYS = new Set<string>([...Object.values(ACTIONS), ...EVENT_TYPES, ...NOTIFICATION_KINDS, ...SETTINGS]);

function literalKeys(): string[] {
  const keys = new Set<string>();
  for (const file of ['src', 'flows', 'adapters'].flatMap((dir) => sourceFiles(join(ROOT, dir)))) {
    for (const match of readFileSync(file, 'utf8').matchAll(/['`]([a-zA-Z]+(?:\.[a-zA-Z0-9_]+)+)['`]/g)) {
      const key = match[1] as string;
      // Action ids, event types and committee settings share the shape of keys; the first two's words are checked below.
      if (KEY_FAMILIES.test(key) && !NOT_KEYS.has(key)) keys.add(key);
    }
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

  it('labels every button of every action', () => {
    const buttonActions = Object.values(ACTIONS).filter((a) => !['intake', 'queue.show', 'decision.approve', 'decision.decline', 'decision.more', 'decision.plenary', 'reminder.snooze'].includes(a));
    expect(missing(buttonActions.map((a) => `buttons.${a}`))).toEqual([]);
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

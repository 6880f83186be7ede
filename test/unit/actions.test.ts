import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXECUTE_VERBS } from '../../adapters/teams/cards/render';
import { commandAction, DECLARED, FORM_IDS, helpLines, MENU, opensApart, typedWords } from '../../flows';
import { ACTION_IDS, ACTIONS } from '../../flows/actions';
import { CASE_FORMS } from '../../flows/case-forms';
import { DECISION_FORMS } from '../../flows/decision.flow';
import { REMINDER_FORMS } from '../../flows/reminders.flow';

/**
 * Each action is declared once (`DECLARED` in flows/index.ts): its words, its argument, its
 * deed, where it is offered. Everything that lists actions reads that declaration, and the
 * static files that must list commands (the README) are held to it here.
 */
const ROOT = join(__dirname, '..', '..');

describe('the actions, declared once', () => {
  it('give each typed word to one action only', () => {
    const words = ACTION_IDS.flatMap((id) => (DECLARED[id].words ?? []).map(typedWords));
    expect(words.filter((w, i) => words.indexOf(w) !== i)).toEqual([]);
    for (const id of ACTION_IDS) for (const w of DECLARED[id].words ?? []) expect(commandAction(typedWords(w))).toMatchObject({ action: id });
  });

  it('submit each form under the id of the action that opens it, and leave no case form unreachable', () => {
    for (const id of ACTION_IDS) {
      const declared = DECLARED[id];
      if ('form' in declared) expect(declared.form.id).toBe(id);
      if ('caseForm' in declared) expect(declared.caseForm.id).toBe(id);
    }
    const caseForms = [...CASE_FORMS, ...DECISION_FORMS, ...REMINDER_FORMS].map((f) => f.id);
    expect(caseForms.filter((id) => !FORM_IDS.includes(id))).toEqual([]);
    expect(FORM_IDS).toContain(ACTIONS.report);
  });

  it('read typed words case-blind, a second word picking among actions, and nothing typed as help', () => {
    expect(commandAction('  ')).toEqual({ action: ACTIONS.help, arg: '' });
    expect(commandAction('Case cat-2026-0001')).toEqual({ action: ACTIONS.openCase, arg: 'cat-2026-0001' });
    expect(commandAction('roles')).toEqual({ action: ACTIONS.roles, arg: '' });
    expect(commandAction('roles End')).toEqual({ action: ACTIONS.endRole, arg: '' });
    expect(commandAction('practices visit #detention')).toEqual({ action: ACTIONS.searchPractices, arg: 'visit #detention' });
    expect(commandAction('report-progress CAT 2026-01-01 2026-06-30')).toEqual({ action: ACTIONS.reportProgress, arg: 'CAT 2026-01-01 2026-06-30' });
    expect(commandAction('constructor')).toEqual({ unknown: 'constructor' });
    expect(commandAction('intake')).toEqual({ unknown: 'intake' });
  });

  it('open apart (a Teams dialog, a Slack modal) every form and every answer with a case\'s details', () => {
    for (const id of FORM_IDS) expect(opensApart(id)).toBe(true);
    expect(opensApart(ACTIONS.openCase)).toBe(true);
    expect(opensApart(ACTIONS.queue)).toBe(false);
    expect(opensApart('no.such.action')).toBe(false);
  });

  it('decide with one press on a Teams card exactly the actions declared decided in place', () => {
    expect([...EXECUTE_VERBS].sort()).toEqual(ACTION_IDS.filter((id) => DECLARED[id].decidedInPlace).sort());
  });

  it('give help one line for each command, once, in the order declared', () => {
    const keys = helpLines().map((line) => ('key' in line ? line.key : ''));
    const declared = Object.values(DECLARED).flatMap((d) => d.help ?? []);
    expect(keys).toEqual(declared.filter((key, i) => declared.indexOf(key) === i));
    expect(keys.slice(0, 3)).toEqual(['help.commands.report', 'help.commands.cases', 'help.commands.case']);
    expect(keys).toContain('practices.help');
  });

  it('offer in the menu commands that help explains, typed without an argument, with a case or with free words', () => {
    expect(MENU.length).toBeGreaterThan(3);
    for (const { word, takes } of MENU) {
      expect(['nothing', 'case', 'words']).toContain(takes);
      const asked = commandAction(word);
      expect('action' in asked && DECLARED[asked.action].help).toBeTruthy();
    }
  });

  it('leave the README naming only commands Amparo understands', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const typed = [...readme.matchAll(/\/amparo ([a-z][a-z-]*(?: (?:add|end|assign|search))?)/g)].map((m) => m[1] as string);
    expect(typed.length).toBeGreaterThan(10);
    expect(typed.filter((words) => 'unknown' in commandAction(words))).toEqual([]);
  });
});

import fc from 'fast-check';
import { viewBlocks } from '../../adapters/slack/render/blocks';
import { formModal } from '../../adapters/slack/render/modal';
import { formCard, viewCard } from '../../adapters/teams/cards/render';
import type { FormSpec } from '../../flows/form';
import { raw, t, type MessageView, type Reply } from '../../flows/view';
import { progressReport } from '../../src/domain/reports';
import { escapeMarkdown } from '../../src/services/markdown';
import { progressMarkdown, publicMarkdown } from '../../src/services/report-formats';

/**
 * Texts typed by people (a practice's title, a public summary, a narrative, a name) reach
 * renderers that read markup: report Markdown, Teams Adaptive Cards (Markdown in TextBlock and
 * FactSet), Slack mrkdwn. Whatever they hold, they are shown inert, reading as typed: no link,
 * image, HTML, mention or formatting of their own.
 */
const HOSTILE = [
  '[Click to confirm](https://evil.example/login)',
  '![tracker](https://evil.example/pixel.png)',
  '<img src=x onerror=alert(1)> <a href="https://evil.example">safe</a>',
  '<https://evil.example> https://evil.example/x www.evil.example someone@evil.example',
  '**urgent** __loud__ _quiet_ ~~struck~~ ~gone~ `code` <!channel> <@U123> &amp; &lt;b&gt; &copy;',
  '# Heading\n> quoted\n- item\n* star\n1. first\n2) second\n+ plus\n| a | b |\n---\n===\n    indented',
  'C:\\path\\ with \\*stars\\* \\[and\\] a trailing backslash \\',
];
const viewer = { locale: 'en', timeZone: 'UTC' };

/** What a CommonMark reader shows for backslash escapes: the character itself. */
const readMarkdown = (text: string) => text.replace(/\\([!-/:-@[-`{-~])/g, '$1');

/** Markup left live in Markdown text: any character or line start that begins a construct, unescaped. */
function liveMarkdown(text: string): string[] {
  const bare = text.replace(/\\[!-/:-@[-`{-~]/g, 'x');
  const found = [...bare.matchAll(/[\\`*_[\]<>&|~@]|:\/\/|www\./gi)].map((m) => m[0]);
  const lineStarts = [...bare.matchAll(/^[ \t]*([#+=-]|\d+[.)])/gm)].map((m) => `line start ${m[1]}`);
  return [...found, ...lineStarts];
}

describe('texts typed by people are shown inert in every rendering', () => {
  it('escapeMarkdown: any text reads back as typed and leaves no markup live', () => {
    for (const text of HOSTILE) {
      expect(readMarkdown(escapeMarkdown(text))).toBe(text);
      expect({ text, live: liveMarkdown(escapeMarkdown(text)) }).toEqual({ text, live: [] });
    }
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'ab 1.:/\\`*_[]()<>!&|~#+=-@w\n\t'.split('')), maxLength: 40 }), (text) => {
        const escaped = escapeMarkdown(text);
        return readMarkdown(escaped) === text && liveMarkdown(escaped).length === 0;
      }),
      { numRuns: 2000 },
    );
  });

  it('report Markdown: a practice title and a public summary land in their cells inert', () => {
    const period = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') };
    const base = progressReport('CAT', period, [], new Date('2026-06-01T00:00:00Z'));
    for (const text of HOSTILE) {
      const progress = { ...base, practices: { recorded: 1, rows: [{ title: text, tags: ['<b>tag</b>'], recordedAt: new Date('2026-03-01T00:00:00Z') }] } };
      for (const markdown of [progressMarkdown(progress, 'en'), publicMarkdown({ progress, named: [{ reference: 'CAT-2026-0001', stateParty: 'NO', summary: text }] }, 'en')]) {
        const rows = markdown.split('\n').filter((line) => readMarkdown(line).includes(text.replace(/\s+/g, ' ')));
        expect(rows.length).toBeGreaterThan(0);
        for (const row of rows) {
          const cells = row.slice(2, -2).split(' | ');
          expect(cells.map(readMarkdown)).toContain(text.replace(/\s+/g, ' '));
          for (const cell of cells) expect({ cell, live: liveMarkdown(cell) }).toEqual({ cell, live: [] });
        }
      }
    }
  });

  function hostileView(text: string): MessageView {
    return {
      tone: 'info',
      title: t('practices.recorded', { committee: 'CAT', title: raw(text) }),
      sections: [{ heading: raw(text), fields: [{ label: t('fields.narrative.label'), value: raw(text) }], lines: [raw(text), t('errors.case.not_found', { reference: text })] }],
      buttons: [],
      sensitive: true,
    };
  }

  function hostileForm(text: string): Extract<Reply, { kind: 'form' }> {
    const form: FormSpec = { id: 'case.close', title: t('forms.case.close.title'), submit: t('forms.case.close.submit'), intro: t('errors.case.not_found', { reference: text }), fields: [] } as unknown as FormSpec;
    return { kind: 'form', form, context: 'CAT-2026-0001', values: {}, errors: {}, formError: t('errors.case.not_found', { reference: text }) };
  }

  /** Every text of a card a Teams client reads as Markdown: TextBlocks and facts. */
  function markdownTexts(node: unknown): string[] {
    if (Array.isArray(node)) return node.flatMap(markdownTexts);
    if (node === null || typeof node !== 'object') return [];
    const record = node as Record<string, unknown>;
    const own = record.type === 'TextBlock' ? [String(record.text)] : record.type === 'FactSet' ? (record.facts as Array<{ title: string; value: string }>).flatMap((f) => [f.title, f.value]) : [];
    return [...own, ...Object.values(record).flatMap(markdownTexts)];
  }

  it('Teams cards: every TextBlock and fact holding a typed text reads as typed, with no markup live', () => {
    for (const text of HOSTILE) {
      for (const card of [viewCard(hostileView(text), viewer), formCard(hostileForm(text), viewer)]) {
        const texts = markdownTexts(card);
        const holding = texts.filter((shown) => readMarkdown(shown).includes(text));
        expect(holding.length).toBeGreaterThan(0);
        for (const shown of texts) expect({ shown, live: liveMarkdown(shown) }).toEqual({ shown, live: [] });
      }
    }
  });

  /** Every text object of Slack blocks, with its type. */
  function textObjects(node: unknown): Array<{ type: string; text: string }> {
    if (Array.isArray(node)) return node.flatMap(textObjects);
    if (node === null || typeof node !== 'object') return [];
    const record = node as Record<string, unknown>;
    const own = (record.type === 'mrkdwn' || record.type === 'plain_text') && typeof record.text === 'string' ? [{ type: record.type, text: record.text }] : [];
    return [...own, ...Object.values(record).flatMap(textObjects)];
  }

  it('Slack: a typed text is shown only in plain_text, which Slack never formats, and mrkdwn carries none of it', () => {
    for (const text of HOSTILE) {
      for (const rendered of [viewBlocks(hostileView(text), viewer, 100), formModal(hostileForm(text), viewer)]) {
        const objects = textObjects(rendered);
        expect(objects.filter((o) => o.type === 'plain_text' && o.text.includes(text)).length).toBeGreaterThan(0);
        const mrkdwn = objects.filter((o) => o.type === 'mrkdwn').map((o) => o.text);
        expect(mrkdwn.filter((m) => /evil|onerror|urgent|Heading|stars/.test(m))).toEqual([]);
        for (const m of mrkdwn) expect(m.replace(/&(amp|lt|gt);/g, '')).not.toMatch(/[<>&]/);
      }
    }
  });
});

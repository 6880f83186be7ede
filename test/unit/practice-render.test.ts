import { viewBlocks } from '../../adapters/slack/render/blocks';
import { formModal, messageModal } from '../../adapters/slack/render/modal';
import { CARD_BYTES, formCard, viewCard } from '../../adapters/teams/cards/render';
import { runCommand, type FlowContext } from '../../flows';
import { localize } from '../../flows/localize';
import type { Reply } from '../../flows/view';
import { PRACTICE_LIMITS } from '../../src/domain/practices';
import { hasKey } from '../../src/i18n';
import { silentLogger } from '../../src/logger';
import { EmbeddedStore } from '../../src/store/embedded-store';
import { blockProblems, modalProblems } from '../support/slack/block-kit-limits';
import { CAST, harness, type Harness } from '../support/harness';

/**
 * The good-practice form and search answer (G17) are rendered by the generic renderers: a
 * Slack modal and a Teams card, within their limits, at their largest, showing the same words.
 */
const viewer = { locale: 'en', timeZone: 'UTC' };
const wide = (n: number) => '語'.repeat(n);
let h: Harness;
const ctx = (): FlowContext => ({ person: CAST.rapporteur, actor: h.actor(CAST.rapporteur), locale: 'en', timeZone: 'UTC', services: h.services, logger: silentLogger, profileOf: async (k: string) => ({ displayName: k }) });

beforeAll(async () => {
  const store = new EmbeddedStore();
  await store.init();
  h = await harness(store);
  for (let i = 0; i < 30; i++) {
    const tags = Array.from({ length: PRACTICE_LIMITS.tags }, (_, n) => `${wide(PRACTICE_LIMITS.tag - 3)}${i}${n}`);
    await h.services.practices.record(h.actor(CAST.rapporteur), { committee: 'CAT', title: wide(PRACTICE_LIMITS.title), strategy: wide(PRACTICE_LIMITS.strategy), tags }, `k${i}`);
  }
});

describe('good practices on Slack and Teams', () => {
  it('the form, filled at its longest, fits a Slack modal and a Teams card with its warning in both', async () => {
    const opened = (await runCommand(ctx(), 'practice add')) as Extract<Reply, { kind: 'form' }>;
    const values = { title: wide(PRACTICE_LIMITS.title), strategy: wide(PRACTICE_LIMITS.strategy), tags: wide(300) };
    const reply = { ...opened, values, errors: { tags: { key: 'errors.practices.too_many_tags' } } };
    expect(modalProblems(formModal(reply, viewer) as unknown as Record<string, unknown>)).toEqual([]);
    const warning = localize(opened.form.intro ?? { raw: '' }, viewer);
    expect(JSON.stringify(formModal(reply, viewer))).toContain(warning);
    expect(JSON.stringify(formCard(reply, viewer))).toContain(warning);
    const texts = [opened.form.title, opened.form.submit, opened.form.intro, ...opened.form.fields.flatMap((f) => [f.label, f.hint])];
    expect(texts.flatMap((text) => (text && 'key' in text && !hasKey(text.key) ? [text.key] : []))).toEqual([]);
  });

  it('the longest search answer fits a Slack modal and a Teams card, saying how many are not shown', async () => {
    const reply = await runCommand(ctx(), 'practices');
    expect(reply.kind).toBe('message');
    if (reply.kind !== 'message') return;
    const lines = reply.view.sections.flatMap((s) => s.lines ?? []).map((l) => localize(l, viewer));
    expect(lines.some((l) => /^Showing the \d+ most recent of 30;/.test(l))).toBe(true);
    expect(blockProblems(viewBlocks(reply.view, viewer, 100) as unknown as Array<Record<string, unknown>>, 100)).toEqual([]);
    expect(modalProblems(messageModal(reply.view, viewer) as unknown as Record<string, unknown>)).toEqual([]);
    expect(Buffer.byteLength(JSON.stringify(viewCard(reply.view, viewer)))).toBeLessThanOrEqual(CARD_BYTES);
  });
});

import { z } from 'zod/v4';
import type { TreatyBody } from '../src/domain/committee';
import { PRACTICE_LIMITS, practiceFields, type GoodPractice } from '../src/domain/practices';
import { ACTIONS } from './actions';
import type { FlowContext } from './context';
import { field, wordedIn, type FieldSpec, type FormSpec } from './form';
import { generalForm, type GeneralForm } from './general-forms';
import { list, message, raw, t, type Button, type Reply, type Section } from './view';

/**
 * The good-practice log (G17) in chat: a rapporteur records a protection strategy with tags;
 * rapporteurs of every committee (G16) and chairs search them. Practices are shared in clear,
 * so the form warns not to name or identify anyone.
 */
const SEARCH_MAX = 200;
/** The most recent matches shown at once, and the bytes of text they may take together, so
 * that the answer fits a Slack modal and a Teams card (about 24 kB) with room to spare. */
const SHOWN = 15;
const SHOWN_BYTES = 14_000;

const recordButton = (): Button => ({ action: ACTIONS.addPractice, arg: '', label: t(`buttons.${ACTIONS.addPractice}`), style: 'primary' });

function practiceForm(committees: TreatyBody[]): FormSpec {
  const fields: FieldSpec[] = [];
  if (committees.length > 1) {
    fields.push(field.choiceOf('committee', z.enum(committees as [TreatyBody, ...TreatyBody[]], { error: 'errors.field.choose' }), committees.map((c) => ({ value: c, label: raw(c) }))));
  }
  fields.push(
    wordedIn('practices.form', field.text('title', practiceFields.title, { maxLength: PRACTICE_LIMITS.title }), true),
    wordedIn('practices.form', field.textarea('strategy', practiceFields.strategy, { maxLength: PRACTICE_LIMITS.strategy }), true),
    wordedIn('practices.form', field.text('tags', practiceFields.tags, { maxLength: 400 }), true),
  );
  return { id: ACTIONS.addPractice, title: t('practices.form.title'), submit: t('practices.form.submit'), intro: t('practices.form.intro'), fields };
}

/** The whole form's schema: the committee is asked only of someone who records for several. */
function formSchema(committees: TreatyBody[]) {
  const committee = committees.length > 1 ? practiceFields.committee : z.literal(committees[0] as TreatyBody).default(committees[0] as TreatyBody);
  return z.object({ committee, title: practiceFields.title, strategy: practiceFields.strategy, tags: practiceFields.tags });
}

export const PRACTICE_FORM: GeneralForm = generalForm({
  id: ACTIONS.addPractice,
  open: async (ctx) => {
    const committees = ctx.services.practices.recordableCommittees(ctx.actor);
    if (committees.length === 0) return message('error', t('practices.not_allowed.record_any'));
    return { kind: 'form', form: practiceForm(committees), context: '', values: {}, errors: {} };
  },
  schema: (ctx) => formSchema(ctx.services.practices.recordableCommittees(ctx.actor)),
  submit: async (ctx, _spec, data, submissionKey) => {
    const practice = await ctx.services.practices.record(ctx.actor, data, submissionKey);
    return message('success', t('practices.recorded', { committee: practice.committee, title: raw(practice.title) }), [
      { lines: [t('practices.recorded_tags', { tags: list(practice.tags.map(raw)) })] },
    ], [{ action: ACTIONS.searchPractices, arg: '', label: t(`buttons.${ACTIONS.searchPractices}`) }]);
  },
});

/** The newest matches that fit the budget; always the first, which alone fits by its limits. */
function fitting(found: GoodPractice[]): GoodPractice[] {
  let bytes = 0;
  const shown: GoodPractice[] = [];
  for (const p of found.slice(0, SHOWN)) {
    bytes += Buffer.byteLength(`${p.title}${p.strategy}${p.tags.join(', ')}`);
    if (shown.length > 0 && bytes > SHOWN_BYTES) break;
    shown.push(p);
  }
  return shown;
}

function practiceSection(p: GoodPractice): Section {
  return {
    heading: raw(p.title),
    fields: [
      { label: t('practices.labels.tags'), value: list(p.tags.map(raw)) },
      { label: t('practices.labels.committee'), value: raw(p.committee) },
      { label: t('practices.labels.recorded'), value: t('common.date', { date: { date: p.createdAt } }) },
    ],
    lines: [raw(p.strategy)],
  };
}

/** `/amparo practice search <words>` and `/amparo practices`: the matching practices, newest first. */
export async function searchPractices(ctx: FlowContext, typed: string): Promise<Reply> {
  const query = z.string().trim().max(SEARCH_MAX).safeParse(typed);
  if (!query.success) return message('warning', t('practices.search.too_long', { count: SEARCH_MAX }));
  const found = await ctx.services.practices.search(ctx.actor, { text: query.data });
  const title = query.data === '' ? t('practices.search.title_all', { count: found.length }) : t('practices.search.title_words', { query: raw(query.data), count: found.length });
  const shown = fitting(found);
  const sections: Section[] = shown.map(practiceSection);
  if (found.length === 0) sections.push({ lines: [t('practices.search.none')] });
  if (found.length > shown.length) sections.push({ lines: [t('practices.search.more', { shown: shown.length, count: found.length })] });
  sections.push({ lines: [t('practices.search.how')] });
  const buttons = ctx.services.practices.recordableCommittees(ctx.actor).length > 0 ? [recordButton()] : [];
  return message('info', title, sections, buttons);
}

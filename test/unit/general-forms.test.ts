import { z } from 'zod/v4';
import { ACTIONS } from '../../flows/actions';
import type { FlowContext } from '../../flows/context';
import { field, type FormSpec } from '../../flows/form';
import { generalForm } from '../../flows/general-forms';
import { message, t } from '../../flows/view';

/**
 * A submission is read once: the check an adapter shows inline and the saving that follows
 * come from the same reading, so they cannot disagree and the answers are not parsed twice.
 */
const spec: FormSpec = { id: ACTIONS.addPractice, title: t('practices.form.title'), submit: t('practices.form.submit'), fields: [field.text('title', z.string().min(1), { maxLength: 80 })] };
const ctx = {} as FlowContext; // the form below reads nothing of the person

function counted() {
  const reads = { count: 0 };
  const saved: string[] = [];
  const form = generalForm({
    id: ACTIONS.addPractice,
    open: async () => ({ kind: 'form', form: spec, context: '', values: {}, errors: {} }),
    schema: () => z.object({ title: z.string().refine((title) => (reads.count++, title !== 'no'), { error: 'errors.field.required' }) }),
    submit: async (_ctx, _spec, data, key) => {
      saved.push(`${data.title} ${key}`);
      return message('success', t('practices.recorded', { committee: 'CAT', title: data.title }));
    },
  });
  return { form, reads, saved };
}

describe('general forms', () => {
  it('check and save come from one reading of the answers', async () => {
    const { form, reads, saved } = counted();
    const answers = form.read(ctx, spec, { title: 'Safe houses' });
    expect(answers.errors).toEqual({});
    expect((await answers.save('k1')).kind).toBe('message');
    expect(reads.count).toBe(1);
    expect(saved).toEqual(['Safe houses k1']);
  });

  it('answers that do not fit come back on the form, with the same errors the check gave, and nothing is saved', async () => {
    const { form, reads, saved } = counted();
    const answers = form.read(ctx, spec, { title: 'no' });
    expect(answers.errors).toEqual({ title: { key: 'errors.field.required' } });
    expect(await answers.save('k2')).toEqual({ kind: 'form', form: spec, context: '', values: { title: 'no' }, errors: answers.errors });
    expect(reads.count).toBe(1);
    expect(saved).toEqual([]);
  });
});

import { parseForm, validateField, type FieldSpec } from '../../flows/form';
import { intakeForm } from '../../flows/intake.flow';
import { allegationSchema } from '../../src/domain/allegation';
import { normaliseStateParty } from '../../src/domain/state-party';
import { allegation } from '../support/harness';

/** The intake form (G10, G11): one declaration, validated field by field with clear messages. */
const today = () => new Date('2026-03-10T09:00:00Z');
const form = intakeForm([{ _id: 'CAT', name: 'Committee against Torture' }], today);
const fieldNamed = (name: string) => form.fields.find((f) => f.name === name) as FieldSpec;
const asRaw = (input: ReturnType<typeof allegation>) => ({ ...input, stateParty: 'Norway' }) as Record<string, string>;

describe('intake form', () => {
  it('asks every question the Guidelines call for, in order', () => {
    expect(form.fields.map((f) => f.name)).toEqual([
      'committee',
      'narrative',
      'incidentDate',
      'place',
      'stateParty',
      'victimKind',
      'victim',
      'cooperation',
      'perpetrator',
      'channel',
      'confidential',
      'sourceContact',
      'consentStateContact',
      'consentPublication',
      'consentReferral',
      'consentInformed',
      'riskLevel',
      'imminentThreat',
      'genderRisk',
    ]);
  });

  it('marks identities, narrative, place and contacts sensitive, and nothing else', () => {
    expect(form.fields.filter((f) => f.sensitive).map((f) => f.name)).toEqual(['narrative', 'place', 'victim', 'sourceContact']);
  });

  it('accepts a complete answer and stores the State party as its ISO code', () => {
    const parsed = parseForm(form, asRaw(allegation()), allegationSchema(today));
    expect(parsed.ok && parsed.data.stateParty).toBe('NO');
  });

  it('reports every wrong answer at once, each on its own field, keeping the rest', () => {
    const values = { ...asRaw(allegation()), narrative: '   ', stateParty: 'Atlantis', riskLevel: 'extreme', incidentDate: '2026-13-40' };
    const parsed = parseForm(form, values, allegationSchema(today));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toEqual({
      narrative: { key: 'errors.field.required', vars: { count: 3000 } },
      stateParty: { key: 'errors.field.state_party', vars: { count: 0 } },
      riskLevel: { key: 'errors.field.choose', vars: { count: 0 } },
      incidentDate: { key: 'errors.field.date', vars: { count: 0 } },
    });
  });

  it('refuses a narrative longer than the limit, saying the limit', () => {
    const result = validateField(fieldNamed('narrative'), 'x'.repeat(3001));
    expect(result).toEqual({ ok: false, error: { key: 'errors.field.too_long', vars: { count: 3000 } } });
  });

  it('refuses an incident date in the future but accepts an unknown date', () => {
    expect(validateField(fieldNamed('incidentDate'), '2026-03-11')).toMatchObject({ ok: false, error: { key: 'errors.field.date_future' } });
    expect(validateField(fieldNamed('incidentDate'), '')).toEqual({ ok: true, value: '' });
  });

  it('refuses a committee the member does not belong to', () => {
    expect(validateField(fieldNamed('committee'), 'CCPR')).toMatchObject({ ok: true });
    const parsed = parseForm(form, { ...asRaw(allegation()), committee: 'CCPR' }, allegationSchema(today));
    expect(parsed.ok).toBe(true);
  });

  it.each([
    ['Norway', 'NO'],
    ['no', 'NO'],
    ['  côte d’ivoire ', 'CI'],
    ["Côte d'Ivoire", 'CI'],
    ['Cote dIvoire', undefined],
    ['EU', undefined],
    ['ZZ', undefined],
    ['Türkiye', 'TR'],
  ])('reads the State party %p as %p', (typed, code) => {
    expect(normaliseStateParty(typed)).toBe(code);
  });

  it('treats operator-shaped answers as plain text or refuses them, never as queries', () => {
    expect(validateField(fieldNamed('riskLevel'), { $gt: '' } as unknown as string)).toMatchObject({ ok: false });
    expect(validateField(fieldNamed('victim'), '{"$gt": ""}')).toEqual({ ok: true, value: '{"$gt": ""}' });
  });
});

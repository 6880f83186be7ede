import { z } from 'zod/v4';
import { TREATY_BODIES, type TreatyBody } from './committee';
import { text } from './fields';

/**
 * The good-practice log (G17): rapporteurs compile protection strategies that worked, and (G16)
 * share them with the rapporteurs of every committee. A practice is shareable knowledge, not
 * case detail: it is stored in clear and searched in clear, so it must name no person; the
 * form says so, and nothing here links a practice to a case.
 */
export const PRACTICE_LIMITS = { title: 120, strategy: 2000, tags: 8, tag: 30 } as const;

export interface GoodPractice {
  _id: string;
  committee: TreatyBody;
  title: string;
  strategy: string;
  /** Lower-case, trimmed, one space between words, no duplicates; 1 to 8 of them. */
  tags: string[];
  /** The rapporteur who recorded it; never shown in reports. */
  authorId: string;
  createdAt: Date;
}

/** A tag: letters, digits, spaces and hyphens, e.g. `relocation` or `state dialogue`. */
const TAG = /^[\p{L}\p{N}][\p{L}\p{N} -]*$/u;

/** Tags as typed (`Detention, NHRI ,detention`) to their stored form (`detention`, `nhri`). */
export function normaliseTags(typed: readonly string[]): string[] {
  const tags = typed.map((tag) => tag.normalize('NFC').trim().replace(/\s+/g, ' ').replace(/^#/, '').toLowerCase()).filter((tag) => tag !== '');
  return [...new Set(tags)];
}

const tagList = z
  .union([z.string().max(400, { error: 'errors.practices.too_many_tags' }), z.array(z.string())], { error: 'errors.practices.tags_required' })
  .transform((value) => normaliseTags(Array.isArray(value) ? value : value.split(',')))
  .pipe(
    z
      .array(z.string().max(PRACTICE_LIMITS.tag, { error: 'errors.practices.tag_too_long' }).regex(TAG, { error: 'errors.practices.tag_malformed' }))
      .min(1, { error: 'errors.practices.tags_required' })
      .max(PRACTICE_LIMITS.tags, { error: 'errors.practices.too_many_tags' }),
  );

/** The fields of a practice as a form or a caller gives them; tags comma-separated or as a list. */
export const practiceFields = {
  committee: z.enum(TREATY_BODIES, { error: 'errors.field.choose' }),
  title: text(PRACTICE_LIMITS.title),
  strategy: text(PRACTICE_LIMITS.strategy),
  tags: tagList,
};

export const practiceInputSchema = z.object(practiceFields);
export type PracticeInput = z.input<typeof practiceInputSchema>;

/** What someone looks for: words anywhere in a practice, and tags it must carry. */
export interface PracticeQuery {
  words: string[];
  tags: string[];
}

/** `visit #detention nhri` → words `visit`, `nhri`; tag `detention`. */
export function parseQuery(typed: string): PracticeQuery {
  const parts = typed.trim().split(/\s+/).filter((part) => part !== '');
  return {
    words: parts.filter((part) => !part.startsWith('#')).map(fold),
    tags: normaliseTags(parts.filter((part) => part.startsWith('#')).map((part) => part.slice(1))).map(fold),
  };
}

/** Case- and accent-insensitive form of a text: `Détention` and `detention` are one word. */
export function fold(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The practices that hold every word (title, strategy or a tag) and every tag asked for, newest first. */
export function matchPractices(practices: readonly GoodPractice[], query: PracticeQuery): GoodPractice[] {
  const matches = practices.filter((p) => {
    const tags = p.tags.map(fold);
    const haystack = fold([p.title, p.strategy, ...p.tags].join('\n'));
    return query.words.every((word) => haystack.includes(word)) && query.tags.every((tag) => tags.includes(tag));
  });
  return matches.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a._id < b._id ? -1 : 1));
}

/** Practices recorded in a period (from inclusive, to exclusive), as a report counts them. */
export function recordedIn(practice: GoodPractice, period: { from: Date; to: Date }): boolean {
  return practice.createdAt >= period.from && practice.createdAt < period.to;
}

/**
 * The JSON of the embedded store's files: dates stay dates, written `{"$date": "<ISO>"}` as in
 * MongoDB's extended JSON, so that what is read back compares equal to what was stored.
 */
export function stringifyExtended(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, item: unknown) {
    // `item` is already the date's toJSON() string; the holder still has the Date.
    const original = this[key];
    if (!(original instanceof Date)) return item;
    // An invalid date is written as such rather than failing the whole write.
    return { $date: Number.isNaN(original.getTime()) ? String(original) : original.toISOString() };
  });
}

export function parseExtended(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const date = (value as { $date?: unknown }).$date;
      if (typeof date === 'string' && Object.keys(value).length === 1) return new Date(date);
    }
    return value;
  });
}

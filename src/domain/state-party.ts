/**
 * States parties are stored as ISO 3166-1 alpha-2 codes so that every language can name
 * them (Intl.DisplayNames) and country rapporteurs can be matched exactly.
 */
const englishRegions = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** Codes that name no State: groupings, reserved and user-assigned codes. */
const NOT_STATES = new Set(['AC', 'CP', 'DG', 'EA', 'EU', 'EZ', 'IC', 'QO', 'TA', 'UN', 'XA', 'XB', 'ZZ']);

function isStateCode(code: string): boolean {
  const name = englishRegions.of(code);
  return !NOT_STATES.has(code) && name !== undefined && name !== code;
}

const codesByEnglishName = new Map<string, string>();
for (let a = 65; a <= 90; a++) {
  for (let b = 65; b <= 90; b++) {
    const code = String.fromCharCode(a, b);
    if (isStateCode(code)) codesByEnglishName.set(fold(englishRegions.of(code) ?? code), code);
  }
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[’‘`´]/g, "'").toLowerCase().trim();
}

/** Accepts an ISO code ("NO") or an English name ("Norway"); undefined when neither. */
export function normaliseStateParty(input: string): string | undefined {
  const trimmed = input.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed)) {
    const code = trimmed.toUpperCase();
    return isStateCode(code) ? code : undefined;
  }
  return codesByEnglishName.get(fold(trimmed));
}

export function statePartyName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale, 'en'], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

import { normaliseStateParty, searchStateParties, STATE_PARTY_CODES, statePartyName } from '../../src/domain/state-party';

/**
 * States parties: the States that can join the treaties, named as the United Nations names
 * them in each of its six languages, found by any of those names or the code, whatever the
 * case, accents or punctuation typed. Stored as ISO codes, so country rapporteurs match.
 */
describe('States parties', () => {
  it('are the 193 Members, the two observer States, and the Cook Islands and Niue; no territory or grouping', () => {
    expect(STATE_PARTY_CODES).toHaveLength(197);
    expect(STATE_PARTY_CODES).toEqual(expect.arrayContaining(['NO', 'VA', 'PS', 'CK', 'NU', 'SS', 'TR']));
    for (const code of ['PR', 'HK', 'AQ', 'GL', 'EU', 'UN', 'ZZ', 'XK']) expect({ code, read: normaliseStateParty(code) }).toEqual({ code, read: undefined });
    for (const name of ['Puerto Rico', 'Antarctica', 'European Union', 'Atlantis']) expect({ name, read: normaliseStateParty(name) }).toEqual({ name, read: undefined });
  });

  it.each([
    ['en', { RU: 'Russian Federation', BO: 'Bolivia (Plurinational State of)', VA: 'Holy See', PS: 'State of Palestine', TR: 'Türkiye', GB: 'United Kingdom of Great Britain and Northern Ireland', KR: 'Republic of Korea', VN: 'Viet Nam', CD: 'Democratic Republic of the Congo', NO: 'Norway' }],
    ['fr', { RU: 'Fédération de Russie', BO: 'Bolivie (État plurinational de)', VA: 'Saint-Siège', PS: 'État de Palestine', TR: 'Türkiye', BY: 'Bélarus', CV: 'Cabo Verde', NO: 'Norvège' }],
    ['es', { RU: 'Federación de Rusia', VA: 'Santa Sede', PS: 'Estado de Palestina', TR: 'Türkiye', SA: 'Arabia Saudita', NZ: 'Nueva Zelandia', NO: 'Noruega' }],
    ['ru', { RU: 'Российская Федерация', KG: 'Кыргызстан', AE: 'Объединенные Арабские Эмираты', TL: 'Тимор-Лешти', VA: 'Святой Престол', NO: 'Норвегия' }],
    ['zh', { RU: '俄罗斯联邦', KR: '大韩民国', US: '美利坚合众国', VA: '教廷', PS: '巴勒斯坦国', NO: '挪威' }],
    ['ar', { RU: 'الاتحاد الروسي', VA: 'الكرسي الرسولي', PS: 'دولة فلسطين', CI: 'كوت ديفوار', NO: 'النرويج' }],
  ])('are named as the UN names them in %s', (language, names) => {
    for (const [code, name] of Object.entries(names)) expect({ code, name: statePartyName(code, language) }).toEqual({ code, name });
    // The person's own variant of the language names them the same (fr-CH, zh-Hans-CN…).
    expect(statePartyName('RU', `${language}-XX`)).toBe(names.RU);
  });

  it.each([
    ['NO', 'NO'],
    ['no', 'NO'],
    ['Norway', 'NO'],
    ['NORUEGA', 'NO'],
    ['norvege', 'NO'],
    ['Норвегия', 'NO'],
    ['挪威', 'NO'],
    ['النرويج', 'NO'],
    ['russia', 'RU'],
    ['Federacion de Rusia', 'RU'],
    ['  iran (islamic republic of) ', 'IR'],
    ['Iran, Islamic Republic of', 'IR'],
    ['Turkey', 'TR'],
    ['TÜRKIYE', 'TR'],
    ['Vatican City', 'VA'],
    ['guinea bissau', 'GW'],
    ['Кот-д’Ивуар', 'CI'],
    ['الجزائر', 'DZ'],
    ['الاتحاد الروسى', 'RU'],
    ['Congo', 'CG'],
  ])('reads %p as %p, in any of the six languages, whatever the case and accents', (typed, code) => {
    expect(normaliseStateParty(typed)).toBe(code);
  });

  it('reads each State\'s name, in each language, as that State and no other', () => {
    for (const code of STATE_PARTY_CODES) {
      for (const language of ['ar', 'zh', 'en', 'fr', 'ru', 'es']) {
        const name = statePartyName(code, language);
        expect({ name, code: normaliseStateParty(name) }).toEqual({ name, code });
      }
    }
  });

  it('finds States as the name is typed, the best matches in the person\'s language first', () => {
    // The code first, then names that begin with it, then names with a word that does.
    expect(searchStateParties('no', 'en', 3)).toEqual(['NO', 'MK', 'GB']);
    expect(searchStateParties('norue', 'es')).toEqual(['NO']);
    expect(searchStateParties('nor', 'fr')[0]).toBe('NO');
    // A name in another language still finds the State.
    expect(searchStateParties('Russia', 'fr')).toEqual(['RU']);
    expect(searchStateParties('rusia', 'zh')).toEqual(['RU', 'BY']); // Spanish "Rusia", then "Belarús" ("Bielorrusia")
    expect(searchStateParties('guinée', 'fr')).toEqual(['GN', 'GQ', 'GW', 'PG']);
    expect(searchStateParties('корея', 'ru')).toEqual(['KR', 'KP']);
    expect(searchStateParties('韩国', 'zh')).toEqual(['KR']);
    expect(searchStateParties('Atlantis', 'en')).toEqual([]);
  });

  it('lists every State in the order of the person\'s language when nothing is typed', () => {
    const all = searchStateParties('', 'fr');
    expect(all).toHaveLength(197);
    expect(all.slice(0, 3).map((c) => statePartyName(c, 'fr'))).toEqual(['Afghanistan', 'Afrique du Sud', 'Albanie']);
    expect(searchStateParties('', 'es', 100)).toHaveLength(100);
  });

  it('still names a code recorded before the list was narrowed, and shows an unknown one as it is', () => {
    expect(statePartyName('PR', 'fr')).toBe('Porto Rico');
    expect(statePartyName('Q9', 'en')).toBe('Q9');
  });
});

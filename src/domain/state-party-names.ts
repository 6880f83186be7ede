/**
 * The States that can be parties to the human rights treaties, and their names as the United
 * Nations writes them (the short names of the M49 standard and UNTERM) in its six official
 * languages. The runtime's names (Intl.DisplayNames, from CLDR) are used where they agree;
 * UN_NAMES holds each name where they do not (CLDR's "Russia", "Bolivia", "Vietnam",
 * "Vatican City", "Palestinian Territories"… are not the UN's).
 */
export const UN_LANGUAGE_CODES = ['ar', 'zh', 'en', 'fr', 'ru', 'es'] as const;
export type UnLanguage = (typeof UN_LANGUAGE_CODES)[number];

/**
 * The 193 Members of the United Nations, the two observer States (Holy See, State of
 * Palestine), and the Cook Islands and Niue, which have joined several of the treaties.
 */
export const STATE_PARTY_CODES: readonly string[] = (
  'AD AE AF AG AL AM AO AR AT AU AZ BA BB BD BE BF BG BH BI BJ BN BO BR BS BT BW BY BZ CA CD CF CG ' +
  'CH CI CK CL CM CN CO CR CU CV CY CZ DE DJ DK DM DO DZ EC EE EG ER ES ET FI FJ FM FR GA GB GD GE ' +
  'GH GM GN GQ GR GT GW GY HN HR HT HU ID IE IL IN IQ IR IS IT JM JO JP KE KG KH KI KM KN KP KR KW ' +
  'KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MG MH MK ML MM MN MR MT MU MV MW MX MY MZ NA NE ' +
  'NG NI NL NO NP NR NU NZ OM PA PE PG PH PK PL PS PT PW PY QA RO RS RU RW SA SB SC SD SE SG SI SK ' +
  'SL SM SN SO SR SS ST SV SY SZ TD TG TH TJ TL TM TN TO TR TT TV TZ UA UG US UY UZ VA VC VE VN VU ' +
  'WS YE ZA ZM ZW'
).split(' ');

/** The UN's name where the runtime's differs, by code and language. */
export const UN_NAMES: Readonly<Record<string, Partial<Record<UnLanguage, string>>>> = {
  AE: { ru: 'Объединенные Арабские Эмираты' },
  AG: { en: 'Antigua and Barbuda' },
  BA: { en: 'Bosnia and Herzegovina' },
  BD: { es: 'Bangladesh' },
  BH: { es: 'Bahrein' },
  BJ: { es: 'Benin', ar: 'بنن' },
  BN: { en: 'Brunei Darussalam', fr: 'Brunéi Darussalam', es: 'Brunei Darussalam', ru: 'Бруней-Даруссалам', zh: '文莱达鲁萨兰国', ar: 'بروني دار السلام' },
  BO: { en: 'Bolivia (Plurinational State of)', fr: 'Bolivie (État plurinational de)', es: 'Bolivia (Estado Plurinacional de)', ru: 'Боливия (Многонациональное Государство)', zh: '多民族玻利维亚国', ar: 'بوليفيا (دولة - المتعددة القوميات)' },
  BS: { ru: 'Багамские Острова' },
  BT: { es: 'Bhután' },
  BW: { es: 'Botswana' },
  BY: { fr: 'Bélarus', es: 'Belarús' },
  CD: { en: 'Democratic Republic of the Congo', fr: 'République démocratique du Congo', ru: 'Демократическая Республика Конго', zh: '刚果民主共和国', ar: 'جمهورية الكونغو الديمقراطية' },
  CF: { ru: 'Центральноафриканская Республика' },
  CG: { en: 'Congo', fr: 'Congo', ru: 'Конго', zh: '刚果', ar: 'الكونغو' },
  CI: { ru: 'Кот-д\'Ивуар', ar: 'كوت ديفوار' },
  CK: { ru: 'Острова Кука' },
  CL: { ar: 'شيلي' },
  CV: { en: 'Cabo Verde', fr: 'Cabo Verde', ar: 'كابو فيردي' },
  CZ: { ar: 'تشيكيا' },
  DJ: { es: 'Djibouti' },
  DO: { zh: '多米尼加', ar: 'الجمهورية الدومينيكية' },
  EC: { ar: 'إكوادور' },
  FJ: { es: 'Fiji' },
  FM: { en: 'Micronesia (Federated States of)', fr: 'Micronésie (États fédérés de)', es: 'Micronesia (Estados Federados de)', ru: 'Микронезия (Федеративные Штаты)', zh: '密克罗尼西亚联邦', ar: 'ميكرونيزيا (ولايات - الموحدة)' },
  GA: { ar: 'غابون' },
  GB: { en: 'United Kingdom of Great Britain and Northern Ireland', fr: 'Royaume-Uni de Grande-Bretagne et d’Irlande du Nord', es: 'Reino Unido de Gran Bretaña e Irlanda del Norte', ru: 'Соединенное Королевство Великобритании и Северной Ирландии', zh: '大不列颠及北爱尔兰联合王国', ar: 'المملكة المتحدة لبريطانيا العظمى وآيرلندا الشمالية' },
  GW: { es: 'Guinea-Bissau', ar: 'غينيا - بيساو' },
  IE: { ar: 'آيرلندا' },
  IQ: { fr: 'Iraq', es: 'Iraq' },
  IR: { en: 'Iran (Islamic Republic of)', fr: 'Iran (République islamique d’)', es: 'Irán (República Islámica del)', ru: 'Иран (Исламская Республика)', zh: '伊朗伊斯兰共和国', ar: 'إيران (جمهورية - الإسلامية)' },
  KE: { es: 'Kenya' },
  KG: { fr: 'Kirghizistan', ru: 'Кыргызстан' },
  KI: { ar: 'كيريباس' },
  KM: { ru: 'Коморские Острова' },
  KN: { en: 'Saint Kitts and Nevis', fr: 'Saint-Kitts-et-Nevis', es: 'Saint Kitts y Nevis', ar: 'سانت كيتس ونيفس' },
  KP: { en: 'Democratic People\'s Republic of Korea', fr: 'République populaire démocratique de Corée', es: 'República Popular Democrática de Corea', ru: 'Корейская Народно-Демократическая Республика', zh: '朝鲜民主主义人民共和国', ar: 'جمهورية كوريا الشعبية الديمقراطية' },
  KR: { en: 'Republic of Korea', fr: 'République de Corée', es: 'República de Corea', zh: '大韩民国', ar: 'جمهورية كوريا' },
  KZ: { es: 'Kazajstán' },
  LA: { en: 'Lao People\'s Democratic Republic', fr: 'République démocratique populaire lao', es: 'República Democrática Popular Lao', ru: 'Лаосская Народно-Демократическая Республика', zh: '老挝人民民主共和国', ar: 'جمهورية لاو الديمقراطية الشعبية' },
  LC: { en: 'Saint Lucia' },
  LK: { ar: 'سري لانكا' },
  LR: { fr: 'Libéria', ar: 'ليبريا' },
  LS: { es: 'Lesotho' },
  LU: { ar: 'لكسمبرغ' },
  MD: { en: 'Republic of Moldova', fr: 'République de Moldova', es: 'República de Moldova', ru: 'Республика Молдова', zh: '摩尔多瓦共和国', ar: 'جمهورية مولدوفا' },
  MH: { ru: 'Маршалловы Острова' },
  ML: { es: 'Malí' },
  MM: { en: 'Myanmar', fr: 'Myanmar', es: 'Myanmar', ru: 'Мьянма', ar: 'ميانمار' },
  MT: { ar: 'مالطة' },
  MV: { ru: 'Мальдивские Острова', ar: 'ملديف' },
  MW: { es: 'Malawi' },
  MZ: { ar: 'موزامبيق' },
  NG: { fr: 'Nigéria' },
  NL: { en: 'Netherlands (Kingdom of the)', fr: 'Pays-Bas (Royaume des)', es: 'Países Bajos (Reino de los)', ru: 'Нидерланды (Королевство)', zh: '荷兰王国', ar: 'هولندا (مملكة -)' },
  NU: { fr: 'Nioué' },
  NZ: { es: 'Nueva Zelandia' },
  OM: { ar: 'عمان' },
  PG: { es: 'Papua Nueva Guinea', ru: 'Папуа-Новая Гвинея' },
  PS: { en: 'State of Palestine', fr: 'État de Palestine', es: 'Estado de Palestina', ru: 'Государство Палестина', zh: '巴勒斯坦国', ar: 'دولة فلسطين' },
  PW: { es: 'Palau' },
  QA: { es: 'Qatar' },
  RO: { es: 'Rumania' },
  RU: { en: 'Russian Federation', fr: 'Fédération de Russie', es: 'Federación de Rusia', ru: 'Российская Федерация', zh: '俄罗斯联邦', ar: 'الاتحاد الروسي' },
  RW: { es: 'Rwanda' },
  SA: { es: 'Arabia Saudita' },
  SB: { ru: 'Соломоновы Острова' },
  SC: { ru: 'Сейшельские Острова', ar: 'سيشيل' },
  SR: { es: 'Suriname' },
  ST: { en: 'Sao Tome and Principe', ar: 'سان تومي وبرينسيبي' },
  SV: { fr: 'El Salvador' },
  SY: { en: 'Syrian Arab Republic', fr: 'République arabe syrienne', es: 'República Árabe Siria', ru: 'Сирийская Арабская Республика', zh: '阿拉伯叙利亚共和国', ar: 'الجمهورية العربية السورية' },
  SZ: { es: 'Eswatini' },
  TH: { ar: 'تايلند' },
  TL: { fr: 'Timor-Leste', ru: 'Тимор-Лешти' },
  TR: { fr: 'Türkiye', es: 'Türkiye' },
  TT: { en: 'Trinidad and Tobago', es: 'Trinidad y Tabago' },
  TZ: { en: 'United Republic of Tanzania', fr: 'République-Unie de Tanzanie', es: 'República Unida de Tanzanía', ru: 'Объединенная Республика Танзания', zh: '坦桑尼亚联合共和国', ar: 'جمهورية تنزانيا المتحدة' },
  US: { en: 'United States of America', fr: 'États-Unis d’Amérique', es: 'Estados Unidos de América', ru: 'Соединенные Штаты Америки', zh: '美利坚合众国', ar: 'الولايات المتحدة الأمريكية' },
  UY: { ar: 'أوروغواي' },
  VA: { en: 'Holy See', fr: 'Saint-Siège', es: 'Santa Sede', ru: 'Святой Престол', zh: '教廷', ar: 'الكرسي الرسولي' },
  VC: { en: 'Saint Vincent and the Grenadines' },
  VE: { en: 'Venezuela (Bolivarian Republic of)', fr: 'Venezuela (République bolivarienne du)', es: 'Venezuela (República Bolivariana de)', ru: 'Венесуэла (Боливарианская Республика)', zh: '委内瑞拉玻利瓦尔共和国', ar: 'فنزويلا (جمهورية - البوليفارية)' },
  VN: { en: 'Viet Nam', fr: 'Viet Nam', es: 'Viet Nam', ar: 'فييت نام' },
  ZA: { ru: 'Южная Африка' },
  ZW: { es: 'Zimbabwe', ar: 'زمبابوي' },
};

/**
 * Names people still type for a State, besides its names in the six languages: former or
 * common names. They are accepted and found, never shown.
 */
export const OTHER_NAMES: Readonly<Record<string, readonly string[]>> = {
  CI: ['Ivory Coast'],
  CZ: ['Czech Republic'],
  GB: ['UK', 'Great Britain'],
  KP: ['Северная Корея'],
  KR: ['Южная Корея'],
  MK: ['Macedonia'],
  MM: ['Burma'],
  PS: ['Palestine'],
  SZ: ['Swaziland'],
  TL: ['East Timor'],
  TR: ['Turkey'],
  US: ['USA'],
  VA: ['Vatican'],
};

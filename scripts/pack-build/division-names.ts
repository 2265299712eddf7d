import { customPinyin, pinyin } from 'pinyin-pro';

// The 55 minority nationalities as they appear in autonomous-area names, longest first.
const NATIONALITIES = [
  '柯尔克孜', '乌孜别克', '维吾尔', '哈萨克', '达斡尔', '塔吉克', '俄罗斯', '鄂温克', '鄂伦春', '塔塔尔',
  '蒙古', '布依', '朝鲜', '土家', '哈尼', '傈僳', '拉祜', '东乡', '纳西', '景颇', '仫佬', '布朗', '撒拉', '毛南',
  '仡佬', '锡伯', '阿昌', '普米', '德昂', '保安', '裕固', '独龙', '赫哲', '门巴', '珞巴', '基诺', '高山',
  '回', '藏', '苗', '彝', '壮', '满', '侗', '瑶', '白', '傣', '黎', '佤', '畲', '水', '土', '羌', '怒', '京', '各',
];
// Some names carry the nationality without 族 (新疆维吾尔自治区, 伊犁哈萨克自治州).
const NATIONALITY = `(?:${NATIONALITIES.join('|')})族?`;
const AUTONOMOUS = new RegExp(`^(.{2,}?)(?:${NATIONALITY})*自治(?:区|州|县|旗)$`);
const ETHNIC_UNIT = new RegExp(`^(.{2,}?)(?:${NATIONALITIES.join('|')})族(?:区|乡|镇|苏木)$`);
// Longest first; a suffix is only taken off when at least two characters remain.
const SUFFIXES = ['特别行政区', '街道办事处', '地区办事处', '街道', '地区', '新区', '特区', '苏木', '省', '市', '盟', '区', '县', '旗', '镇', '乡'];
// Names that are a kind of unit, not a place, and zones named for what they are: kept whole.
const UNSHORTENED = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);
const ZONE = /(开发区|工业园区|产业园区|化工园区|创意园区|产业园|管理区|实验区|示范区|合作区|产业基地|委员会|管委会|海域|机场)$/;
const SPECIAL: Record<string, string> = { 神农架林区: '神农架' };

/** A division's name without its administrative suffix: `北京市` → `北京`, `延边朝鲜族自治州` → `延边`, `矿区` stays. */
export function shortName(name: string): string {
  if (UNSHORTENED.has(name) || ZONE.test(name)) return name;
  if (SPECIAL[name]) return SPECIAL[name];
  const autonomous = AUTONOMOUS.exec(name) ?? ETHNIC_UNIT.exec(name);
  if (autonomous) return autonomous[1]!.replace(/族$/, '');
  for (const suffix of SUFFIXES) {
    if (name.endsWith(suffix) && name.length - suffix.length >= 2) return name.slice(0, -suffix.length);
  }
  return name;
}

// Place names that pinyin-pro reads with the common rather than the place-name reading
// (地名审音, e.g. 单县 Shàn, 什邡 Shí, 乐亭 Lào); checked one by one, extended as found.
const PLACE_READINGS: Record<string, string> = {
  单县: 'shàn xiàn', 大城子: 'dà chéng zi', 什邡: 'shí fāng', 乐亭: 'lào tíng', 蔚县: 'yù xiàn', 洪洞: 'hóng tóng', 浚县: 'xùn xiàn',
  六安: 'lù ān', 涡阳: 'guō yáng', 筠连: 'jūn lián', 歙县: 'shè xiàn', 黟县: 'yī xiàn', 枞阳: 'zōng yáng',
  犍为: 'qián wéi', 郫都: 'pí dū', 阆中: 'làng zhōng', 蠡县: 'lǐ xiàn', 乐清: 'yuè qīng', 盱眙: 'xū yí',
  柞水: 'zhà shuǐ', 耒阳: 'lěi yáng', 临朐: 'lín qú', 莒县: 'jǔ xiàn', 鄄城: 'juàn chéng', 荥阳: 'xíng yáng',
  会昌: 'huì chāng', 会理: 'huì lǐ', 会泽: 'huì zé', 会同: 'huì tóng', 茌平: 'chí píng', 繁峙: 'fán shì',
  隰县: 'xí xiàn', 岢岚: 'kě lán', 长子: 'zhǎng zǐ', 泌阳: 'bì yáng', 郏县: 'jiá xiàn', 睢县: 'suī xiàn',
  大栅栏: 'dà shí lan', 什刹海: 'shí chà hǎi', 十里堡: 'shí lǐ pù', 马家堡: 'mǎ jiā pù', 民乐: 'mín lè',
  吴堡: 'wú bǔ', 尉犁: 'yù lí', 六合: 'lù hé', 闵行: 'mǐn háng', 万柏林: 'wàn bǎi lín', 曾都: 'zēng dū',
  // In place names 都 is dū (成都, 宁都, 三都) and 什 is shí (喀什, 什邡).
  都: 'dū', 什: 'shí',
};
let readingsLoaded = false;

/** Toneless lower-case pinyin of a name's short form, for search: `北京市` → `beijing`, ü as `v`. */
export function pinyinOf(name: string): string {
  if (!readingsLoaded) {
    customPinyin(PLACE_READINGS);
    readingsLoaded = true;
  }
  return pinyin(shortName(name), { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** `dongcheng` → `Dongcheng`. */
export function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

import type { createCityIndex } from './city-index.js';

/** One record of `groups.json`: a city cluster or metropolitan area, its member cities and the document that defines it. */
export interface CityGroup {
  code: string;
  kind: 'cluster' | 'metro';
  name: string;
  nameEn: string;
  members: string[];
  source: string;
}

interface GroupDefinition extends Omit<CityGroup, 'members'> {
  /** `province|city`; a municipality is `北京|直辖市` and stands for its province code. */
  members: string[];
}

const hebei11 = ['石家庄市', '唐山市', '秦皇岛市', '邯郸市', '邢台市', '保定市', '张家口市', '承德市', '沧州市', '廊坊市', '衡水市'];
const of = (province: string, cities: string[]) => cities.map((c) => `${province}|${c}`);

/**
 * The groupings, each as its planning document draws it. Members are prefecture-level cities;
 * a municipality is a member by its province code (110000000000), its whole territory, since
 * its 市辖区 does not cover Chongqing's counties. Where a document takes only part of a city,
 * the city is a member and the source says which part.
 */
export const GROUP_DEFINITIONS: GroupDefinition[] = [
  {
    code: 'cluster-jingjinji',
    kind: 'cluster',
    name: '京津冀城市群',
    nameEn: 'Beijing-Tianjin-Hebei city cluster',
    members: ['北京|直辖市', '天津|直辖市', ...of('河北', hebei11)],
    source: '《京津冀协同发展规划纲要》(中共中央政治局, 2015-04-30): 北京市、天津市和河北省全域 (the 11 prefecture-level cities of Hebei)',
  },
  {
    code: 'cluster-changsanjiao',
    kind: 'cluster',
    name: '长三角城市群',
    nameEn: 'Yangtze River Delta city cluster',
    members: [
      '上海|直辖市',
      ...of('江苏', ['南京市', '无锡市', '常州市', '苏州市', '南通市', '扬州市', '镇江市', '盐城市', '泰州市']),
      ...of('浙江', ['杭州市', '宁波市', '温州市', '湖州市', '嘉兴市', '绍兴市', '金华市', '舟山市', '台州市']),
      ...of('安徽', ['合肥市', '芜湖市', '马鞍山市', '铜陵市', '安庆市', '滁州市', '池州市', '宣城市']),
    ],
    source: '《长江三角洲区域一体化发展规划纲要》(中共中央、国务院, 2019): the 27 cities of the 中心区 (the plan covers all of Shanghai, Jiangsu, Zhejiang and Anhui)',
  },
  {
    code: 'cluster-yuegangao',
    kind: 'cluster',
    name: '粤港澳大湾区',
    nameEn: 'Guangdong-Hong Kong-Macao Greater Bay Area',
    members: of('广东', ['广州市', '深圳市', '珠海市', '佛山市', '惠州市', '东莞市', '中山市', '江门市', '肇庆市']),
    source:
      '《粤港澳大湾区发展规划纲要》(中共中央、国务院, 2019-02-18): 香港特别行政区、澳门特别行政区 and 9 cities of Guangdong. Only the 9 Guangdong cities are members here: Hong Kong and Macao have no NBS division code (they are outside the 统计用区划代码)',
  },
  {
    code: 'cluster-chengyu',
    kind: 'cluster',
    name: '成渝地区双城经济圈',
    nameEn: 'Chengdu-Chongqing economic circle',
    members: [
      '重庆|直辖市',
      ...of('四川', ['成都市', '自贡市', '泸州市', '德阳市', '绵阳市', '遂宁市', '内江市', '乐山市', '南充市', '眉山市', '宜宾市', '广安市', '达州市', '雅安市', '资阳市']),
    ],
    source:
      '《成渝地区双城经济圈建设规划纲要》(中共中央、国务院, 2021-10), same extent as 《成渝城市群发展规划》(国家发展改革委、住房城乡建设部, 2016-04): 重庆市 27 districts and counties plus parts of 开州 and 云阳 (Chongqing is a member as a whole), and 15 Sichuan cities, of which 绵阳 without 北川、平武, 达州 without 万源, 雅安 without 天全、宝兴',
  },
  {
    code: 'metro-shoudu',
    kind: 'metro',
    name: '现代化首都都市圈',
    nameEn: 'Capital metropolitan area',
    members: ['北京|直辖市', '天津|直辖市', ...of('河北', ['保定市', '廊坊市', '张家口市'])],
    source:
      '《现代化首都都市圈空间协同规划（2023—2035年）》, as presented at the State Council Information Office press conference of 2026-02-12: its 功能圈 (the planning area, about 4.2万 km²) is 北京市、天津市全域, 河北雄安新区 (in 保定) and parts of 廊坊、保定、张家口 — those three cities are members although only some of their districts and counties are in it; the county list was not published in the reports read',
  },
];

/** The groupings with their members resolved to NBS codes; an unresolvable member is an error. */
export function buildGroups(index: ReturnType<typeof createCityIndex>, definitions: readonly GroupDefinition[] = GROUP_DEFINITIONS): CityGroup[] {
  return definitions.map((g) => ({
    ...g,
    members: g.members.map((m) => {
      const [province, city] = m.split('|') as [string, string];
      const match = city === '直辖市' ? index.resolve(province, province, '直辖市') : index.resolve(province, city, '地级市');
      if (match.code === null) throw new Error(`${g.code}: member ${m}: ${match.why}`);
      return match.code;
    }),
  }));
}

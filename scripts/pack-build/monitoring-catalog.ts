// The Beijing pack's monitoring catalogue (authored for citywork) and the real places its
// simulated assets are placed near (WGS-84, approximate to a few hundred metres).
import type { CatalogFile } from '../../src/modules/monitoring/index.js';

const ugm3 = { unit: 'µg/m³', unitAliases: ['ug/m3', 'μg/m³', 'ug/m³'] };
const mgl = { unit: 'mg/L', unitAliases: ['mg/l'] };

/** Metrics (name, unit, the range a working sensor can report) and asset types. */
export const catalog: CatalogFile = {
  metrics: [
    { name: 'methane_pct_lel', unit: '%LEL', unitAliases: ['%lel', 'LEL%'], min: 0, max: 100, nameZh: '甲烷浓度（爆炸下限百分比）', nameEn: 'Methane (% of the lower explosive limit)' },
    { name: 'pressure_mpa', unit: 'MPa', unitAliases: [], min: 0, max: 4, nameZh: '管道压力（表压）', nameEn: 'Pipe pressure (gauge)' },
    { name: 'flow_m3h', unit: 'm³/h', unitAliases: ['m3/h'], min: 0, max: 50_000, nameZh: '瞬时流量', nameEn: 'Flow rate' },
    { name: 'level_m', unit: 'm', unitAliases: [], min: 0, max: 30, nameZh: '井内液位（距井底）', nameEn: 'Water level above the well floor' },
    { name: 'depth_cm', unit: 'cm', unitAliases: [], min: 0, max: 500, nameZh: '路面积水深度', nameEn: 'Ponding depth on the road' },
    { name: 'rain_mm', unit: 'mm', unitAliases: [], min: 0, max: 200, nameZh: '时段降雨量', nameEn: 'Rainfall in the reporting interval' },
    { name: 'strain_ue', unit: 'µε', unitAliases: ['ue', 'με', 'microstrain'], min: -5000, max: 5000, nameZh: '结构应变', nameEn: 'Structural strain' },
    { name: 'deflection_mm', unit: 'mm', unitAliases: [], min: -1000, max: 1000, nameZh: '挠度', nameEn: 'Deflection' },
    { name: 'temperature_c', unit: '°C', unitAliases: ['C', 'degC', '℃'], min: -50, max: 200, nameZh: '温度', nameEn: 'Temperature' },
    { name: 'pm25_ugm3', ...ugm3, min: 0, max: 2000, nameZh: '细颗粒物 PM2.5', nameEn: 'PM2.5' },
    { name: 'pm10_ugm3', ...ugm3, min: 0, max: 3000, nameZh: '可吸入颗粒物 PM10', nameEn: 'PM10' },
    { name: 'no2_ugm3', ...ugm3, min: 0, max: 3000, nameZh: '二氧化氮', nameEn: 'Nitrogen dioxide' },
    { name: 'so2_ugm3', ...ugm3, min: 0, max: 3000, nameZh: '二氧化硫', nameEn: 'Sulphur dioxide' },
    { name: 'o3_ugm3', ...ugm3, min: 0, max: 1500, nameZh: '臭氧', nameEn: 'Ozone' },
    { name: 'co_mgm3', unit: 'mg/m³', unitAliases: ['mg/m3'], min: 0, max: 150, nameZh: '一氧化碳', nameEn: 'Carbon monoxide' },
    { name: 'ph', unit: 'pH', unitAliases: [], min: 0, max: 14, nameZh: 'pH 值', nameEn: 'pH' },
    { name: 'do_mgl', ...mgl, min: 0, max: 25, nameZh: '溶解氧', nameEn: 'Dissolved oxygen' },
    { name: 'nh3n_mgl', ...mgl, min: 0, max: 100, nameZh: '氨氮', nameEn: 'Ammonia nitrogen' },
    { name: 'codmn_mgl', ...mgl, min: 0, max: 100, nameZh: '高锰酸盐指数', nameEn: 'Permanganate index' },
    { name: 'turbidity_ntu', unit: 'NTU', unitAliases: [], min: 0, max: 4000, nameZh: '浊度', nameEn: 'Turbidity' },
  ],
  assetTypes: [
    { code: 'gas_pipe_segment', name: '燃气管段', nameEn: 'Gas main segment', geometry: 'line', metrics: ['pressure_mpa'] },
    { code: 'gas_adjacent_space', name: '燃气相邻地下空间', nameEn: 'Underground space next to a gas main', geometry: 'point', metrics: ['methane_pct_lel', 'temperature_c'] },
    { code: 'water_main', name: '供水管段', nameEn: 'Water main segment', geometry: 'line', metrics: ['pressure_mpa', 'flow_m3h'] },
    { code: 'valve', name: '阀门井', nameEn: 'Valve chamber', geometry: 'point', metrics: ['pressure_mpa'] },
    { code: 'drainage_manhole', name: '排水检查井', nameEn: 'Drainage manhole', geometry: 'point', metrics: ['level_m'] },
    { code: 'bridge', name: '桥梁', nameEn: 'Bridge', geometry: 'point', metrics: ['strain_ue', 'deflection_mm', 'temperature_c'] },
    { code: 'waterlogging_point', name: '易积水点', nameEn: 'Waterlogging point', geometry: 'point', metrics: ['depth_cm'] },
    { code: 'rain_gauge', name: '雨量站', nameEn: 'Rain gauge', geometry: 'point', metrics: ['rain_mm'] },
    { code: 'heating_pipe', name: '供热管段', nameEn: 'District heating main segment', geometry: 'line', metrics: ['temperature_c', 'pressure_mpa'] },
    { code: 'air_station', name: '空气质量监测站', nameEn: 'Air quality station', geometry: 'point', metrics: ['pm25_ugm3', 'pm10_ugm3', 'no2_ugm3', 'so2_ugm3', 'o3_ugm3', 'co_mgm3'] },
    { code: 'water_station', name: '水质自动监测站', nameEn: 'Water quality station', geometry: 'point', metrics: ['ph', 'do_mgl', 'nh3n_mgl', 'codmn_mgl', 'turbidity_ntu'] },
  ],
};

export interface Place {
  zh: string;
  en: string;
  lon: number;
  lat: number;
}

const p = (zh: string, en: string, lon: number, lat: number): Place => ({ zh, en, lon, lat });

/** Real places in Beijing that the simulated assets are placed near. */
export const monitoringPlaces = {
  urban: [
    p('东直门', 'Dongzhimen', 116.434, 39.941), p('建国门', 'Jianguomen', 116.434, 39.906), p('王府井', 'Wangfujing', 116.41, 39.913), p('和平里', 'Hepingli', 116.417, 39.958),
    p('西直门', 'Xizhimen', 116.353, 39.94), p('金融街', 'Financial Street', 116.36, 39.915), p('广安门', "Guang'anmen", 116.355, 39.89), p('德胜门', 'Deshengmen', 116.378, 39.948),
    p('国贸', 'Guomao', 116.46, 39.908), p('望京', 'Wangjing', 116.477, 39.996), p('三里屯', 'Sanlitun', 116.454, 39.934), p('酒仙桥', 'Jiuxianqiao', 116.493, 39.968),
    p('劲松', 'Jinsong', 116.463, 39.883), p('十里堡', 'Shilipu', 116.503, 39.92), p('中关村', 'Zhongguancun', 116.316, 39.983), p('五道口', 'Wudaokou', 116.338, 39.993),
    p('公主坟', 'Gongzhufen', 116.31, 39.907), p('上地', 'Shangdi', 116.302, 40.035), p('丰台科技园', 'Fengtai Science Park', 116.289, 39.828), p('方庄', 'Fangzhuang', 116.433, 39.864),
    p('马家堡', 'Majiapu', 116.378, 39.853), p('宋家庄', 'Songjiazhuang', 116.428, 39.846), p('鲁谷', 'Lugu', 116.23, 39.9), p('苹果园', 'Pingguoyuan', 116.178, 39.925),
    p('通州北关', 'Tongzhou Beiguan', 116.665, 39.912), p('梨园', 'Liyuan', 116.66, 39.883), p('亦庄', 'Yizhuang', 116.505, 39.795), p('黄村', 'Huangcun', 116.338, 39.728),
    p('回龙观', 'Huilongguan', 116.336, 40.07), p('天通苑', 'Tiantongyuan', 116.42, 40.07), p('顺义城区', 'Shunyi town', 116.655, 40.13), p('良乡', 'Liangxiang', 116.14, 39.735),
  ],
  districts: [
    p('东城', 'Dongcheng', 116.416, 39.928), p('西城', 'Xicheng', 116.366, 39.912), p('朝阳', 'Chaoyang', 116.443, 39.921), p('丰台', 'Fengtai', 116.287, 39.858),
    p('石景山', 'Shijingshan', 116.223, 39.906), p('海淀', 'Haidian', 116.298, 39.959), p('门头沟', 'Mentougou', 116.102, 39.937), p('房山', 'Fangshan', 116.143, 39.748),
    p('通州', 'Tongzhou', 116.657, 39.91), p('顺义', 'Shunyi', 116.654, 40.13), p('昌平', 'Changping', 116.231, 40.221), p('大兴', 'Daxing', 116.341, 39.727),
    p('怀柔', 'Huairou', 116.632, 40.316), p('平谷', 'Pinggu', 117.121, 40.141), p('密云', 'Miyun', 116.843, 40.376), p('延庆', 'Yanqing', 115.975, 40.457),
  ],
  bridges: [
    p('三元桥', 'Sanyuan Bridge', 116.456, 39.961), p('四元桥', 'Siyuan Bridge', 116.483, 39.983), p('国贸桥', 'Guomao Bridge', 116.46, 39.908), p('西直门桥', 'Xizhimen Bridge', 116.352, 39.941),
    p('德胜门桥', 'Deshengmen Bridge', 116.377, 39.949), p('玉蜓桥', 'Yuting Bridge', 116.428, 39.869), p('马甸桥', 'Madian Bridge', 116.374, 39.969), p('安贞桥', 'Anzhen Bridge', 116.405, 39.969),
    p('学院桥', 'Xueyuan Bridge', 116.352, 39.986), p('十里河桥', 'Shilihe Bridge', 116.47, 39.868), p('大望桥', 'Dawang Bridge', 116.476, 39.908), p('航天桥', 'Hangtian Bridge', 116.31, 39.933),
    p('健翔桥', 'Jianxiang Bridge', 116.38, 39.986), p('卢沟新桥', 'New Lugou Bridge', 116.216, 39.853), p('通惠河大桥', 'Tonghui River Bridge', 116.62, 39.9),
  ],
  underpasses: [
    p('莲花桥', 'Lianhua Bridge', 116.31, 39.897), p('京广桥', 'Jingguang Bridge', 116.46, 39.914), p('安华桥', 'Anhua Bridge', 116.398, 39.972), p('木樨地桥', 'Muxidi Bridge', 116.337, 39.907),
    p('丽泽桥', 'Lize Bridge', 116.305, 39.865), p('玉泉营桥', 'Yuquanying Bridge', 116.356, 39.852), p('大红门桥', 'Dahongmen Bridge', 116.399, 39.848), p('广渠门桥', 'Guangqumen Bridge', 116.445, 39.894),
    p('五路桥', 'Wulu Bridge', 116.283, 39.907), p('紫竹桥', 'Zizhu Bridge', 116.31, 39.944), p('万泉河桥', 'Wanquanhe Bridge', 116.307, 39.975), p('蓟门桥', 'Jimen Bridge', 116.35, 39.971),
    p('双井桥', 'Shuangjing Bridge', 116.462, 39.893), p('东四十条桥', 'Dongsishitiao Bridge', 116.434, 39.933), p('菜户营桥', 'Caihuying Bridge', 116.344, 39.864), p('六里桥', 'Liuliqiao', 116.312, 39.881),
    p('岳各庄桥', 'Yuegezhuang Bridge', 116.275, 39.871), p('花乡桥', 'Huaxiang Bridge', 116.292, 39.843), p('南苑路立交', 'Nanyuan Road interchange', 116.395, 39.83), p('酒仙桥路地道', 'Jiuxianqiao Road underpass', 116.49, 39.972),
    p('望京桥', 'Wangjing Bridge', 116.464, 39.989), p('北土城桥', 'Beitucheng Bridge', 116.394, 39.976), p('四惠桥', 'Sihui Bridge', 116.497, 39.908), p('白石桥', 'Baishi Bridge', 116.326, 39.94),
    p('方庄桥', 'Fangzhuang Bridge', 116.432, 39.871), p('光熙门地道', 'Guangximen underpass', 116.432, 39.968), p('丰北桥', 'Fengbei Bridge', 116.292, 39.862), p('梨园地道', 'Liyuan underpass', 116.657, 39.88),
    p('回龙观地道', 'Huilongguan underpass', 116.33, 40.075), p('亦庄桥', 'Yizhuang Bridge', 116.487, 39.811),
  ],
  airStations: [
    p('东四', 'Dongsi', 116.417, 39.929), p('天坛', 'Temple of Heaven', 116.407, 39.886), p('官园', 'Guanyuan', 116.339, 39.929), p('万寿西宫', 'Wanshouxigong', 116.352, 39.878),
    p('奥体中心', 'Olympic Centre', 116.397, 39.982), p('农展馆', 'Nongzhanguan', 116.461, 39.937), p('万柳', 'Wanliu', 116.287, 39.987), p('丰台花园', 'Fengtai Garden', 116.279, 39.863),
    p('古城', 'Gucheng', 116.184, 39.914), p('大兴黄村', 'Daxing Huangcun', 116.338, 39.718), p('通州新城', 'Tongzhou New Town', 116.663, 39.886), p('昌平镇', 'Changping Town', 116.23, 40.217),
  ],
  waterStations: [
    p('北运河北关', 'North Canal at Beiguan', 116.683, 39.914), p('凉水河大红门', 'Liangshui River at Dahongmen', 116.405, 39.846), p('清河清河闸', 'Qing River at Qinghe sluice', 116.346, 40.037),
    p('坝河沙子营', 'Ba River at Shaziying', 116.565, 39.967), p('通惠河高碑店', 'Tonghui River at Gaobeidian', 116.543, 39.909), p('永定河卢沟桥', 'Yongding River at Lugou Bridge', 116.218, 39.851),
  ],
};

import type { Message } from './csv.js';

// Three categories in the words citizens use, Chinese and English, with the anonymisation codes of real data.
const topics: Record<string, { titles: string[]; texts: string[] }> = {
  教育文体: {
    titles: ['学校违规补课收费', 'A3区幼儿园学位不足', '中学教师待遇问题', 'school charges extra tuition fees', '小学招生划片不合理'],
    texts: ['孩子所在学校周末强制补课，每学期收费上千元。', '小区配套幼儿园迟迟不开园，孩子入学困难。', '教师工资长期低于公务员，教育局不予解决。', 'the school asks every student for extra tuition for classes on weekends', '学区划分不合理，孩子上学要走很远。'],
  },
  城乡建设: {
    titles: ['A市某小区物业乱收停车费', '小区电梯长期故障', '违章建筑占用绿化带', 'property management fees of our estate', '小区停水停电无人管'],
    texts: ['物业公司私自提高停车收费标准，业主不同意。', '电梯多次困人，物业不维修，存在安全隐患。', '有人在小区绿化带上搭建违章建筑，城管不管。', 'the property management company raised fees and does not repair the lift', '小区经常停水，物业和供水公司互相推诿。'],
  },
  劳动和社会保障: {
    titles: ['公司拖欠工资', '社保断缴怎么补缴', '养老保险转移问题', 'employer has not paid wages for months', '工伤认定困难'],
    texts: ['用人单位拖欠农民工工资半年，劳动监察不作为。', '换工作后社保断缴，养老保险如何补缴？', '外省的养老保险转入本市需要什么手续？', 'our employer owes us three months of wages and social insurance', '在工地受伤，公司不给申报工伤保险。'],
  },
};

/** A tiny labelled corpus (5 messages per category, 3 categories) for tests that need no real data. */
export function syntheticMessages(): Message[] {
  return Object.entries(topics).flatMap(([label, t]) => t.titles.map((title, i) => ({ title, text: `A00074011 ${t.texts[i]}`, label })));
}

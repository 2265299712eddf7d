import { describe, expect, it } from 'vitest';
import { categoryOfReply } from './departments.js';

const labels = ['城乡建设', '教育文体', '劳动和社会保障', '交通运输'];

describe('categoryOfReply', () => {
  it('names the category whose departments a reply names clearly most', () => {
    expect(categoryOfReply('您好！市教育局高度重视，责成学校整改。', labels)).toBe('教育文体');
    expect(categoryOfReply('市人社局劳动监察支队已责令公司支付拖欠工资。', labels)).toBe('劳动和社会保障');
  });

  it('a bus route is city construction, whoever answers', () => {
    expect(categoryOfReply('市交通运输局将优化公交线路，增设公交站点。', labels)).toBe('城乡建设');
  });

  it('null when nothing, or nothing clearly, is named, or the category is not a label', () => {
    expect(categoryOfReply('感谢您的来信。', labels)).toBeNull();
    expect(categoryOfReply('住建局和教育局联合调查。', labels)).toBeNull();
    expect(categoryOfReply('市卫健委已转医院核查。', labels)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { addressNames, buildGazetteer } from './gazetteer.js';

describe('addressNames', () => {
  it('gives townships their name without 街道, 地区, 镇, 乡 or a nationality', () => {
    expect(addressNames('建国门街道', 'township')).toEqual(['建国门街道', '建国门']);
    expect(addressNames('南磨房地区', 'township')).toEqual(['南磨房地区', '南磨房']);
    expect(addressNames('长哨营满族乡', 'township')).toEqual(['长哨营满族乡', '长哨营']);
    expect(addressNames('北京经济技术开发区', 'township')).toEqual(['北京经济技术开发区']);
  });

  it('gives communities the place name with and without 社区 or 村', () => {
    expect(addressNames('多福巷社区居委会', 'community')).toEqual(['多福巷社区居委会', '多福巷社区', '多福巷']);
    expect(addressNames('大望家园社区居民委员会', 'community')).toEqual(['大望家园社区居民委员会', '大望家园社区', '大望家园']);
    expect(addressNames('楼梓庄村委会', 'community')).toEqual(['楼梓庄村委会', '楼梓庄村', '楼梓庄']);
    expect(addressNames('褡裢坡村村委会', 'community')).toEqual(['褡裢坡村村委会', '褡裢坡村', '褡裢坡']);
    expect(addressNames('新兴里居委会', 'community')).toEqual(['新兴里居委会', '新兴里']);
  });

  it('adds the name without its bracketed part and drops one-character forms', () => {
    expect(addressNames('中国矿业大学（北京）社区居委会', 'community')).toEqual([
      '中国矿业大学（北京）社区居委会',
      '中国矿业大学（北京）社区',
      '中国矿业大学（北京）',
      '中国矿业大学社区居委会',
      '中国矿业大学社区',
      '中国矿业大学',
    ]);
    expect(addressNames('时村', 'community')).toEqual(['时村']);
  });
});

describe('buildGazetteer', () => {
  it('lists townships and communities only, with their names', () => {
    const entries = buildGazetteer([
      { code: '110101000000', name: '东城区', nameEn: null, pinyin: 'dongcheng', level: 'district', parent: '110100000000' },
      { code: '110101008000', name: '建国门街道', nameEn: null, pinyin: 'jianguomen', level: 'township', parent: '110101000000' },
    ]);
    expect(entries).toEqual([{ code: '110101008000', names: ['建国门街道', '建国门'] }]);
  });
});

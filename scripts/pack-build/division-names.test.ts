import { describe, expect, it } from 'vitest';
import { capitalise, pinyinOf, shortName } from './division-names.js';

describe('shortName', () => {
  it.each([
    ['北京市', '北京'],
    ['东城区', '东城'],
    ['建国门街道', '建国门'],
    ['南磨房地区', '南磨房'],
    ['浦东新区', '浦东'],
    ['新疆维吾尔自治区', '新疆'],
    ['广西壮族自治区', '广西'],
    ['黔东南苗族侗族自治州', '黔东南'],
    ['伊犁哈萨克自治州', '伊犁'],
    ['鄂温克族自治旗', '鄂温克'],
    ['管城回族区', '管城'],
    ['长哨营满族乡', '长哨营'],
    ['神农架林区', '神农架'],
    ['万柏林区', '万柏林'],
    ['下花园区', '下花园'],
  ])('%s → %s', (name, short) => expect(shortName(name)).toBe(short));

  it.each(['市辖区', '县', '省直辖县级行政区划', '矿区', '单县', '北京经济技术开发区', '苏州工业园区'])('keeps %s whole', (name) => {
    expect(shortName(name)).toBe(name);
  });
});

describe('pinyinOf', () => {
  it.each([
    ['北京市', 'beijing'],
    ['重庆市', 'chongqing'],
    ['吕梁市', 'lvliang'],
    ['单县', 'shanxian'],
    ['六安市', 'luan'],
    ['喀什地区', 'kashi'],
    ['宁都县', 'ningdu'],
    ['闵行区', 'minhang'],
    ['大栅栏街道', 'dashilan'],
    ['马家堡街道', 'majiapu'],
    ['建国门街道', 'jianguomen'],
  ])('%s → %s', (name, py) => expect(pinyinOf(name)).toBe(py));
});

describe('capitalise', () => {
  it('capitalises the first letter', () => expect(`${capitalise('dongcheng')} District`).toBe('Dongcheng District'));
});

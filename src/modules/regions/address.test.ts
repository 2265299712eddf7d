import { describe, expect, it } from 'vitest';
import { createAddressMatcher, shortForms } from './address.js';

// A small gazetteer of Beijing: two districts, streets and a community under them.
const parents: Record<string, string | null> = {
  '110000000000': null,
  '110100000000': '110000000000',
  '110105000000': '110100000000',
  '110108000000': '110100000000',
  '110105001000': '110105000000',
  '110105007000': '110105000000',
  '110108001000': '110108000000',
  '110105001001': '110105001000',
};
const names = [
  { code: '110105000000', name: '朝阳区', level: 'district' as const },
  { code: '110105000000', name: '朝阳', level: 'district' as const },
  { code: '110108000000', name: '海淀区', level: 'district' as const },
  { code: '110108000000', name: '海淀', level: 'district' as const },
  { code: '110105001000', name: '建外街道', level: 'township' as const },
  { code: '110105001000', name: '建外', level: 'township' as const },
  { code: '110105007000', name: '朝阳门', level: 'township' as const },
  { code: '110108001000', name: '万寿路街道', level: 'township' as const },
  { code: '110108001000', name: '万寿路', level: 'township' as const },
  { code: '110105001001', name: '永安里社区', level: 'community' as const },
  { code: '110105001001', name: '永安里', level: 'community' as const },
];
const matcher = createAddressMatcher(names, (c) => parents[c] ?? null);

describe('address resolution', () => {
  it('finds the community and confirms it by its district', () => {
    const [best] = matcher.resolve('北京市朝阳区建外街道永安里社区5号楼');
    expect(best).toMatchObject({ code: '110105001001', level: 'community' });
    expect(best!.matched).toEqual(expect.arrayContaining(['永安里社区', '朝阳区']));
  });

  it('prefers a street to its district', () => {
    const [best, next] = matcher.resolve('海淀区万寿路甲15号');
    expect(best!.code).toBe('110108001000');
    expect(next!.code).toBe('110108000000');
  });

  it('does not read 朝阳 inside 朝阳门', () => {
    const codes = matcher.resolve('东城区朝阳门内大街').map((c) => c.code);
    expect(codes[0]).toBe('110105007000');
    expect(codes).not.toContain('110105000000');
  });

  it('lowers a place that contradicts the district named', () => {
    const [best] = matcher.resolve('海淀区永安里');
    expect(best!.code).toBe('110108000000');
  });

  it('finds nothing in an address with no known name', () => expect(matcher.resolve('上海市黄浦区南京东路')).toEqual([]));

  it.each([
    ['建国门街道', ['建国门街道', '建国门']],
    ['永安里社区居委会', ['永安里社区居委会', '永安里']],
    ['南口镇', ['南口镇', '南口']],
    ['朝阳区', ['朝阳区']],
  ])('short forms of %s', (name, forms) => expect(shortForms(name)).toEqual(forms));
});

import { describe, expect, it } from 'vitest';
import { fitCityModel, loadCityModel, predictCity, pseudoDocuments, serialiseCityModel, type TaxonomyCategory } from './index.js';

const cat = (code: string, name: string, path: string, keywords: string[] = [], description: string | null = null): TaxonomyCategory => ({ code, parent: code.length > 2 ? code.slice(0, -2) : null, name, path, keywords, description });
const taxonomy = [
  cat('01', '城乡建设', '城乡建设', [], '市政设施、物业'),
  cat('0101', '市政设施', '城乡建设/市政设施'),
  cat('010101', '路灯不亮', '城乡建设/市政设施/路灯不亮', ['路灯坏了', '没有路灯']),
  cat('010102', '井盖缺失', '城乡建设/市政设施/井盖缺失', ['井盖丢失']),
  cat('02', '劳动和社会保障', '劳动和社会保障'),
  cat('0201', '劳动关系', '劳动和社会保障/劳动关系'),
  cat('020101', '拖欠工资', '劳动和社会保障/劳动关系/拖欠工资', ['欠薪', '不发工资']),
  cat('020102', '其他', '劳动和社会保障/劳动关系/其他'),
];

describe('fitCityModel', () => {
  it('learns the leaf categories from the taxonomy alone', () => {
    const { model, stats } = fitCityModel(taxonomy, []);
    expect(stats).toMatchObject({ labels: 4, labelled: 0, skipped: 0 });
    expect(model.labels).toEqual(['010101', '010102', '020101', '020102']);
    expect(predictCity(model, { text: '公司欠薪三个月' }).top[0]!.label).toBe('020101');
    expect(predictCity(model, { title: '井盖丢失', text: '' }).top[0]!.label).toBe('010102');
    expect(predictCity(model, { text: 'xyz' })).toMatchObject({ known: 0 });
  });

  it('learns what callers say from labelled cases; cases of unknown categories are left out', () => {
    const cases = ['铁盖子没了', '下水道铁盖子被偷', '铁盖子丢了'].map((text) => ({ title: null, text, label: '010102' }));
    const { model, stats } = fitCityModel(taxonomy, [...cases, { title: null, text: '铁盖子', label: '999999' }]);
    expect(stats).toMatchObject({ labelled: 3, skipped: 1 });
    expect(predictCity(model, { text: '路边铁盖子没了' }).top[0]!.label).toBe('010102');
  });

  it('keeps the weights sparse, and the stored form predicts the same', () => {
    const { model, stats } = fitCityModel(taxonomy, []);
    expect(stats.entries).toBeLessThan(stats.denseEntries);
    const loaded = loadCityModel(JSON.parse(JSON.stringify(serialiseCityModel(model))));
    const m = { title: '路灯坏了', text: '小区门口' };
    const [a, b] = [predictCity(model, m).top, predictCity(loaded, m).top];
    expect(b.map((x) => x.label)).toEqual(a.map((x) => x.label));
    b.forEach((x, i) => expect(x.score).toBeCloseTo(a[i]!.score, 3));
  });

  it('refuses another format or inconsistent arrays', () => {
    const stored = serialiseCityModel(fitCityModel(taxonomy, []).model);
    expect(() => loadCityModel({ ...stored, format: 'x' })).toThrow(/format "x"/);
    expect(() => loadCityModel({ ...stored, idf: [] })).toThrow(/inconsistent/);
    expect(() => loadCityModel({ ...stored, labels: 'x' })).toThrow(/malformed: labels/);
  });

  it('turns a category into pseudo-documents, "other" names left out', () => {
    expect(pseudoDocuments(taxonomy[2]!)).toEqual([
      { title: '路灯不亮', text: '城乡建设，市政设施' },
      { title: '路灯坏了', text: '路灯不亮' },
      { title: '没有路灯', text: '路灯不亮' },
    ]);
    expect(pseudoDocuments(taxonomy[7]!)).toEqual([{ title: '', text: '劳动和社会保障，劳动关系' }]);
  });
});

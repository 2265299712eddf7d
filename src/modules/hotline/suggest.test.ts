import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hotlineTestService, type HotlineTestService } from '../../../test/support/hotline.js';
import { seedDispatchedCases } from '../../../test/support/hotline-history.js';
import { trainCityModel } from './city-models.js';
import { firstUseTraining, forgetCityClassifiers, suggestCategories } from './suggest.js';

describe('suggestCategories', () => {
  let s: HotlineTestService;
  const city = '110000';
  beforeAll(async () => {
    s = await hotlineTestService();
    // The pack import trained version 1; this suite starts from a city that has no model.
    await s.kernel.db.deleteFrom('hotline_models' as never).execute();
    forgetCityClassifiers(s.kernel);
  }, 120_000);
  afterAll(() => s?.close());
  const suggest = (description: string, title?: string, maxAgeMs?: number) => suggestCategories(s.kernel, city, { title, description }, { maxAgeMs });

  it('without a model, the keyword rules answer at once and a taxonomy-only model is trained on first use', async () => {
    const first = await suggest('门口的路灯坏了');
    expect(first).toEqual({ modelVersion: null, source: 'rule', suggestions: [{ categoryCode: '010101', name: '路灯不亮', path: '城乡建设/市政设施/路灯不亮', score: 1, keyword: '路灯' }] });
    expect(await suggest('请问怎么办')).toEqual({ modelVersion: null, source: 'none', suggestions: [] });
    await firstUseTraining(s.kernel, city);
    const later = await suggest('居住证在哪里办理', undefined, 0);
    expect(later).toMatchObject({ modelVersion: 1, source: 'model' });
    expect(later.suggestions[0]).toMatchObject({ categoryCode: '030101', name: '居住证', path: '政务咨询/证件办理/居住证' });
    expect(later.suggestions).toHaveLength(3);
    for (const x of later.suggestions) expect(x.score > 0 && x.score <= 1).toBe(true);
    expect(later.suggestions[0]!.score).toBeGreaterThan(later.suggestions[1]!.score);
  });

  it('a keyword rule puts its category first; the model ranks the rest', async () => {
    const r = await suggest('办理居住证的大厅停水了', undefined, 0);
    expect(r.source).toBe('rule');
    expect(r.modelVersion).toBe(1);
    expect(r.suggestions.map((x) => x.categoryCode)).toEqual(['020101', '030101', expect.any(String)]);
    expect(r.suggestions[0]).toMatchObject({ keyword: '停水', score: 1 });
    expect(r.suggestions[1]!.keyword).toBeUndefined();
  });

  it('keeps the model per city and picks up a new version at the next recheck', async () => {
    await suggest('居住证', undefined, 0);
    await trainCityModel(s.kernel, city);
    expect((await suggest('居住证', undefined, 60_000)).modelVersion).toBe(1);
    expect((await suggest('居住证', undefined, 0)).modelVersion).toBe(2);
    forgetCityClassifiers(s.kernel);
    expect((await suggest('居住证')).modelVersion).toBe(2);
  });

  it('learns from the dispatches people confirmed or corrected: the new version suggests differently', async () => {
    // Callers say 铁盖子 (iron lid) for a manhole cover: no keyword, nothing in the taxonomy says so.
    const ask = '路边下水道的铁盖子没了';
    const before = await suggest(ask, undefined, 0);
    expect(before.suggestions[0]?.categoryCode).not.toBe('010102');
    await seedDispatchedCases(s.kernel, city, [
      { description: '下水道的铁盖子没了', category: '010102' },
      { description: '路口的铁盖子被偷了，怕有人掉下去', category: '010102', corrected: true },
      { title: '铁盖子丢失', description: '人行道上下水道铁盖子丢失', category: '010102' },
      { description: '楼下铁盖子没了好几天', category: '010102' },
      // Dispatched by the system alone: not a person's word, not learnt.
      { description: '下水道的铁盖子没了', category: '030101', by: 'system' },
    ]);
    const v = await trainCityModel(s.kernel, city);
    expect(v.trainedFrom).toMatchObject({ confirmed: 3, corrected: 1 });
    const after = await suggest(ask, undefined, 0);
    expect(after.modelVersion).toBe(v.version);
    expect(after.suggestions[0]!.categoryCode).toBe('010102');
    expect(before.modelVersion).toBeLessThan(v.version);
  });

  it('costs well under half a millisecond a call once warm', async () => {
    const texts = ['小区门口的井盖丢了，晚上很危险', '居住证办理需要什么材料', '楼下工地晚上一直干活', '早上起来发现家里没水了', '西城区某路口信号灯不亮'];
    for (let i = 0; i < 200; i++) await suggest(texts[i % texts.length]!);
    const n = 2_000;
    const t = performance.now();
    for (let i = 0; i < n; i++) await suggest(texts[i % texts.length]!, '市民来电');
    const ms = (performance.now() - t) / n;
    console.log(`suggestCategories on the toy pack: ${ms.toFixed(4)} ms a call`);
    expect(ms).toBeLessThan(0.5);
  });
});

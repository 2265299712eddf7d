/**
 * The documents behind the statistics, as /work/shared/data/statistics/SOURCES.md names them,
 * by its source IDs. Every figure's `source` is built from these.
 */
export const STAT_SOURCES: Record<string, string> = {
  S01: '北京市统计局《北京市第七次全国人口普查公报（第二号）》(2021-05-19), as reported by 北京青年报客户端, 2021-05-19',
  S02: 'City Population (Thomas Brinkhoff), Beijing districts page, citing China NBS and the Beijing Municipal Bureau of Statistics (census 2000, 2010, 2020, current boundaries)',
  S03: '北京市公共卫生信息中心《全市分区县人口情况》(2011-05-16): resident population from the 6th census, registered (户籍) population at end-2010 from the Beijing Public Security Bureau',
  S05: 'visitBeijing (Beijing Municipal Bureau of Culture and Tourism), "Administrative Districts", https://english.visitbeijing.com.cn/article/47OOqF5cT3Y',
  S06: '时代周报 via 新浪财经, 2022-01-14, 《下一个破万亿的，可能是这个区…》',
  // Cited on some 2,000 figures, so kept short; SOURCES.md S10 has the full trail.
  S10: '《2020中国人口普查分县资料》 via zh.wikipedia《中華人民共和國城市人口排名》 revision 94716648',
  S44: '新浪财经 (李金磊), 2022-01-26, 《城市GDP竞争：谁春风得意？谁"蚌埠住了"？》',
};

/** The source text for a `;`-separated list of source IDs, each cited with its SOURCES.md ID. */
export function sourceText(ids: string): string {
  const list = ids.split(';').map((s) => s.trim().replace(/\(.*\)$/, '')).filter(Boolean);
  if (!list.length) throw new Error('a figure without a source');
  return list
    .map((id) => {
      const doc = STAT_SOURCES[id];
      if (!doc) throw new Error(`source ${id} is not in the source table`);
      return `${doc} (SOURCES.md ${id})`;
    })
    .join('; ');
}

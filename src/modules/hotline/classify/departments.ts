/**
 * The departments that answer for each level-1 category (一级分类) of the 12345 message board,
 * as they are named in replies (答复意见): a reply that names only one category's departments
 * is a weak label for its message.
 */
export const departmentsByCategory: Record<string, RegExp> = {
  // Buses, the metro, water, gas and power are 城市建设和市政管理 in the taxonomy, whoever answers.
  城乡建设: /住建|住房和城乡建设|住房保障|房产|房屋|规划|城管|城市管理|市政|物业|拆迁|征收|棚改|不动产|公交|地铁|供水|自来水|燃气|供电|路灯/g,
  环境保护: /环保|环境保护|生态环境|环境监测|污染|排污/g,
  交通运输: /出租车|网约车|客运|运管|道路运输|公路|邮政|快递|物流|货运/g,
  教育文体: /教育|学校|学生|教师|招生|体育|文化馆|图书馆|文物/g,
  劳动和社会保障: /人社|人力资源和社会保障|社保|社会保险|医保|医疗保障|劳动监察|劳动保障|劳动仲裁|就业|养老保险|工资/g,
  卫生计生: /卫健|卫生健康|卫计|卫生和计划生育|卫生局|疾控|医院|计生|计划生育|食品药品|食药监/g,
  商贸旅游: /商务局|市场监督管理|市场监管|工商|质监|质量技术监督|物价|价格|旅游|文旅|消费者/g,
};

/**
 * The category whose departments a reply names clearly most often (at least twice as often as
 * any other), or null; only categories among `labels` count.
 */
export function categoryOfReply(reply: string, labels: string[]): string | null {
  let best: string | null = null;
  let bestCount = 0;
  let second = 0;
  for (const label of labels) {
    const pattern = departmentsByCategory[label];
    if (!pattern) continue;
    const n = reply.match(pattern)?.length ?? 0;
    if (n > bestCount) {
      second = bestCount;
      bestCount = n;
      best = label;
    } else if (n > second) second = n;
  }
  return bestCount > 0 && bestCount >= 2 * second ? best : null;
}

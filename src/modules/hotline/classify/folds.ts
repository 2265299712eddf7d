import { mulberry32 } from '../../../core/geo/seeded-random.js';

/**
 * Stratified fold numbers, seeded: per label the items are shuffled and dealt round the folds
 * in turn, so every fold has its share of every label.
 */
export function assignFolds(labels: string[], folds: number, seed: number): number[] {
  const random = mulberry32(seed);
  const byLabel = new Map<string, number[]>();
  labels.forEach((l, i) => byLabel.set(l, [...(byLabel.get(l) ?? []), i]));
  const fold = new Array<number>(labels.length).fill(0);
  let next = 0;
  for (const label of [...byLabel.keys()].sort()) {
    const ids = byLabel.get(label)!;
    for (let i = ids.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    }
    for (const i of ids) fold[i] = next++ % folds;
  }
  return fold;
}

// A report's 一级指标 totals: the sums the charts draw, from the scorer's own item scores (never recomputed).
import { roundTo } from '../core/scoring/round.js';
import type { ScoreReport } from '../core/types.js';

export interface Level1Score {
  name: string;
  /** Sum of the scored items' printed scores. */
  score: number;
  max: number;
  /** Some item of the group still needs a person's score or an answer. */
  pending: boolean;
}

/** In form order; the scores add up to report.total because the total is the sum of printed item scores. */
export function level1Scores(report: Pick<ScoreReport, 'items'>): Level1Score[] {
  const groups = new Map<string, Level1Score>();
  for (const item of report.items) {
    const name = item.level1 || '其他';
    const g = groups.get(name) ?? { name, score: 0, max: 0, pending: false };
    g.max = roundTo(g.max + item.max, 6);
    if (item.status === 'scored' && item.score !== null) g.score = roundTo(g.score + item.score, 6);
    else g.pending = true;
    groups.set(name, g);
  }
  return [...groups.values()];
}

import type { SourceRow } from './rows.js';

/**
 * The usual shares when a table states no 分值: the 项目支出绩效自评 split (预算执行率10、产出50、
 * 效益30、满意度10), or, for tables with 决策/过程 指标, the common project-evaluation weights
 * (决策10、过程20、产出40、效益20、满意度10 — 满意度 keeps its usual 10 out of 效益's 30).
 */
export type Group = 'budget' | 'decision' | 'process' | 'output' | 'effect' | 'satisfaction' | 'other';

const SELF_EVAL: Partial<Record<Group, number>> = { budget: 10, output: 50, effect: 30, satisfaction: 10 };
const PROJECT_EVAL: Partial<Record<Group, number>> = {
  decision: 10,
  process: 20,
  output: 40,
  effect: 20,
  satisfaction: 10,
};

/** The framework share a row belongs to; 满意度 may be a 二级指标 under 效益指标 (湖南's template). */
export function groupOf(level1: string, level2 = ''): Group {
  if (/满意/.test(level2)) return 'satisfaction';
  if (/预算执行/.test(level1)) return 'budget';
  if (/决策/.test(level1)) return 'decision';
  if (/过程/.test(level1)) return 'process';
  if (/产出/.test(level1)) return 'output';
  if (/满意/.test(level1)) return 'satisfaction';
  if (/效益|效果|影响/.test(level1)) return 'effect';
  return 'other';
}

export interface Framework {
  name: string;
  shares: Partial<Record<Group, number>>;
  /** Whether the 预算执行率 share is an item of its own (the self-evaluation split). */
  budgetItem: boolean;
}

export function frameworkFor(rows: SourceRow[]): Framework {
  const groups = new Set(rows.map((r) => groupOf(r.level1, r.level2)));
  if (groups.has('decision') || groups.has('process'))
    return {
      name: '项目评价共性指标常用权重：决策10、过程20、产出40、效益20、满意度10',
      shares: PROJECT_EVAL,
      budgetItem: false,
    };
  return { name: '常用自评分配：预算执行率10、产出50、效益30、满意度10', shares: SELF_EVAL, budgetItem: true };
}

/** `total` shared by `n` items in hundredths; the first item takes the remainder (10/6 → 1.70, 1.66 × 5). */
export function spread(total: number, n: number): number[] {
  if (n <= 0) return [];
  const each = Math.floor((total / n) * 100 + 1e-9) / 100;
  const first = Math.round((total - each * (n - 1)) * 100) / 100;
  return [first, ...Array.from({ length: n - 1 }, () => each)];
}

export const round2 = (n: number) => Math.round(n * 100) / 100;

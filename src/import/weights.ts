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

export function frameworkFor(rows: { level1: string; level2: string }[]): Framework {
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

/** What the planner needs of one row: where it sits, and the 分值 the form states for it, if any. */
export interface WeightRow {
  level1: string;
  level2: string;
  name: string;
  /** 分值 column or "（N分）" in the 三级 cell. */
  weight?: number;
  /** Full marks its own 评分标准 states ("达95%得3分"). */
  ruleFull?: number;
  /** The 预算执行率 row: scored from the budget figures. */
  budget: boolean;
}

export interface StatedTotals {
  /** "产出指标（50分）". */
  level1: Record<string, number>;
  /** "产出指标／数量指标" → 20 for "数量指标（20分）". */
  level2: Record<string, number>;
  /** 分值 of the budget (年度资金总额 row, "预算执行情况（10分）"). */
  budget?: number;
  /** The form's 总分. */
  total: number;
}

export interface WeightPlan {
  weights: number[];
  /** The row's 分值 is not written in the form (spread from a stated total, or the usual shares). */
  assumed: boolean[];
  /** Per row: where its 分值 came from, when not its own column. */
  notes: string[][];
  /** Points of a 预算执行率 item the flow adds; undefined when none is added (a row of the table is it). */
  budgetItem?: number;
  level1Weights?: Record<string, number>;
  assumptions: string[];
}

/**
 * Every row's 分值, from what the form states wherever it states it — the 分值 column, "（N分）" in a
 * 三级 cell, a rule's own full marks, a stated 二级 or 一级 total (spread over the rows it heads that
 * state none) — and only where the form states nothing at all the usual shares, each assumption said.
 *
 * @example
 * planWeights([{level1: '产出指标', level2: '数量指标', name: 'a', budget: false}, …], {level1: {产出指标: 50}, level2: {}, total: 100})
 * // the 产出 rows share its 50, marked assumed: "按一级指标“产出指标”所写的 50 分平均分配"
 */
export function planWeights(rows: WeightRow[], stated: StatedTotals): WeightPlan {
  const anyRow = rows.some((r) => r.weight !== undefined);
  const anyTotal = Object.keys(stated.level1).length > 0 || Object.keys(stated.level2).length > 0;
  if (!anyRow && !anyTotal) return frameworkPlan(rows, stated);
  const n = rows.length;
  const weights: (number | undefined)[] = rows.map((r) => r.weight);
  const assumed = rows.map(() => false);
  const notes: string[][] = rows.map(() => []);
  const assumptions: string[] = [];
  rows.forEach((r, i) => {
    if (weights[i] === undefined && r.ruleFull !== undefined && r.ruleFull > 0) {
      weights[i] = r.ruleFull;
      notes[i]?.push('分值取自评分标准所写的满分');
    }
  });
  const open = (i: number) => weights[i] === undefined;
  const share = (idx: number[], total: number, why: string) => {
    const lacking = idx.filter(open);
    if (!lacking.length) return;
    const known = idx.filter((i) => !open(i)).reduce((s, i) => s + (weights[i] ?? 0), 0);
    const pool = round2(total - known);
    const parts = pool > 0 ? spread(pool, lacking.length) : lacking.map(() => 0);
    lacking.forEach((i, k) => {
      weights[i] = parts[k] ?? 0;
      assumed[i] = true;
      notes[i]?.push(why);
    });
  };
  const spreadNotes: string[] = [];
  for (const [key, total] of Object.entries(stated.level2)) {
    const idx = rows.map((r, i) => (`${r.level1}／${r.level2}` === key ? i : -1)).filter((i) => i >= 0);
    const before = idx.filter(open).length;
    share(idx, total, `按二级指标“${key.split('／')[1]}”所写的 ${total} 分平均分配`);
    if (before) spreadNotes.push(`${key.split('／')[1]}（${total}分）`);
  }
  for (const [l1, total] of Object.entries(stated.level1)) {
    const idx = rows.map((r, i) => (r.level1 === l1 ? i : -1)).filter((i) => i >= 0);
    const before = idx.filter(open).length;
    share(idx, total, `按一级指标“${l1}”所写的 ${total} 分平均分配`);
    if (before) spreadNotes.push(`${l1}（${total}分）`);
  }
  if (spreadNotes.length)
    assumptions.push(`原表只写了${spreadNotes.join('、')}的总分值，其下各项没有分值的按所写总分平均分配，请核对`);
  const hasBudgetRow = rows.some((r) => r.budget);
  const budgetItem = !hasBudgetRow && stated.budget !== undefined ? stated.budget : undefined;
  const rest = rows.map((_, i) => i).filter(open);
  if (rest.length) {
    const known = weights.reduce<number>((s, w) => s + (w ?? 0), 0) + (budgetItem ?? 0);
    const pool = round2(stated.total - known);
    const avg = round2(known / Math.max(1, n - rest.length));
    const parts = pool > 0 ? spread(pool, rest.length) : rest.map(() => avg || 1);
    rest.forEach((i, k) => {
      weights[i] = parts[k] ?? 1;
      assumed[i] = true;
    });
    assumptions.push(
      `${rest.length} 项原表没有分值（${rest
        .map((i) => rows[i]?.name)
        .slice(0, 3)
        .join(
          '、',
        )}${rest.length > 3 ? '等' : ''}），${pool > 0 ? '按剩余分值平均分配' : '剩余分值不足，暂按其他各项的平均分值计'}，请核对`,
    );
  }
  // A stated 0 is no weight: the loader refuses it, so such a row is given the least a row can have.
  const final = weights.map((w) => (w && w > 0 ? w : 0.01));
  let level1Weights: Record<string, number> | undefined = Object.keys(stated.level1).length
    ? { ...stated.level1 }
    : undefined;
  if (level1Weights && budgetItem !== undefined && !('预算执行' in level1Weights))
    level1Weights = { 预算执行: budgetItem, ...level1Weights };
  return { weights: final, assumed, notes, budgetItem, level1Weights, assumptions };
}

/** Nothing stated anywhere: the usual shares of the framework the table follows, spread inside each group. */
function frameworkPlan(rows: WeightRow[], stated: StatedTotals): WeightPlan {
  const fw = frameworkFor(rows);
  const shares = { ...fw.shares };
  const byGroup = new Map<Group, number[]>();
  rows.forEach((r, i) => {
    let g = groupOf(r.level1, r.level2);
    // Groups the framework has no share for (成本指标 as 一级 …) count with 产出.
    if (shares[g] === undefined || g === 'budget') g = 'output';
    byGroup.set(g, [...(byGroup.get(g) ?? []), i]);
  });
  const missing = (Object.keys(shares) as Group[]).filter((g) => g !== 'budget' && !byGroup.has(g));
  for (const g of missing) {
    // A share with no rows goes to 产出 so the form still totals 100.
    shares.output = (shares.output ?? 0) + (shares[g] ?? 0);
    delete shares[g];
  }
  const weights = rows.map(() => 0);
  const assumed = rows.map(() => false);
  const notes: string[][] = rows.map(() => []);
  // A 预算执行率 row in the table is the budget item itself: scored once, from the budget figures —
  // also where the framework has no budget share (如皋 整体: a 过程指标 row keeps its share of 过程).
  const budgetRow = rows.findIndex((r) => r.budget);
  const level1Weights: Record<string, number> = {};
  let fromRules = 0;
  for (const [g, list] of byGroup) {
    // Full marks a rule states ("达95%得3分") are the document's own 分值: used as written, and the
    // rest of the group's share is spread over the other rows — when that leaves them something.
    const ruled = list.filter((i) => rows[i]?.ruleFull !== undefined && i !== budgetRow);
    const ruledSum = ruled.reduce((sum, i) => sum + (rows[i]?.ruleFull ?? 0), 0);
    const others = list.filter((i) => !ruled.includes(i));
    const useRules = ruled.length > 0 && others.length > 0 && ruledSum < (shares[g] ?? 0) - 0.01 * others.length;
    const spreadOver = useRules ? others : list;
    const parts = spread(round2((shares[g] ?? 0) - (useRules ? ruledSum : 0)), spreadOver.length);
    spreadOver.forEach((i, k) => {
      weights[i] = parts[k] ?? 0;
      assumed[i] = true;
    });
    if (useRules)
      for (const i of ruled) {
        weights[i] = rows[i]?.ruleFull ?? 0;
        notes[i]?.push('分值取自评分标准所写的满分');
        fromRules++;
      }
    for (const i of list) {
      const l1 = rows[i]?.level1 ?? '';
      level1Weights[l1] = round2((level1Weights[l1] ?? 0) + (weights[i] ?? 0));
    }
  }
  let budgetItem: number | undefined;
  let outWeights: Record<string, number> = level1Weights;
  if (fw.budgetItem) {
    const share = stated.budget ?? shares.budget ?? 10;
    if (budgetRow >= 0) {
      weights[budgetRow] = round2((weights[budgetRow] ?? 0) + share);
      const l1 = rows[budgetRow]?.level1 ?? '';
      level1Weights[l1] = round2((level1Weights[l1] ?? 0) + share);
    } else {
      budgetItem = share;
      outWeights = { 预算执行: share, ...level1Weights };
    }
  }
  const assumptions = [
    `原表没有分值，按${fw.name}，一级指标内平均分配${missing.length ? `（原表没有${missing.map(groupName).join('、')}，其分值并入产出指标）` : ''}，请核对`,
  ];
  if (budgetRow >= 0)
    assumptions.push(
      fw.budgetItem
        ? '原表的预算执行率一项按预算数自动计算，分值含预算执行率的10分，不再另设一项'
        : '原表的预算执行率一项按预算数自动计算',
    );
  if (fromRules)
    assumptions.push(
      `${fromRules} 项的评分标准写明了满分（如“得3分”），按所写分值计，同一级指标的其余各项分配剩下的分值`,
    );
  return { weights, assumed, notes, budgetItem, level1Weights: outWeights, assumptions };
}

export function groupName(g: Group): string {
  return {
    budget: '预算执行',
    decision: '决策指标',
    process: '过程指标',
    output: '产出指标',
    effect: '效益指标',
    satisfaction: '满意度指标',
    other: '其他',
  }[g];
}

import type { Flow } from '../core/flow/model.js';
import { itemNumbers } from '../core/flow/numbering.js';
import type { FieldResult, ItemScore, ScoreReport } from '../core/types.js';
import { dateParts, fieldNumber, printScore } from './format.js';
import { type ColumnKey, fill, type ReportTemplate } from './template.js';

/**
 * Everything the document prints, as strings, before any docx object exists: the layout code only places
 * these, and the arithmetic the finance bureau checks (total = sum of printed scores) is settled here.
 */
export interface ReportView {
  title: string;
  subtitle: string;
  revision?: string;
  fields: { label: string; value: string }[];
  budget?: { initial: string; total: string; spent: string; max: string; rate: string; score: string };
  goals?: { expected: string; actual: string };
  table: Level1Group[];
  total: { max: string; text: string };
  /** Where the form's own stated 分值 differ from its items (一级指标, 总分): said under the table, never hidden. */
  notes: string[];
  sign: { filler: string; phone: string; date: string };
  deductions: Deduction[];
  pending: string[];
  /** Every item score as printed (the 预算执行 block's included), for the sum check. */
  printedScores: string[];
  printedTotal: string;
}

export interface Level1Group {
  /** The 一级指标 as named in the form; `label` is the cell text with its 分值. */
  name: string;
  label: string;
  groups: { label: string; rows: ItemRow[] }[];
}

export interface ItemRow {
  id: string;
  cells: Record<ColumnKey, string>;
}

export interface Deduction {
  no: string;
  name: string;
  max: string;
  score: string;
  lost: string;
  explanation: string;
  reason: string;
}

export interface ViewInput {
  flow: Flow;
  report: ScoreReport;
  revision?: number;
  filledAt: Date;
  filler?: { name?: string; phone?: string };
}

/** Weights print with up to 4 decimals (12.5, 33.3333) — they are given, not computed. */
const printWeight = (x: number) => printScore(x, 4);

export function buildView(input: ViewInput, t: ReportTemplate): ReportView {
  const { flow, report } = input;
  const dec = flow.rounding.decimals;
  const tt = t.text;
  const fieldsById = new Map(report.fields.map((f) => [f.id, f]));
  const date = fill(tt.date, dateParts(input.filledAt, t.time_zone));

  const scoreCell = (it: ItemScore): string => {
    if (it.score !== null && it.status === 'scored') return printScore(it.score, dec);
    if (it.status === 'manual') return tt.table.cell_manual;
    if (it.status === 'invalid') return tt.table.cell_invalid;
    return tt.table.cell_unanswered;
  };

  const title =
    flow.year && !flow.title.includes(`${flow.year}年`)
      ? fill(tt.title, { year: flow.year, title: flow.title })
      : fill(tt.title_without_year, { title: flow.title });
  const org = orgName(report.fields) ?? flow.org ?? tt.org_blank;

  // Fields that have their own place in the form are not repeated in the 单位信息 rows.
  const placed = new Set<string>();
  let budget: ReportView['budget'];
  const budgetItemId = flow.budget?.indicator;
  if (flow.budget) {
    const b = flow.budget;
    for (const id of [b.initial, b.total, b.spent]) if (id) placed.add(id);
    const item = report.items.find((i) => i.id === budgetItemId);
    const totalF = fieldsById.get(b.total);
    const spentF = fieldsById.get(b.spent);
    budget = {
      initial: b.initial ? (fieldsById.get(b.initial)?.display ?? '') : '',
      total: totalF?.display ?? '',
      spent: spentF?.display ?? '',
      max: item ? printWeight(item.max) : '',
      rate: item?.display || executionRate(fieldNumber(spentF), fieldNumber(totalF)),
      score: item ? scoreCell(item) : '',
    };
  }
  let goals: ReportView['goals'];
  if (flow.goals) {
    const actualId = flow.goals.actual_field;
    if (actualId) placed.add(actualId);
    // A field whose default is the expected goal lets the user restate it; what they answered is the goal printed.
    const expectedField = flow.fields.find(
      (f) => f.default !== undefined && f.default.trim() === flow.goals!.expected.trim(),
    );
    if (expectedField) placed.add(expectedField.id);
    const expected = (expectedField && fieldsById.get(expectedField.id)?.display) || flow.goals.expected;
    goals = { expected, actual: actualId ? (fieldsById.get(actualId)?.display ?? '') : '' };
  }
  const fields = report.fields.filter((f) => !placed.has(f.id)).map((f) => ({ label: f.label, value: f.display }));

  const tableItems = report.items.filter((i) => i.id !== budgetItemId);
  // A 一级指标's 分值 counts all its items, the one printed in the 预算执行 block included; when the form prints its
  // own figure (渌口: 产出指标（50分） over items worth 45) that figure is shown, and the difference noted below.
  const itemsWeight = (label: string) => report.items.filter((i) => i.level1 === label).reduce((s, i) => s + i.max, 0);
  const stated = flow.level1_weights ?? {};
  const level1Weight = (label: string) => printWeight(stated[label] ?? itemsWeight(label));
  const notes: string[] = [];
  for (const label of [...new Set(report.items.map((i) => i.level1))]) {
    const s = stated[label];
    if (s !== undefined && printWeight(s) !== printWeight(itemsWeight(label)))
      notes.push(
        fill(tt.table.level1_weight_note, {
          name: label,
          stated: printWeight(s),
          sum: printWeight(itemsWeight(label)),
        }),
      );
  }
  if (printWeight(flow.total) !== printWeight(report.max))
    notes.push(fill(tt.table.total_weight_note, { stated: printWeight(flow.total), sum: printWeight(report.max) }));
  const table = groupItems(tableItems).map((g1) => ({
    name: g1.label,
    label: fill(tt.table.level1, { name: g1.label, weight: level1Weight(g1.label) }),
    groups: g1.groups.map((g2) => ({
      label: g2.label,
      rows: g2.items.map((it) => ({
        id: it.id,
        cells: {
          level1: g1.label,
          level2: g2.label,
          name: it.name,
          target: it.target,
          actual: it.display ?? '',
          max: printWeight(it.max),
          score: scoreCell(it),
          reason: it.reason ?? '',
        },
      })),
    })),
  }));

  // The 预算执行 item prints in its block, the rest in the table; both count in the total.
  const printedItems = [
    ...report.items.filter((i) => i.id === budgetItemId),
    ...table.flatMap((g1) => g1.groups.flatMap((g2) => g2.rows.map((r) => report.items.find((i) => i.id === r.id)!))),
  ];
  const printedScores = printedItems
    .filter((i) => i.status === 'scored' && i.score !== null)
    .map((i) => printScore(i.score!, dec));
  const printedTotal = printScore(report.total, dec);
  const sum = printScore(
    printedScores.reduce((s, x) => s + Number(x), 0),
    dec,
  );
  if (sum !== printedTotal)
    // The scorer guarantees this; a form whose column does not add up must never reach the finance bureau.
    throw new Error(`总分 ${printedTotal} 与各项得分之和 ${sum} 不符，未生成自评表`);

  const pendingItems = printedItems.filter((i) => i.status !== 'scored' || i.score === null);
  const pendingParts = (['manual', 'unanswered', 'invalid'] as const)
    .map((s) => [s, pendingItems.filter((i) => i.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => fill(tt.table[`pending_${s}`], { n }));
  const provisional = report.provisional || pendingItems.length > 0;
  const totalText =
    provisional && pendingParts.length
      ? fill(tt.table.provisional, { total: printedTotal, pending: pendingParts.join('，') })
      : fill(tt.table.total, { total: printedTotal, grade: report.grade });

  // 第N项 as in the chat: every indicator of the form in its order, the derived 预算执行率 included.
  const numberOf = itemNumbers(flow);
  const inFormOrder = (a: ItemScore, b: ItemScore) => (numberOf.get(a.id) ?? 0) - (numberOf.get(b.id) ?? 0);
  const itemNo = (i: ItemScore) => fill(tt.appendix.item_no, { n: numberOf.get(i.id) ?? '' });
  const deductions = printedItems
    .filter((i) => i.status === 'scored' && i.score !== null && i.score < i.max - 1e-9)
    .sort(inFormOrder)
    .map((i) => ({
      no: itemNo(i),
      name: i.name,
      max: printWeight(i.max),
      score: printScore(i.score!, dec),
      lost: printScore(i.max - i.score!, dec),
      explanation: deductionText(i, dec, t),
      // A reason is asked only of an item that fell short; elsewhere an empty cell, not a missing answer.
      reason: i.reason?.trim() ? i.reason : i.short ? tt.appendix.no_reason : '',
    }));
  // The list is already headed as not scored; the scorer's own "待人工评分：" prefix would only repeat it.
  const manualPrefix = new RegExp(`^${escapeRegExp(tt.table.cell_manual)}[：:]\\s*`);
  const pending = [...pendingItems].sort(inFormOrder).map((i) =>
    fill(tt.appendix.pending_item, {
      no: itemNo(i),
      name: i.name,
      max: printWeight(i.max),
      why:
        i.status === 'unanswered' ? tt.appendix.pending_unanswered : plainText(i.explanation.replace(manualPrefix, '')),
    }),
  );

  return {
    title,
    subtitle: fill(tt.subtitle, { org, date }),
    revision: input.revision !== undefined ? fill(tt.revision, { revision: input.revision }) : undefined,
    fields,
    budget,
    goals,
    table,
    total: { max: printWeight(report.max), text: totalText },
    notes,
    sign: { filler: input.filler?.name?.trim() ?? '', phone: input.filler?.phone?.trim() ?? '', date },
    deductions,
    pending,
    printedScores,
    printedTotal,
  };
}

/**
 * Why an item lost points, in words a reader at the finance bureau follows: what was achieved against the
 * target, how the form scores it, and the result. Built from the scorer's own fields (answer, target, rule,
 * score), never from its calculation trace, which holds arithmetic and formula names.
 */
function deductionText(i: ItemScore, dec: number, t: ReportTemplate): string {
  const a = t.text.appendix;
  const parts: string[] = [];
  if (i.display?.trim())
    parts.push(fill(i.short ? a.actual_short : a.actual, { actual: i.display.trim(), target: i.target.trim() }));
  if (i.scoredBy === 'person') parts.push(a.by_person);
  else if (i.rule?.trim()) parts.push(fill(a.by_rule, { rule: plainText(i.rule.trim()) }));
  else parts.push(a.by_default);
  parts.push(fill(a.result, { score: printScore(i.score!, dec), lost: printScore(i.max - i.score!, dec) }));
  return `${parts.join('；')}。`;
}

/** ASCII comparison signs written the way the printed forms write them. */
function plainText(s: string): string {
  return s.replace(/>=/g, '≥').replace(/<=/g, '≤').replace(/!=/g, '≠');
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function orgName(fields: FieldResult[]): string | undefined {
  const f = fields.find((x) => /^(org|org_name|unit|dept)$/i.test(x.id) || /(单位|部门)名称/.test(x.label));
  return f?.display || undefined;
}

function executionRate(spent: number | undefined, total: number | undefined): string {
  if (spent === undefined || total === undefined || total <= 0) return '';
  return `${printScore((spent / total) * 100, 2)}%`;
}

interface Group<T> {
  label: string;
  items: T[];
}

/**
 * Items grouped 一级 → 二级 in order of first appearance, so that each group is one block of rows
 * even when a flow lists a 一级指标 in two places.
 */
function groupItems(items: ItemScore[]): { label: string; groups: Group<ItemScore>[] }[] {
  const out: { label: string; groups: Group<ItemScore>[] }[] = [];
  for (const it of items) {
    let g1 = out.find((g) => g.label === it.level1);
    if (!g1) {
      g1 = { label: it.level1, groups: [] };
      out.push(g1);
    }
    let g2 = g1.groups.find((g) => g.label === it.level2);
    if (!g2) {
      g2 = { label: it.level2, items: [] };
      g1.groups.push(g2);
    }
    g2.items.push(it);
  }
  return out;
}

import { createHash } from 'node:crypto';
import { pinyin } from 'pinyin-pro';
import YAML from 'yaml';
import { loadFlowText } from '../core/flow/load.js';
import type { Flow } from '../core/flow/model.js';
import { flowSchema } from '../core/flow/schema.js';
import { parseRule } from '../core/rules/parse-rule.js';
import { parseTarget } from '../core/rules/parse-target.js';
import type { HeaderBlock } from './header-block.js';
import type { IndicatorTable, SourceRow } from './rows.js';
import { planWeights } from './weights.js';
import { workedExample } from './worked-example.js';

/** One row of the import report, as printed to the coordinator. */
export interface ImportedRow {
  level1: string;
  level2: string;
  name: string;
  weight: number;
  weightAssumed: boolean;
  target: string;
  /** How the answer is asked for, inferred from the target (百分比, 数量, 金额, 达成情况 …). */
  answer: string;
  /** How its 评（扣）分标准 was read, in plain Chinese. */
  reading: string;
  manual: boolean;
  /** What was assumed for this row (target trimmed, measure inferred …). */
  notes: string[];
  /** Two answers and their scores by the one scorer ("填 93% → 6.5 分；填 85% → 1.5 分"). */
  example?: string;
}

export interface ImportedFlow {
  id: string;
  yaml: string;
  flow: Flow;
  rows: ImportedRow[];
  assumptions: string[];
  /** Loader warnings (weights not adding up, rules the reader could not use …). */
  warnings: string[];
  /** Some rows need a person (待人工评分, assumed weights, document inconsistencies). */
  attention: boolean;
  source: string;
  /** Column titles the importer could not place: named to the coordinator, never dropped silently. */
  unplaced: string[];
  /** The grids the table was read from: more than one when Word/WPS split it at a page. */
  parts: string[];
}

export interface BuildOptions {
  id?: string;
  /** The source file's name, recorded in the flow's `source`. */
  file?: string;
  version?: number;
}

type Ind = Record<string, unknown> & { level1: string; level2: string; name: string; weight: number; target: string };

/** Turns one indicator table and its header block into a flow, checked by the same loader as flows/. */
export function buildFlow(
  table: IndicatorTable,
  head: HeaderBlock,
  opts: BuildOptions = {},
): { ok: true; value: ImportedFlow } | { ok: false; reason: string } {
  const assumptions: string[] = [];
  const rowNotes = new Map<SourceRow, string[]>();
  const note = (r: SourceRow, s: string) => rowNotes.set(r, [...(rowNotes.get(r) ?? []), s]);
  const rows = table.rows;
  if (!rows.length) return { ok: false, reason: `${table.grid.name}有表头但没有指标行` };

  const isSelfEval = /自评/.test(head.title ?? '');
  const kind: 'project' | 'dept' = head.project ? 'project' : 'dept';
  const title =
    head.title && /自评表/.test(head.title)
      ? cleanTitle(head.title)
      : kind === 'project'
        ? '项目支出绩效自评表'
        : '部门整体支出绩效自评表';

  // --- weights -------------------------------------------------------------------------------
  // A 预算执行率 row is the budget item itself, scored once from the budget figures (never a second one).
  const budgetRow = rows.find((r) => /^(项目)?预算执行率$/.test(r.name));
  const plan = planWeights(
    rows.map((r) => ({
      level1: r.level1,
      level2: r.level2,
      name: r.name,
      weight: r.weight,
      ruleFull: ruleFullMarks(r.rule),
      budget: r === budgetRow,
    })),
    {
      level1: table.level1Weights,
      level2: table.level2Weights,
      budget: head.budgetWeight,
      total: table.total && table.total > 0 ? table.total : 100,
    },
  );
  const weights = new Map<SourceRow, number>(rows.map((r, i) => [r, plan.weights[i] ?? 0]));
  const assumed = new Set<SourceRow>(rows.filter((_, i) => plan.assumed[i]));
  rows.forEach((r, i) => {
    for (const n of plan.notes[i] ?? []) note(r, n);
    if (r.weightFrom === 'name') note(r, '分值取自三级指标名称中的“（N分）”');
  });
  assumptions.push(...plan.assumptions);
  const level1Weights = plan.level1Weights;
  const budgetWeight = plan.budgetItem;

  // --- indicators -----------------------------------------------------------------------------
  const indicators: Ind[] = [];
  const hasBudget = budgetWeight !== undefined || budgetRow !== undefined;
  if (budgetWeight !== undefined && !budgetRow) {
    indicators.push({
      id: 'budget_exec_rate',
      level1: '预算执行',
      level2: '预算执行',
      name: '预算执行率',
      weight: budgetWeight,
      target: '100%',
      measure: 'percent',
      formula: 'budget_spent / budget_total * 100',
      help: '预算执行率=全年执行数/全年预算数×100%，由预算数自动计算',
    });
  }
  rows.forEach((r, i) => {
    const ind: Ind = {
      id: r === budgetRow ? 'budget_exec_rate' : `item${String(i + 1).padStart(2, '0')}`,
      level1: r.level1,
      level2: r.level2,
      name: r.name,
      weight: weights.get(r) ?? 0,
      target: r.target || '-',
    };
    if (!r.target) note(r, '原表没有指标值，按定性指标询问');
    const trimmed = trimTarget(r.target);
    if (trimmed) {
      ind.target = trimmed;
      ind.note = `原表指标值：${r.target}`;
      note(r, `指标值“${r.target}”只保留数值部分“${trimmed}”以便计分`);
    }
    if (r.rule) ind.rule = r.rule;
    const per = perUnitTarget(String(ind.target));
    if (per) {
      // "≤2万元/件": a figure per unit. The question asks for that figure; the target keeps its text when
      // the target reader reads it as a number, else the figure alone with the unit beside it.
      ind.measure = 'number';
      ind.unit = per.unit;
      if (parseTarget(String(ind.target)).kind !== 'number') {
        ind.note = `原表指标值：${r.target}`;
        ind.target = per.figure;
      }
      note(r, `指标值按每${per.unit.split('/')[1]}的数值（${per.unit}）询问`);
      if (/成本/.test(`${r.level1}${r.level2}`) && !/[≥>]|不低于|不少于|以上/.test(r.target)) ind.direction = 'lower';
    }
    // A target of just "是" (如皋: "是否通过…推动积案化解") can only be answered 是 or 否, whatever 计算符号 says.
    if (ind.target === '是') {
      ind.measure = 'bool';
      note(r, '指标值为“是”，按是或否询问');
    }
    if (isCostCeiling(r.level1, r.level2, String(ind.target))) {
      // "120万元" under 成本指标 is a budget ceiling: spending less meets it (渌口: 117.89万元 scored full).
      ind.direction = 'lower';
      note(r, '成本指标的金额按“不超过指标值”计分');
    }
    if (r === budgetRow) {
      ind.measure = 'percent';
      ind.formula = 'budget_spent / budget_total * 100';
      note(r, '由预算数自动计算');
    }
    const help = [
      r.help,
      r.half && r.half !== r.target ? `半年指标值：${r.half}` : '',
      r.mid && r.mid !== r.target ? `中期指标值：${r.mid}` : '',
    ]
      .filter(Boolean)
      .join('；');
    if (help) ind.help = help;
    if (assumed.has(r)) note(r, '分值为假设');
    indicators.push(ind);
  });
  if (rows.some((r) => r.half && r.half !== r.target))
    assumptions.push('原表分半年和全年指标值，按全年指标值计分，半年值写在说明里');
  // The document's own "注：" lines are information, not assumptions: they go to the flow's notes.
  const docNotes = table.notes.map((n) => `原表${n.startsWith('注') ? '' : '注：'}${n}`);

  // --- header fields --------------------------------------------------------------------------
  const fields: Record<string, unknown>[] = [
    { id: 'org_name', label: '单位名称', type: 'text', ...(head.org ? { default: head.org } : {}) },
  ];
  if (head.project) fields.push({ id: 'project_name', label: '项目名称', type: 'text', default: head.project });
  if (head.supervisor) fields.push({ id: 'supervisor', label: '主管部门', type: 'text', default: head.supervisor });
  const initialDefault = !isSelfEval && head.budgetInitial ? { default: head.budgetInitial } : {};
  // Figures the document states are kept as the field's stated value: the chat offers them for confirmation.
  const statedAs = (v: string | undefined) => (v ? { stated: v } : {});
  fields.push(
    {
      id: 'budget_initial',
      label: '年初预算数',
      type: 'money',
      unit: '万元',
      ...initialDefault,
      ...statedAs(head.budgetInitial),
    },
    {
      id: 'budget_total',
      label: '全年预算数',
      type: 'money',
      unit: '万元',
      question: '全年预算数是多少万元？',
      ...(head.budgetHalf ? { help: `原表半年计划执行数 ${head.budgetHalf} 万元` } : {}),
      ...statedAs(head.budgetTotal),
    },
    {
      id: 'budget_spent',
      label: '全年执行数',
      type: 'money',
      unit: '万元',
      question: '全年实际执行（支出）了多少万元？',
      ...statedAs(head.budgetSpent),
    },
  );
  if (head.goal)
    fields.push({
      id: 'goal_actual',
      label: '年度总体目标实际完成情况',
      type: 'text',
      required: false,
      question: '年度总体目标完成得怎么样？简单说说。',
    });

  const year = head.year;
  const data: Record<string, unknown> = {
    id: opts.id ?? makeId(head, title),
    version: opts.version ?? 1,
    title,
    ...(head.project ? { project: head.project } : {}),
    ...(year ? { year } : {}),
    kind,
    ...(head.org ? { org: head.org } : {}),
    source: `导入：${opts.file ? `${opts.file} ` : ''}${table.grid.name}`,
    notes: docNotes,
    total: table.total && table.total > 0 ? table.total : 100,
    ...(level1Weights ? { level1_weights: level1Weights } : {}),
    fields,
    ...(head.goal ? { goals: { expected: head.goal, actual_field: 'goal_actual' } } : {}),
    budget: {
      initial: 'budget_initial',
      total: 'budget_total',
      spent: 'budget_spent',
      ...(hasBudget ? { indicator: 'budget_exec_rate' } : {}),
    },
    indicators,
  };
  // The scoring branch adds `assumptions` to the schema; until then they go into `notes`.
  if ('assumptions' in flowSchema.shape) data.assumptions = assumptions;
  else data.notes = [...docNotes, ...assumptions.map((a) => `假设：${a}`)];

  const yaml = `# 由 tianbao import 从原表生成（${opts.file ? `${opts.file} ` : ''}${table.grid.name}）；假设见 ${'assumptions' in flowSchema.shape ? 'assumptions' : 'notes'}\n${YAML.stringify(data, { lineWidth: 0 })}`;
  const loaded = loadFlowText(yaml, `${String(data.id)}.yaml`);
  if (!loaded.ok) return { ok: false, reason: `生成的表单未通过检查：${loaded.errors.slice(0, 3).join('；')}` };
  const flow = loaded.flow;
  const out: ImportedRow[] = flow.indicators.map((ind, i) => {
    const src = budgetWeight !== undefined && !budgetRow ? rows[i - 1] : rows[i];
    const manual = ind.ruleParsed.kind === 'manual';
    return {
      level1: ind.level1,
      level2: ind.level2,
      name: ind.name,
      weight: ind.weight,
      weightAssumed: src ? assumed.has(src) : head.budgetWeight === undefined,
      target: String(ind.target),
      answer: ANSWER_TEXT[ind.measure] ?? ind.measure,
      reading: readingOf(ind),
      manual,
      ...(() => {
        const example = workedExample(flow, ind);
        return example ? { example } : {};
      })(),
      notes: src
        ? (rowNotes.get(src) ?? [])
        : [
            head.budgetWeight !== undefined
              ? '原表“年度资金总额”一行的分值，执行率由预算数自动计算'
              : '原表没有预算执行率，按常用分配另设一项，由预算数自动计算',
          ],
    };
  });
  // Items the rules send to a person are shown on their own row; the rest are the document's inconsistencies.
  const warnings = flow.warnings.filter((w) => !/评分标准无法自动计分，需人工评分/.test(w));
  const unplaced = table.columns.unplaced ?? [];
  const attention =
    assumptions.length > 0 ||
    warnings.length > 0 ||
    unplaced.length > 0 ||
    out.some((r) => r.manual || r.weightAssumed);
  return {
    ok: true,
    value: {
      id: flow.id,
      yaml,
      flow,
      rows: out,
      assumptions,
      warnings,
      attention,
      source: table.grid.name,
      unplaced,
      parts: [...table.parts],
    },
  };
}

/**
 * The full marks a rule text states: what the rule reader calls its full marks ("满分5分", "计5分"), else
 * the highest "得N分" in it ("达95%得3分，每减少5%扣0.5分" → 3).
 */
function ruleFullMarks(rule: string | undefined): number | undefined {
  if (!rule) return undefined;
  const parsed = parseRule(rule).rule;
  if ('full' in parsed && parsed.full !== undefined && parsed.full > 0) return parsed.full;
  const all = [...rule.matchAll(/得\s*(\d+(?:\.\d+)?)\s*分/g)].map((m) => Number(m[1]));
  return all.length ? Math.max(...all) : undefined;
}

function isCostCeiling(level1: string, level2: string, target: string): boolean {
  if (!/成本/.test(`${level1}${level2}`)) return false;
  const t = parseTarget(target);
  return t.kind === 'number' && t.implicitOp === true && /元$/.test(t.unit ?? '');
}

/** "群众满意率达 95%以上" is text to the target reader; "达 95%以上" is a number it can score. */
function trimTarget(t: string): string | undefined {
  if (!t || parseTarget(t).kind !== 'text') return undefined;
  // "化解率超过 60%", "群众满意度达到95%以上", or a rate's name right before its number ("群众满意率95%以上").
  const m = /((达到|达|超过|不低于|不少于|≥|≤|不高于|不超过)\s*|(?<=[率度]))\d.*$/.exec(t);
  if (!m || m.index === 0) return undefined;
  const tail = m[0];
  return parseTarget(tail).kind === 'number' ? tail : undefined;
}

const ANSWER_TEXT: Record<string, string> = {
  percent: '百分比',
  count: '数量',
  money: '金额',
  number: '数值',
  bool: '是或否',
  qualitative: '达成情况',
  checklist: '评价要点',
  text: '文字',
};

const KIND_TEXT: Record<string, string> = {
  step: '按评分标准逐级扣分',
  count: '按发生次数扣分',
  tiers: '按评分标准分档计分',
  proportional: '按完成比例计分',
  all_or_nothing: '达到指标值得满分，否则不得分',
  checklist: '按评价要点计分',
  default: '无评分标准，按财政部默认办法计分',
};

export function readingOf(ind: Flow['indicators'][number]): string {
  if (ind.derived) return '由预算数自动计算';
  const r = ind.ruleParsed;
  if (r.kind === 'manual') return `待人工评分：${r.reason}`;
  return KIND_TEXT[r.kind] ?? r.kind;
}

/**
 * "zdxxfj-2022-xfzxywf-5c1e": initials of 单位 and 项目 (or title), the year, and a short hash of the
 * three, so two projects with the same initials never share an id, and importing the same form again
 * gives the same id (its next version).
 */
export function makeId(head: Pick<HeaderBlock, 'org' | 'project' | 'year'>, title: string): string {
  const initials = (s: string) =>
    pinyin(s, { pattern: 'first', toneType: 'none', separator: '', nonZh: 'consecutive' })
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')
      .slice(0, 12);
  const what = head.project ?? title;
  const hash = createHash('sha1')
    .update(`${head.org ?? ''}|${what}|${head.year ?? ''}`)
    .digest('hex')
    .slice(0, 4);
  const parts = [head.org ? initials(head.org) : '', head.year ? String(head.year) : '', initials(what), hash].filter(
    Boolean,
  );
  const id = parts.join('-');
  return /^[a-z]/.test(id) ? id : `f-${id}`;
}

/** "2024年度项目支出绩效自评表（2024年度）" → "项目支出绩效自评表": the year is the flow's `year`, said once. */
export function cleanTitle(t: string): string {
  return t
    .replace(/[(（].*?[)）]/g, '')
    .replace(/^附件[\d-]*[:：]?\s*/, '')
    .replace(/^\d+[.、．]\s*/, '')
    .replace(/20\d\d\s*年度?/g, '')
    .replace(/\s+/g, '')
    .trim();
}

const PER_UNIT =
  /^(≥|≤|>|<|大于等于|小于等于|不低于|不高于|不超过|不多于|不少于|低于|高于|少于|达到|达)?\s*(\d+(?:\.\d+)?)\s*((?:万元|千元|元|天|工作日|日|小时|分钟|个月|月|人次|件|次|人|户|个|项|份|吨|公斤|千克|平方米|公里)\s*\/\s*[\u4e00-\u9fa5·]{1,4})\s*(以内|以下|以上|及以下|及以上)?$/;

/** "≤2万元/件", "500元/人次以内", "3天/件": a figure per unit, with that unit ("万元/件"). */
export function perUnitTarget(t: string): { figure: string; unit: string } | undefined {
  const m = PER_UNIT.exec(t.replace(/\s+/g, '').replace(/／/g, '/'));
  if (!m?.[2] || !m[3]) return undefined;
  const op = m[1] ?? '';
  const tail = m[4] ?? '';
  const sign =
    /^(≤|<|小于等于|不高于|不超过|不多于|低于|少于)$/.test(op) || /以内|以下/.test(tail)
      ? op === '<' || op === '低于' || op === '少于'
        ? '<'
        : '≤'
      : op || /以上/.test(tail)
        ? op === '>' || op === '高于'
          ? '>'
          : '≥'
        : '';
  return { figure: `${sign}${m[2]}`, unit: m[3].replace(/\s/g, '') };
}

import { z } from 'zod';

// Zod messages are Chinese because a flow author reads them; see flow/load.ts for how they are printed.
// The path (indicators[3].weight) is printed before the message, so messages do not repeat the key.
/** No form gives more points than this; 1e308 would print 总分 Infinity. */
export const MAX_POINTS = 1000;
/** Targets, thresholds and steps (件, 万元, %) stay far below this; past it a double loses digits. */
export const MAX_QUANTITY = 1e12;

// String() for numbers: JSON would print Infinity (.inf in YAML) as null.
const says = (i: { input?: unknown }) =>
  `实际为 ${typeof i.input === 'number' ? String(i.input) : JSON.stringify(i.input)}`;

/** A positive amount of points (分值, 扣分, 满分). */
const points = () =>
  z
    .number({ error: (i) => `应为正数，${says(i)}` })
    .positive({ error: (i) => `应为正数，${says(i)}` })
    .max(MAX_POINTS, { error: (i) => `应为不超过 ${MAX_POINTS} 的正数，${says(i)}` });

/** A positive step or count (每低于 5 个百分点, 每 2 起). */
const positive = () =>
  z
    .number({ error: (i) => `应为正数，${says(i)}` })
    .positive({ error: (i) => `应为正数，${says(i)}` })
    .max(MAX_QUANTITY, { error: (i) => `数值过大，${says(i)}` });

/** A threshold in the indicator's own unit. */
const quantity = () =>
  z
    .number({ error: (i) => `应为数字，${says(i)}` })
    .min(-MAX_QUANTITY, { error: (i) => `数值过小，${says(i)}` })
    .max(MAX_QUANTITY, { error: (i) => `数值过大，${says(i)}` });

/** Points that may be 0 (a tier's score, a grade's lower bound). */
const score = () =>
  z
    .number({ error: (i) => `应为 0 到 ${MAX_POINTS} 之间的数，${says(i)}` })
    .min(0, { error: (i) => `应为 0 到 ${MAX_POINTS} 之间的数，${says(i)}` })
    .max(MAX_POINTS, { error: (i) => `应为 0 到 ${MAX_POINTS} 之间的数，${says(i)}` });

const id = z
  .string({ error: 'id 应为字符串' })
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, { error: 'id 只能由字母、数字、下划线和连字符组成，且以字母开头' });

export const measureSchema = z.enum(
  ['percent', 'count', 'money', 'number', 'bool', 'qualitative', 'checklist', 'text'],
  {
    error: (i) =>
      `measure 应为 percent、count、money、number、bool、qualitative、checklist 或 text 之一，实际为 ${JSON.stringify(i.input)}`,
  },
);

const stepRounding = z.enum(['proportional', 'floor', 'ceil'], {
  error: 'step_rounding 应为 proportional、floor 或 ceil',
});

const tier = z.object({
  min: quantity().optional(),
  min_inclusive: z.boolean().optional(),
  max: quantity().optional(),
  max_inclusive: z.boolean().optional(),
  score: score().default(0),
  full_marks: z.boolean().optional(),
});

/** A rule written directly in YAML, for when the 评分标准 text is unreadable or ambiguous. */
export const structuredRuleSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('step'),
    direction: z.enum(['below', 'above', 'both']),
    base: quantity().optional(),
    per: positive(),
    deduct: points(),
    per_unit: z.string().optional(),
    cap: points().optional(),
    full: points().optional(),
    other_side: z.enum(['full', 'uncovered']).optional(),
    rounding: stepRounding.optional(),
  }),
  z.object({
    kind: z.literal('count'),
    per: positive().default(1),
    deduct: points(),
    unit: z.string().optional(),
    cap: points().optional(),
    full: points().optional(),
  }),
  z.object({ kind: z.literal('tiers'), tiers: z.array(tier).min(1), full: points().optional() }),
  z.object({
    kind: z.literal('proportional'),
    of: z.enum(['target', 'absolute']).default('target'),
    full: points().optional(),
  }),
  z.object({ kind: z.literal('all_or_nothing'), full: points().optional() }),
  z.object({
    kind: z.literal('checklist'),
    per_point: points(),
    mode: z.enum(['add', 'deduct']).default('add'),
    full: points().optional(),
  }),
  z.object({ kind: z.literal('default') }),
  z.object({ kind: z.literal('manual'), reason: z.string().min(1) }),
]);

export const fieldSchema = z
  .object({
    id,
    label: z.string().min(1, { error: 'label 不能为空' }),
    type: z.enum(['text', 'money', 'number', 'percent', 'date'], {
      error: 'type 应为 text、money、number、percent 或 date',
    }),
    unit: z.string().optional(),
    required: z.boolean().default(true),
    question: z.string().optional(),
    help: z.string().optional(),
    example: z.string().optional(),
    default: z.string().optional(),
    /**
     * The value the source document states for this field (an imported form's 全年预算数 "80"): the chat
     * offers it for confirmation ("全年预算数 80 万元，对吗？") instead of asking afresh.
     */
    stated: z.string().optional(),
  })
  .strict();

export const indicatorSchema = z
  .object({
    id,
    level1: z.string().min(1, { error: 'level1（一级指标）不能为空' }),
    level2: z.string().min(1, { error: 'level2（二级指标）不能为空' }),
    name: z.string().min(1, { error: 'name（三级指标）不能为空' }),
    weight: points(),
    target: z.union([z.string(), z.number()]).transform(String),
    measure: measureSchema.optional(),
    unit: z.string().optional(),
    direction: z.enum(['higher', 'lower']).optional(),
    rule: z.string().optional(),
    scoring: structuredRuleSchema.optional(),
    formula: z.string().optional(),
    points: z.array(z.string().min(1)).optional(),
    question: z.string().optional(),
    help: z.string().optional(),
    example: z.string().optional(),
    note: z.string().optional(),
  })
  .strict();

export const flowSchema = z
  .object({
    id,
    title: z.string().min(1, { error: 'title 不能为空' }),
    version: z.number().int().positive().max(1_000_000).default(1),
    year: z.number().int().min(2000).max(2100).optional(),
    kind: z.enum(['dept', 'project']).default('dept'),
    org: z.string().optional(),
    /** 项目名称 of a project form: tells forms of the same title apart in lists. */
    project: z.string().optional(),
    source: z.string().optional(),
    notes: z.array(z.string()).default([]),
    /** Weights, targets or measures the flow assumes where its source document is silent: shown when a form starts. */
    assumptions: z.array(z.string()).optional(),
    total: points().default(100),
    level1_weights: z.record(z.string(), points()).optional(),
    rounding: z
      .object({
        decimals: z.number().int().min(0).max(4).default(2),
        mode: z.enum(['half_up', 'floor', 'ceil']).default('half_up'),
      })
      .strict()
      .default({ decimals: 2, mode: 'half_up' }),
    step_rounding: stepRounding.default('proportional'),
    grades: z
      .array(z.object({ min: score(), label: z.string().min(1) }).strict())
      .min(1)
      .default([
        { min: 90, label: '优' },
        { min: 80, label: '良' },
        { min: 60, label: '中' },
        { min: 0, label: '差' },
      ]),
    goals: z
      .object({ expected: z.string().min(1), actual_field: z.string().optional() })
      .strict()
      .optional(),
    budget: z
      .object({
        initial: z.string().optional(),
        total: z.string(),
        spent: z.string(),
        indicator: z.string().optional(),
      })
      .strict()
      .optional(),
    fields: z.array(fieldSchema).default([]),
    indicators: z.array(indicatorSchema).min(1, { error: '至少需要一个指标' }),
  })
  .strict();

export type FlowInput = z.input<typeof flowSchema>;
export type FlowData = z.output<typeof flowSchema>;
export type FieldDef = z.output<typeof fieldSchema>;
export type IndicatorData = z.output<typeof indicatorSchema>;
export type StructuredRule = z.output<typeof structuredRuleSchema>;

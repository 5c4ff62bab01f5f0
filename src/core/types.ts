// Shared vocabulary of the pure core. Nothing here imports an adapter (wechaty, sqlite, docx).

/** Result of parsing something a person typed. Parsers return this; they never throw. */
export type Result<T> =
  | {
      ok: true;
      value: T;
      /** Commentary typed around the value ("全部办结", "约"), kept for the 偏差原因/备注. */
      note?: string;
      /** A short Chinese question to ask once before the value is recorded (a spend above the budget). */
      confirm?: string;
      /**
       * An uncertain reading ("0.95" for a rate, 32毫克 where 微克 is asked): `value` is the likelier
       * reading, these are both, in the order `confirm` names them. Asked once; never recorded unasked.
       */
      alternatives?: [Value, Value];
      /** A figure computed from parts, said back: "办结117件 ÷ 受理120件 × 100% = 97.5%". */
      how?: string;
    }
  | { ok: false; reason: string; example: string };

/** How an indicator's answer is measured, which decides how a typed answer is read. */
export type Measure =
  | 'percent' // 97 means 97 %
  | 'count' // whole things with a unit: 件, 起, 人次, 个
  | 'money' // in the field's unit (万元 by default), other units converted
  | 'number' // a plain number
  | 'bool' // 是/否, 已完成/未完成
  | 'qualitative' // 达成 / 部分达成 3.5 / 未达成 1
  | 'checklist' // which 评价要点 are met
  | 'text'; // free text (单位名称, 实际完成情况)

/** A value read from an answer. Percent values are in percent points (98 = 98 %). */
export type Value =
  | {
      kind: 'number';
      value: number;
      unit?: string;
      /** "50%-60%" where the target is a range: `value` is the low end, this the high end. */
      upTo?: number;
      /**
       * Counts by kind ("一般事故1起，较大事故0起"): each kind as labelled, in `unit`; `value` is their
       * sum. A rule that scores by severity reads these.
       */
      parts?: { label: string; value: number }[];
    }
  | { kind: 'bool'; value: boolean }
  | {
      kind: 'qualitative';
      grade: 'achieved' | 'partial' | 'not_achieved';
      score?: number;
      /**
       * A deadline answered ("逾期3天", "11月2日" against "10月31日前"): days after the deadline, 0 on
       * time, negative when early. Absent when the answer gave no day ("按时完成" gives 0).
       */
      daysLate?: number;
      /** The date answered, as ISO "2025-11-02", or "--11-02" without a year. */
      date?: string;
      /**
       * The month it was done in ("7月15日", "9月份" against "6月底前"), counted from January of the
       * deadline's year: 7 is July, 13 January of the next year. Rules tiered by month read it.
       */
      month?: number;
    }
  | { kind: 'checklist'; met: number[]; total: number } // met: 1-based point numbers
  | {
      kind: 'text';
      value: string;
      /** The rule's option this answer names (1-based into `AnswerSpec.options`): "基本健全", "有结余，但不超过上年结转". */
      option?: number;
      /** "不适用", "本单位不涉及": the item does not apply; a person scores it, with this reason. */
      notApplicable?: boolean;
    };

/** What the answer parser needs to know about the question. */
export interface AnswerSpec {
  measure: Measure;
  /** Unit the value is stored in: '%', '件', '万元', '人次' … */
  unit?: string;
  /** The item's 分值; bounds the score a person gives to a qualitative item. */
  weight?: number;
  /** 评价要点 of a checklist item. */
  points?: string[];
  /** The parsed 年度指标值: an answer equal to a qualitative target text counts as 达成. */
  target?: Target;
  /**
   * 部分达成/未达成 need a self-score in the generic bands (60–80% …): only when the form has no rule
   * for the item. Default true.
   */
  selfScore?: boolean;
  /** The most a value can be: 100 for a 受理率/办结率/满意率, the budget for a spend. */
  max?: number;
  /** How the limit is named in a question ("全年预算数"); with `maxHard` a value above it is refused, else asked. */
  maxLabel?: string;
  maxHard?: boolean;
  /** The question's subject, named in a reason ("信访事项办结率"). */
  name?: string;
  /**
   * What the rule itself calls for, when it is not what the target measures (set by core/scoring from the
   * read rule; the answer reader uses it, the chat asks for it):
   * - `counts`: the rule counts things ("每减少1件扣0.5分" under "办结率达100%"): ask for that count, "未办结的件数";
   * - `kinds`: the rule scores counts by kind or severity ("进京非访/到省非访/到市非访"): labels a count is given for;
   * - `options`: the rule scores one of listed conditions ("健全/基本健全/不健全"): an answer names one (Value text `option`);
   * - `deadline`: the rule's own due date ("5月份到位" → "--05-31"): a date answer is compared with it.
   */
  counts?: string;
  /**
   * - `words`: the deeds a binary rule names ("纳入…加以考核…5分", "没有记录不计分"): "已纳入", "有记录" say
   *   it was done, "未纳入", "没有记录" that it was not.
   */
  words?: [string, 'achieved' | 'not_achieved'][];
  kinds?: string[];
  options?: string[];
  deadline?: string;
  /** The 年度指标值 as written ("较上年下降3个百分点", "10月31日前报送"): its words decide how a change or a date is read. */
  targetText?: string;
}

/** A parsed 年度指标值. */
export type Target =
  | {
      kind: 'number';
      op: '>=' | '<=' | '=' | '>' | '<';
      value: number;
      unit?: string; // '%', '件', '个', '万元' …
      /** true when the text had no operator ("100%"): read as ≥ for higher-is-better. */
      implicitOp?: boolean;
    }
  | { kind: 'range'; min: number; max: number; unit?: string }
  | { kind: 'text'; text: string };

export type StepRounding = 'proportional' | 'floor' | 'ceil';

/** One thing that costs points in a `deductions` rule. */
export interface DeductionItem {
  /** As the text words it ("未成立", "无会议记录", "不符合规定"). */
  text: string;
  /** Points lost: once, or per `per` counted (每处扣1分 → per 1). */
  deduct: number;
  /** Counted: points lost per this many (each 处/次/人次 …). */
  per?: number;
  unit?: string;
  /** Most this item can take ("少1条扣1分，最高扣4分"). */
  cap?: number;
  /** "无该项制度的，不得分": the item scores nothing when this happens. */
  zero?: boolean;
  /** An exception the text grants it ("能及时制止、查处的,可不扣分"): when the answer says it applies, nothing is lost. */
  except?: string;
  /** The verb the rule counts it with ("缺一条扣0.5分" → 缺): an answer "缺1条" names this one. */
  verb?: string;
}

/** A tier of a tiered rule; bounds are in the measure's unit (percent points for percents). */
export interface Tier {
  min?: number;
  minInclusive?: boolean;
  max?: number;
  maxInclusive?: boolean;
  score: number;
  /** 得满分: the item's weight, known only when the rule is applied (score is then 0). */
  fullMarks?: boolean;
  /** "出现2起扣4分", "低5%-10%的扣4分": the tier takes this much off the weight (score is then 0). */
  deduct?: number;
}

/**
 * A 评（扣）分标准 in structured form. `full` is the full marks the text states ("计5分"),
 * kept so a mismatch with the item's weight can be reported.
 */
export type Rule =
  | {
      kind: 'step';
      /** Which side of `base` loses points. */
      direction: 'below' | 'above' | 'both';
      /** The threshold; when absent, the target's value. */
      base?: number;
      /** "在95%—105%之间得满分": with `base`, a band where nothing is lost (a step on both sides). */
      baseHigh?: number;
      /** Size of one step, in the unit of `perUnit`. */
      per: number;
      /** Points lost per step. */
      deduct: number;
      /** '%' (percentage points), '件', '人次' …: when it differs from the answer's unit the item is manual. */
      perUnit?: string;
      /** Most that can be lost; default the weight (扣完为止). */
      cap?: number;
      full?: number;
      /** What happens on the side of base that the text does not deduct on. */
      otherSide?: 'full' | 'uncovered';
      rounding?: StepRounding;
      /** "低于90%不得分": a value below this scores 0 whatever the steps give. */
      zeroBelow?: number;
      /** "超过10%的不计分": a value above this scores 0. */
      zeroAbove?: number;
      /** "85%以下不得分": the limit itself also scores 0. */
      zeroInclusive?: boolean;
      /**
       * The other side earns points ("大于目标值的，每增加1%加1分，最高加2分"): per step of `per`, `add`
       * points, at most `cap`. A score above the weight is a person's call (the form's 分值 is the most).
       */
      award?: { per: number; add: number; cap?: number };
      /** "每少1次会议": what one step counts, in the text's words. */
      what?: string;
    }
  | {
      /** 每发生1起扣1分: the answer is the number of bad events. */
      kind: 'count';
      per: number;
      deduct: number;
      unit?: string;
      cap?: number;
      full?: number;
      /** What is counted, in the text's words ("不符合要求的", "迟报"). */
      what?: string;
      /** "每次得1分，最多得6分": each counts for points, from nothing. */
      award?: boolean;
    }
  | {
      kind: 'tiers';
      tiers: Tier[];
      full?: number;
      /**
       * What the bounds count, when the text says: "起" ("出现2起扣4分"), or "月份" — the month a thing
       * was done ("6月底前完成得满分，7月完成得2分"), read from a dated answer (1–12 in the deadline's year).
       */
      unit?: string;
    }
  | {
      /** of 'target': weight × actual/target; of 'absolute': weight × actual% (按满意百分比). */
      kind: 'proportional';
      of: 'target' | 'absolute';
      full?: number;
      /** "按实际执行率占90%的比例计分": the value compared with, instead of the target. */
      base?: number;
      /** "低于60%不得分": a value below this scores 0 (`zeroInclusive`: also at it). */
      zeroBelow?: number;
      zeroInclusive?: boolean;
    }
  | {
      /**
       * Straight line between two points ("≤15日得满分，>30日为0分，15-30日按比例减分"; "70%得分值的
       * 80%，90%得满分，之间按比例增分"): at `fullAt` the weight, at `zeroAt` `zeroShare` of it (0 unless
       * stated), in between in proportion; beyond either end the end's score.
       */
      kind: 'linear';
      fullAt: number;
      zeroAt: number;
      /** The share of the weight at `zeroAt` (0.8 for "分值的80%为基础分"). */
      zeroShare?: number;
      /** Below `cutoff` (or above, when fullAt < zeroAt) nothing at all ("低于70%不得分"). */
      cutoff?: number;
      unit?: string;
      full?: number;
    }
  | {
      /**
       * A list of things that cost points when they happen ("未成立的扣2分；工作无计划、无措施、无总结的
       * 分别扣1分"; "无该项制度的，不得分；每缺一项扣1分"). The answer says which happened and how often.
       */
      kind: 'deductions';
      items: DeductionItem[];
      cap?: number;
      full?: number;
    }
  | {
      /** One of listed conditions scores ("健全的得10分，基本健全的得6分，不健全的不得分"). */
      kind: 'choice';
      options: { text: string; score: number; fullMarks?: boolean }[];
      full?: number;
    }
  | {
      kind: 'all_or_nothing';
      full?: number;
      /** "部分完成得2分": the points for partial completion; absent means partial scores 0. */
      partial?: number;
      /** "部分完成得50%": the same as a share of the weight. */
      partialShare?: number;
    }
  | {
      kind: 'checklist';
      perPoint: number;
      mode: 'add' | 'deduct';
      full?: number;
      /** How many scored conditions the text lists ("1.…0.5分；2.…"): the points asked must be these. */
      items?: number;
      /** Each condition's own points when they differ ("运行监管记录3分；填报监控表1分"). */
      scores?: number[];
      /** The conditions as the text words them, asked as the item's 评价要点 when it lists none. */
      texts?: string[];
    }
  | { kind: 'default' }
  | { kind: 'manual'; reason: string };

/** What a trace step records; a new kind of step must be added here, so drift fails typecheck. */
export type TraceOp =
  | 'formula'
  | 'full'
  | 'gap'
  | 'steps'
  | 'cap'
  | 'floor'
  | 'score'
  | 'count'
  | 'tier'
  | 'ratio'
  | 'band'
  | 'checklist'
  | 'round'
  | 'manual';

/** One step of a score's calculation, machine-readable, with its Chinese wording. */
export interface TraceStep {
  op: TraceOp;
  text: string;
  values?: Record<string, number | string | boolean>;
}

/** What applying a rule to a value gave, before rounding. */
export type RuleOutcome =
  | { status: 'scored'; score: number; steps: TraceStep[] }
  | { status: 'manual'; reason: string; steps: TraceStep[] };

export type ItemStatus = 'scored' | 'manual' | 'invalid' | 'unanswered';

export interface ItemScore {
  id: string;
  name: string;
  level1: string;
  level2: string;
  max: number;
  /** Rounded as printed; null unless status is 'scored'. */
  score: number | null;
  status: ItemStatus;
  /** Who gave the score: the rule, or a person for items the rule cannot score. */
  scoredBy?: 'rule' | 'person';
  target: string;
  rule?: string;
  ruleKind: Rule['kind'];
  value?: Value;
  /** The answer as it is shown back (98%, 150件, 达成). */
  display?: string;
  /** Commentary the person typed with the value ("100%（全部办结）"), kept for the document. */
  note?: string;
  /** The 偏差原因分析及改进措施 the person wrote. */
  reason?: string;
  /** The value falls short of the target or points were lost: a reason is expected. */
  short: boolean;
  derived: boolean;
  trace: TraceStep[];
  explanation: string;
  error?: string;
}

/** A header field (单位名称, 年初预算数 …) as answered. */
export interface FieldResult {
  id: string;
  label: string;
  unit?: string;
  /** What was typed; absent when not answered. */
  raw?: string;
  /** As shown in the report: "468.26万元"; empty when not answered. */
  display: string;
  value?: Value;
  error?: string;
}

export interface ScoreReport {
  flowId: string;
  title: string;
  total: number;
  max: number;
  grade: string;
  /** Some item still needs a person's score or an answer: the total is not final. */
  provisional: boolean;
  items: ItemScore[];
  fields: FieldResult[];
  warnings: string[];
}

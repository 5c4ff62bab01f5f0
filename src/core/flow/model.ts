import type { RuleAsks } from '../rules/rule-answers.js';
import type { Measure, Rule, Target } from '../types.js';
import type { FieldDef, FlowData, IndicatorData } from './schema.js';

/** An indicator after loading: its target and rule read, its measure settled. */
export interface Indicator extends Omit<IndicatorData, 'measure'> {
  measure: Measure;
  targetParsed: Target;
  /** The rule the scorer applies (from `scoring`, else parsed from `rule`, else 'default'). */
  ruleParsed: Rule;
  /** Remarks of the rule reader worth showing (assumptions, unreadable parts). */
  ruleNotes: string[];
  direction: 'higher' | 'lower';
  /** Computed from other answers by `formula`, never asked. */
  derived: boolean;
  /** What the rule itself calls for when the target does not say ("未办结的件数", the listed 情形). */
  asks?: RuleAsks;
}

export interface Flow extends Omit<FlowData, 'indicators'> {
  indicators: Indicator[];
  /** Content hash of the flow file: a session keeps the version it started on. */
  hash: string;
  file?: string;
  /** The YAML it was read from, kept so a session can pin this exact version. */
  text?: string;
  /** Inconsistencies of the document the flow follows (weights, rule vs weight …). */
  warnings: string[];
}

export type { FieldDef };

/**
 * The answers of one person to one flow, as typed. Keys are field and indicator ids.
 * `note`: commentary typed around the value ("全部办结"); `confirmed`: the person already confirmed
 * an unusual value (a spend above the budget) and is not asked again.
 */
export type RawAnswers = Record<
  string,
  string | { value: string; reason?: string; score?: number | string; note?: string; confirmed?: boolean }
>;

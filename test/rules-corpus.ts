// The corpus of real 评（扣）分标准 texts (test/corpus/rules/*.yaml) and how the product scores them.
// Shared by the corpus test and `npm run corpus:rules` (which prints the figures and the misses).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { loadFlowText } from '../src/core/flow/load.js';
import { roundTo } from '../src/core/scoring/round.js';
import { scoreFlow } from '../src/core/scoring/score-flow.js';

export const CORPUS_DIR = join(import.meta.dirname, 'corpus', 'rules');

export interface CorpusRule {
  file: string;
  source: string;
  field: string;
  indicator: string;
  weight: number;
  target: string | null;
  text: string;
  work:
    | { manual: string }
    | { target: string; unit?: string; measure?: string; points?: string[]; cases: [string, number | 'manual'][] };
}

export function loadCorpus(dir = CORPUS_DIR): CorpusRule[] {
  const out: CorpusRule[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const doc = YAML.parse(readFileSync(join(dir, file), 'utf8'));
    for (const r of doc.rules)
      out.push({ file, source: String(doc.source), field: String(doc.field), ...r, text: String(r.text) });
  }
  return out;
}

export type Verdict =
  /** every case scored as the hand worked it */
  | { kind: 'read' }
  /** the product sends the item to a person (the hand agreed, or it could have read it) */
  | { kind: 'manual'; handManual: boolean; why: string }
  /** a score that differs from the hand's, or a score where the hand says a person must score */
  | { kind: 'wrong'; why: string };

/** One item flow holding this rule, as an import of its document would write it. */
export function corpusFlow(r: CorpusRule) {
  const work = r.work;
  const ind: Record<string, unknown> = {
    id: 'item',
    level1: '产出指标',
    level2: '数量指标',
    name: r.indicator,
    weight: r.weight,
    target: 'manual' in work ? (r.target ?? '完成') : work.target,
    rule: r.text,
  };
  if (!('manual' in work)) {
    if (work.unit) ind.unit = work.unit;
    if (work.points) ind.points = work.points;
  }
  const yaml = YAML.stringify({ id: 'corpus', title: '语料', total: r.weight, indicators: [ind] });
  const loaded = loadFlowText(yaml, 'corpus.yaml');
  if (!loaded.ok) throw new Error(`${r.file} ${r.indicator}: ${loaded.errors.join('; ')}`);
  return loaded.flow;
}

/** Scores each case of a corpus rule through the product (answer reader, rule reader, scorer). */
export function judge(r: CorpusRule): Verdict {
  const flow = corpusFlow(r);
  const decimals = flow.rounding.decimals;
  const work = r.work;
  if ('manual' in work) {
    // Any answer the product scores is a number the hand says nobody can give from the text.
    for (const probe of ['100%', '0', '是', '否', '达成', '全部', '无']) {
      const item = scoreFlow(flow, { item: probe }).items[0];
      if (item.status === 'scored' && item.scoredBy === 'rule')
        return { kind: 'wrong', why: `「${probe}」得${item.score}分，但人工认为无法评分：${work.manual}` };
    }
    return { kind: 'manual', handManual: true, why: work.manual };
  }
  let manualWhy: string | undefined;
  for (const [value, hand] of work.cases) {
    const item = scoreFlow(flow, { item: String(value) }).items[0];
    if (hand === 'manual') {
      // The hand says a careful person could not give this answer one number.
      if (item.status === 'scored')
        return {
          kind: 'wrong',
          why: `「${value}」得${item.score}分，但人工认为这个答案无法定分（${item.explanation}）`,
        };
      continue;
    }
    if (item.status === 'scored') {
      const want = roundTo(hand, decimals);
      if (Math.abs((item.score ?? Number.NaN) - want) > 1e-9)
        return { kind: 'wrong', why: `「${value}」得${item.score}分，人工算得${want}分（${item.explanation}）` };
    } else manualWhy ??= `「${value}」${item.status === 'invalid' ? '答案未读懂' : '待人工'}：${item.explanation}`;
  }
  return manualWhy ? { kind: 'manual', handManual: false, why: manualWhy } : { kind: 'read' };
}

export interface CorpusFigures {
  texts: number;
  documents: number;
  read: number;
  manual: number;
  /** of `manual`: the hand also says a person must score */
  manualAgreed: number;
  wrong: number;
  verdicts: { rule: CorpusRule; verdict: Verdict }[];
}

export function measureCorpus(rules = loadCorpus()): CorpusFigures {
  const verdicts = rules.map((rule) => ({ rule, verdict: judge(rule) }));
  const count = (k: Verdict['kind']) => verdicts.filter((v) => v.verdict.kind === k).length;
  return {
    texts: rules.length,
    documents: new Set(rules.map((r) => r.file)).size,
    read: count('read'),
    manual: count('manual'),
    manualAgreed: verdicts.filter((v) => v.verdict.kind === 'manual' && v.verdict.handManual).length,
    wrong: count('wrong'),
    verdicts,
  };
}

export function summary(f: CorpusFigures): string {
  const scorable = f.texts - f.manualAgreed;
  const pct = (n: number, d: number) => `${d ? ((100 * n) / d).toFixed(1) : '0'}%`;
  return [
    `corpus: ${f.texts} rule texts from ${f.documents} documents`,
    `read ${f.read} (${pct(f.read, f.texts)} of all; ${pct(f.read, scorable)} of the ${scorable} a person can score from the text)`,
    `manual ${f.manual} (${f.manualAgreed} where the hand also says a person must score, ${f.manual - f.manualAgreed} the product could not read)`,
    `wrong ${f.wrong}`,
  ].join('\n');
}

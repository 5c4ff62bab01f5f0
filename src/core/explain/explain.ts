import { quoteSteps } from '../rules/verbatim.js';
import { formatScore, roundTo } from '../scoring/round.js';
import type { ItemScore, ScoreReport } from '../types.js';
import { detectExplainIntent, stripToName } from './intent.js';
import { matchItems, parseOrdinal } from './match-item.js';
import { explainTexts, fill } from './texts.js';

export type ExplainReplyKind = 'item' | 'lost_items' | 'total' | 'ambiguous' | 'unanswered' | 'no_match';

export interface ExplainReply {
  kind: ExplainReplyKind;
  text: string;
  /** The item explained (item, unanswered). */
  indicatorId?: string;
  /** Ids of the items a vague name fits (ambiguous), in form order. */
  candidates?: string[];
}

export interface GradeBand {
  min: number;
  label: string;
}

export interface ExplainOptions {
  /** The item the person is on, for "这项怎么扣的". */
  currentId?: string;
  /** The flow's grade bands (flow.grades), so the total's reply can say where the grade comes from. */
  grades?: GradeBand[];
  /**
   * The chat numbers questions (header fields first) differently from report.items; these map
   * between its numbers and item ids so "第5项" and "修改 5" mean what the person sees.
   */
  numberOf?: (id: string) => number | undefined;
  idOf?: (n: number) => string | undefined;
}

type Numbering = Pick<ExplainOptions, 'numberOf'>;
const numberIn = (report: ScoreReport, index: number, o: Numbering = {}) =>
  o.numberOf?.(report.items[index].id) ?? index + 1;

const EPS = 1e-9;
const lostOf = (i: ItemScore) => (i.status === 'scored' && i.score !== null ? roundTo(i.max - i.score, 6) : 0);

/**
 * One item's score, told from the scorer's own trace: the rule as written, target, answer, gap,
 * each calculation step (proportion or tier, cap, rounding), the score and the 偏差原因.
 * `n` is the item's number in the form (1-based), used for "修改 n".
 */
export function explainItem(item: ItemScore, n?: number): string {
  const T = explainTexts().item;
  const vars = {
    n: n ?? item.name,
    name: item.name,
    max: formatScore(item.max),
    score: item.score === null ? '—' : formatScore(item.score),
  };
  if (item.status === 'unanswered') return fill(T.unanswered, vars);

  const lines: string[] = [];
  if (item.status === 'scored') lines.push(fill(n === undefined ? T.header_plain : T.header, vars));
  else lines.push(fill(n === undefined ? T.header_plain_pending : T.header_pending, vars));
  lines.push(item.rule ? fill(T.rule, { rule: item.rule.trim() }) : T.no_rule);
  lines.push(fill(T.target, { target: item.target }));
  if (item.display) lines.push(fill(T.answer, { display: item.display }));
  const gap = item.trace.find((s) => s.op === 'gap');
  if (gap) lines.push(fill(T.gap, { gap: gap.text }));
  // The closing "得分10−1.5=8.5分" is what the result line says: said once, there.
  // A manual item's reason is said once, on its closing line.
  const steps = item.trace.filter(
    (s) =>
      s !== gap &&
      s.text &&
      !(s.op === 'score' && /^得分/.test(s.text)) &&
      !(item.status === 'manual' && s.op === 'manual'),
  );
  // A binary item says the rule it applied: the form's words when short, before the outcome.
  if (item.ruleKind === 'all_or_nothing' && item.rule && item.status === 'scored' && steps.length) {
    const said = item.rule.trim();
    if ([...said].length <= 40 && !steps[0].text.includes('「'))
      steps[0] = { ...steps[0], text: `按评分标准「${said}」，${steps[0].text}` };
  }
  if (steps.length) {
    lines.push(T.steps_title);
    steps.forEach((s, i) => {
      // A step quoting the rule quotes the form's words (个百分点 stays 个百分点), not the scorer's paraphrase.
      lines.push(fill(T.step, { i: i + 1, text: item.rule ? quoteSteps(s.text, item.rule) : s.text }));
    });
  }
  if (item.status === 'invalid') lines.push(fill(T.invalid, { ...vars, error: item.error ?? item.explanation }));
  else if (item.status === 'manual')
    lines.push(fill(T.manual, { ...vars, why: item.explanation.replace(/^待人工评分：/, '') }));
  else {
    const lost = lostOf(item);
    lines.push(lost > EPS ? fill(T.lost, { ...vars, lost: formatScore(lost) }) : fill(T.full, vars));
  }
  if (item.reason?.trim()) lines.push(fill(T.reason, { reason: item.reason.trim() }));
  else if (item.short && item.status === 'scored') lines.push(fill(T.reason_missing, vars));
  return lines.join('\n');
}

/** Every item that lost points, with its loss, in form order; items not yet scored are listed apart. */
export function explainLostItems(report: ScoreReport, o: Numbering = {}): string {
  const T = explainTexts();
  // The chat's numbers (header fields first), so 第N项 here is the 第N项 the person sees everywhere.
  const numbered = report.items.map((item, i) => ({ item, n: numberIn(report, i, o) })).sort((a, b) => a.n - b.n);
  const lost = numbered.filter(({ item }) => lostOf(item) > EPS);
  const pending = numbered.filter(({ item }) => item.status !== 'scored');
  const lines: string[] = [];
  if (lost.length) {
    const sum = roundTo(
      lost.reduce((s, { item }) => s + lostOf(item), 0),
      6,
    );
    lines.push(fill(T.lost.title, { lost: formatScore(sum) }));
    for (const { item, n } of lost)
      lines.push(
        fill(T.lost.line, {
          n,
          name: item.name,
          score: formatScore(item.score!),
          max: formatScore(item.max),
          lost: formatScore(lostOf(item)),
        }),
      );
  } else lines.push(T.lost.none);
  if (pending.length) {
    lines.push(T.lost.pending_title);
    for (const { item, n } of pending)
      lines.push(fill(T.lost.pending_line, { n, name: item.name, status: T.status[item.status] }));
  }
  if (lost.length)
    lines.push(fill(T.lost.hint, { example: fill(T.no_match.examples[0], { name: lost[0].item.name, n: lost[0].n }) }));
  return lines.join('\n');
}

/** The total as the sum of the item scores (summed per 一级指标), and where the grade comes from. */
export function explainTotal(report: ScoreReport, grades?: GradeBand[]): string {
  const T = explainTexts().total;
  const lines = [
    fill(T.title, { total: formatScore(report.total), max: formatScore(report.max), grade: report.grade }),
  ];
  const groups = new Map<string, { score: number; max: number }>();
  for (const item of report.items) {
    const g = groups.get(item.level1) ?? { score: 0, max: 0 };
    g.score += item.score ?? 0;
    g.max += item.max;
    groups.set(item.level1, g);
  }
  lines.push(T.sum_title);
  for (const [level1, g] of groups)
    lines.push(
      fill(T.group_line, { level1, score: formatScore(roundTo(g.score, 6)), max: formatScore(roundTo(g.max, 6)) }),
    );
  const parts = [...groups.values()].map((g) => formatScore(roundTo(g.score, 6)));
  lines.push(fill(T.sum, { parts: parts.join(' + '), total: formatScore(report.total) }));
  const pending = report.items.filter((i) => i.status !== 'scored');
  if (pending.length) {
    const names =
      pending
        .slice(0, 3)
        .map((i) => i.name)
        .join('、') + (pending.length > 3 ? '等' : '');
    lines.push(fill(T.provisional, { count: pending.length, names }));
  }
  if (grades?.length) {
    const sorted = [...grades].sort((a, b) => b.min - a.min);
    // The lowest band reads "60分以下为差" rather than "0分及以上为差".
    const bands = sorted.map((g, i) =>
      i === sorted.length - 1 && i > 0 && g.min <= 0
        ? fill(T.band_lowest, { below: formatScore(sorted[i - 1].min), label: g.label })
        : fill(T.band, { min: formatScore(g.min), label: g.label }),
    );
    lines.push(
      fill(T.bands, { bands: bands.join(T.band_separator), total: formatScore(report.total), grade: report.grade }),
    );
  }
  return lines.join('\n');
}

/** The reply for one item of the report, by id (also used when an LLM placed the question). */
export function replyForItem(report: ScoreReport, id: string, o: Numbering = {}): ExplainReply {
  const index = report.items.findIndex((i) => i.id === id);
  if (index < 0) return noMatch(report, id, o);
  const item = report.items[index];
  return {
    kind: item.status === 'unanswered' ? 'unanswered' : 'item',
    text: explainItem(item, numberIn(report, index, o)),
    indicatorId: id,
  };
}

export function ambiguousReply(report: ScoreReport, query: string, ids: string[], o: Numbering = {}): ExplainReply {
  const T = explainTexts().ambiguous;
  const numbered = report.items
    .map((item, i) => ({ item, n: numberIn(report, i, o) }))
    .filter(({ item }) => ids.includes(item.id));
  const lines = [
    fill(T.title, { query }),
    ...numbered.map(({ item, n }) => fill(T.line, { n, name: item.name })),
    fill(T.hint, { n: numbered[0].n }),
  ];
  return { kind: 'ambiguous', text: lines.join('\n'), candidates: numbered.map(({ item }) => item.id) };
}

/** What can be asked, with examples made from this form's own items. */
export function noMatch(report: ScoreReport, query?: string, o: Numbering = {}): ExplainReply {
  const T = explainTexts().no_match;
  const lostIndex = report.items.findIndex((i) => lostOf(i) > EPS);
  const index = Math.max(lostIndex, 0);
  const example = { name: report.items[index]?.name ?? '', n: report.items.length ? numberIn(report, index, o) : 1 };
  const lines = [
    query ? fill(T.title, { query }) : T.no_query,
    T.examples_title,
    ...T.examples.map((e) => `· ${fill(e, example)}`),
  ];
  return { kind: 'no_match', text: lines.join('\n') };
}

/**
 * Answers a question about the scores. Pure: it reads the report and returns text, so asking
 * never moves the person's place in the form.
 */
export function explain(question: string, report: ScoreReport, opts: ExplainOptions = {}): ExplainReply {
  // Called for something the caller already takes as a question: a bare name ("预算执行率") asks about that item.
  const intent = detectExplainIntent(question) ?? {
    intent: 'item' as const,
    query: stripToName(question) || undefined,
  };
  if (intent.intent === 'lost_items') return { kind: 'lost_items', text: explainLostItems(report, opts) };
  if (intent.intent === 'total') return { kind: 'total', text: explainTotal(report, opts.grades) };
  if (!intent.query)
    return opts.currentId && report.items.some((i) => i.id === opts.currentId)
      ? replyForItem(report, opts.currentId, opts)
      : noMatch(report, undefined, opts);
  const nth = opts.idOf ? parseOrdinal(intent.query) : undefined;
  if (nth !== undefined) {
    const id = opts.idOf!(nth);
    return id && report.items.some((i) => i.id === id)
      ? replyForItem(report, id, opts)
      : noMatch(report, intent.query, opts);
  }
  const m = matchItems(intent.query, report.items);
  if (m.kind === 'one') return replyForItem(report, m.id, opts);
  if (m.kind === 'many') return ambiguousReply(report, intent.query, m.ids, opts);
  return noMatch(report, intent.query, opts);
}

import type { Rule } from '../types.js';
import { unreadClauses, unreadReason } from './clauses.js';
import { normaliseText, quote } from './normalize.js';
import { findFull, parseStepOrCount } from './parse-step.js';
import { parseTiers } from './tiers.js';

type Parsed = { rule: Rule; notes: string[] };

const manual = (reason: string, notes: string[] = []): Parsed => ({ rule: { kind: 'manual', reason }, notes });

function withFull<R extends Rule>(rule: R, t: string, notes: string[] = []): Parsed {
  const stated = findFull(t);
  if (stated && 'kind' in rule && rule.kind !== 'manual' && rule.kind !== 'default') {
    (rule as { full?: number }).full = stated.full;
    notes.push(`原文写'${stated.word}'`);
  }
  return { rule, notes };
}

/** "1.有…，0.5分；2.有…，0.5分": numbered points, each with its own score. */
function numberedChecklist(t: string): Parsed | undefined {
  // "0.5分" must not be taken for item "0." followed by "5分": a marker is not followed by a digit.
  if (!/^1[.、)](?!\d)/.test(t) || !/[;。,]2[.、)](?!\d)/.test(t)) return undefined;
  const items = t.split(/(?:^|[;。,])\d+[.、)](?!\d)/).filter((s) => s.length > 0);
  const scores = items.map((s) => s.match(/,?(\d+(?:\.\d+)?)分[;。]?$/)?.[1]);
  if (scores.some((s) => s === undefined)) return undefined;
  const distinct = [...new Set(scores.map(Number))];
  if (distinct.length > 1) {
    return manual(`评分标准各要点分值不同（${scores.join('分、')}分），需人工评分`);
  }
  return {
    rule: { kind: 'checklist', mode: 'add', perPoint: distinct[0], items: items.length },
    notes: [`共${items.length}个要点，每个${distinct[0]}分`],
  };
}

/** "有…的计1分；有效执行…的计1分。反之不计分": each condition met adds the same score. */
function conditionChecklist(t: string): Parsed | undefined {
  const clauses = t.split(/[;。]/).filter((c) => c.length > 0 && !/^(反之|否则|未|没有).{0,4}(不计分|不得分)$/.test(c));
  if (clauses.length < 2) return undefined;
  const scores: number[] = [];
  for (const c of clauses) {
    const m = c.match(/^([^\d]*?)的?(?:计|得|加)(\d+(?:\.\d+)?)分$/);
    if (!m) return undefined;
    scores.push(Number(m[2]));
  }
  const distinct = [...new Set(scores)];
  if (distinct.length > 1) return manual(`评分标准各条件分值不同（${scores.join('分、')}分），需人工评分`);
  return {
    rule: { kind: 'checklist', mode: 'add', perPoint: distinct[0], items: clauses.length },
    notes: [`共${clauses.length}个条件，每满足一个得${distinct[0]}分`],
  };
}

const DONE_WORDS = /完成|达到|达成|实现|做到|达标|按时|按期|如期|及时|合格|符合|通过|落实|报送|提交|办结|开展|建立/;
const POSITIVE_RE = /^([^\d]*?)的?,?(?:得|计|为)(满分|(\d+(?:\.\d+)?)分)$/;
const NEGATIVE_RE = /^(?:否则|反之|未|没有|没|不|逾期|超期|延期)[^\d]{0,14}?的?,?(?:不得分|不计分|得0分|计0分|为0分)$/;
const PARTIAL_RE =
  /^(?:部分|基本)(?:完成|达成|达到|实现|达标)的?,?(?:得|计|为)?(?:(\d+(?:\.\d+)?)分|(?:分值的|满分的)?(\d+(?:\.\d+)?)%|(?:分值的|满分的)?一半)$/;

/**
 * "完成得5分，未完成不得分", "按时报送得满分，否则不得分", "达标得满分，不达标不得分",
 * with an optional "部分完成得2分" / "部分完成得50%". Every clause must be one of these.
 */
function binaryRule(t: string): Parsed | undefined {
  const clauses = t.split(/[,;。]/).filter((c) => c.length > 0);
  let positive: RegExpMatchArray | undefined;
  let negative = false;
  let partial: RegExpMatchArray | undefined;
  const other: string[] = [];
  for (const c of clauses) {
    const p = !positive && !/^(?:未|没有|没|不|否则|反之|部分|基本)/.test(c) ? c.match(POSITIVE_RE) : null;
    if (p && DONE_WORDS.test(p[1])) positive = p;
    else if (NEGATIVE_RE.test(c)) negative = true;
    else if (!partial && PARTIAL_RE.test(c)) partial = c.match(PARTIAL_RE)!;
    else other.push(c);
  }
  if (!positive || !negative) return undefined;
  const unread = other.flatMap((c) => unreadClauses(c, [], false));
  if (unread.length > 0) return manual(unreadReason(unread));
  const rule: Extract<Rule, { kind: 'all_or_nothing' }> = { kind: 'all_or_nothing' };
  const notes: string[] = [];
  if (positive[3] !== undefined) {
    rule.full = Number(positive[3]);
    notes.push(`原文写'${positive[2]}'`);
  }
  if (partial) {
    if (partial[1] !== undefined) rule.partial = Number(partial[1]);
    else rule.partialShare = partial[2] !== undefined ? Number(partial[2]) / 100 : 0.5;
  }
  return { rule, notes };
}

/** A rule read from some phrases of the text: any other clause that scores makes the item manual. */
function audited(rule: Rule, t: string, used: (string | undefined)[], fullFrom = t): Parsed {
  const unread = unreadClauses(t, used);
  if (unread.length > 0) return manual(unreadReason(unread));
  return withFull(rule, fullFrom);
}

/**
 * Reads a 评（扣）分标准 into a structured rule. Never guesses a number: whatever cannot be read
 * safely becomes { kind: 'manual', reason } so that a person scores it.
 */
export function parseRule(text: string): Parsed {
  try {
    return read(text);
  } catch {
    return manual(`评分标准「${quote(text)}」无法读取，需人工评分`);
  }
}

function read(text: string): Parsed {
  const t = normaliseText(text).replace(/[。;,]+$/, '');
  if (t.length === 0)
    return {
      rule: { kind: 'default' },
      notes: ['评分标准为空，按财政部通用方法（达到指标值得满分，未达到按完成比例计分）'],
    };
  const q = quote(text);

  if (/相应(?:的)?分值|相应分数|相应的分|相应分/.test(t)) return manual(`评分标准「${q}」没有给出扣分数`);
  if (/酌情/.test(t)) return manual(`评分标准「${q}」要求酌情评分，没有给出计分方法`);
  if (/绩效办|考核(?:分数|得分|结果)|折算/.test(t)) {
    const who = t.match(/(绩效办|考核办|目标办|督查办|考评办)/)?.[1];
    return manual(`评分标准引用外部考核得分${who ? `（${who}考核）` : ''}，需人工填写`);
  }

  const addPer = t.match(/每(?:项|个|条)?(?:指标)?(?:评价)?要点(?:加|得|计)(\d+(?:\.\d+)?)分/);
  if (addPer)
    return audited(
      { kind: 'checklist', mode: 'add', perPoint: Number(addPer[1]) },
      t,
      [addPer[0]],
      t.replace(addPer[0], ''),
    );

  if (/评价要点|要点/.test(t)) {
    const missing = t.match(/(?:每)?缺(?:少)?(\d+)(?:项|个|条)(?:要点)?,?(?:扣|减)(\d+(?:\.\d+)?)?(分)?/);
    if (missing) {
      if (missing[2] === undefined || !missing[3])
        return manual(`「${quote(missing[0])}」后缺少扣分数（原文可能被截断）`);
      const per = Number(missing[1]);
      if (per !== 1) return manual(`评分标准「${q}」按每缺${per}项扣分，需人工评分`);
      return audited(
        { kind: 'checklist', mode: 'deduct', perPoint: Number(missing[2]) },
        t,
        [missing[0]],
        t.replace(missing[0], ''),
      );
    }
  }

  const numbered = numberedChecklist(t);
  if (numbered) return numbered;

  const stepOrCount = parseStepOrCount(t);
  if (stepOrCount) return stepOrCount;

  const conditions = conditionChecklist(t);
  if (conditions) return conditions;

  const tiers = parseTiers(t);
  if (tiers.ok) return withFull({ kind: 'tiers', tiers: tiers.tiers }, '', tiers.notes);
  if (tiers.reason) {
    const stated = findFull(t);
    return manual(tiers.reason, stated ? [`原文写'${stated.word}'`] : []);
  }

  const absolute = t.match(
    /按(?:群众|服务对象|社会公众|公众)?满意(?:度|率)?(?:的)?(?:百分比|百分率|比例)(?:计分|计算|得分|折算)?|满意(?:度|率)\s*[×*x]\s*分值|分值\s*[×*x]\s*满意(?:度|率)/,
  );
  if (absolute) return audited({ kind: 'proportional', of: 'absolute' }, t, [absolute[0]]);
  // "执行率达到90%得满分，未达到90%的，按实际执行率占90%的比例计分": in proportion to 90%, not to the target.
  const ofBase = t.match(
    /(?:(?:未达到|低于|不足|小于)(\d+(?:\.\d+)?)%?的?,?)?按(?:实际)?(?:执行率|完成率|完成值|完成数|数值|值)?占(\d+(?:\.\d+)?)%?的比例(?:计分|计算|得分|折算)/,
  );
  if (ofBase) {
    const base = Number(ofBase[2]);
    const reached = t.match(new RegExp(`(?:达到|≥|不低于)${base}%?(?:\\(含\\))?(?:及以上|以上)?的?,?(?:得|计)满分`));
    if (ofBase[1] === undefined || Number(ofBase[1]) === base)
      return audited({ kind: 'proportional', of: 'target', base }, t, [ofBase[0], reached?.[0]]);
  }
  const ofTarget = t.match(
    /按(?:实际)?完成(?:比例|比率|率|程度)(?:计分|计算|得分|折算)|按比例(?:计分|得分)|得分=(?:实际)?完成(?:值|数)\/(?:目标|计划)(?:值|数)[×*x]分值|实际完成(?:值|数)\/(?:目标|计划)(?:值|数)(?:[×*x]分值)?/,
  );
  if (ofTarget) return audited({ kind: 'proportional', of: 'target' }, t, [ofTarget[0]]);

  const binary = binaryRule(t);
  if (binary) return binary;

  if (!/[\u4e00-\u9fa5]/.test(t)) return manual(`评分标准「${q}」无法识别，没有计分方法`);
  if (!/分/.test(t)) return manual(`评分标准「${q}」写的是指标说明，没有计分方法`);
  return manual(`没有读懂评分标准「${q}」的计分方法，需人工评分`);
}

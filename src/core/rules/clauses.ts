// Every clause of a 评（扣）分标准 must be read or the item goes to a person. The parsers say which
// phrases they used; whatever scoring words are left over is a clause nobody read.

const N = '\\d+(?:\\.\\d+)?';

/** Phrases that say nothing beyond what every deduction already does. */
const BOILERPLATE: RegExp[] = [
  /扣完为止|扣满为止|扣至0分为止|扣到0分为止|扣完|减完为止/g,
  /最低(?:得|为|计)?0分|不倒扣分?|不得?(?:出现)?负分|不计负分|不扣成负分/g,
  new RegExp(`(?:最多|最高)(?:扣|减)${N}分|扣分(?:最多|最高)?不(?:超过|高于)${N}分|(?:扣|减)${N}分为限`, 'g'),
  new RegExp(
    `不足(?:${N}(?:%|个百分点|件|次|人次|起)?|1档|一档)的?(?:部分)?(?:按|以)(?:${N}(?:%|个百分点|件|次|人次|起)?|1档|一档)(?:计|算)(?:算)?`,
    'g',
  ),
  new RegExp(`不足(?:${N}(?:%|个百分点|件|次|人次|起)?|1档|一档)的?(?:部分)?(?:不扣分?|不计)`, 'g'),
  /按比例(?:扣分?|计算?)/g,
  /(?:反之|否则)的?,?(?:不得分|不计分|得0分|计0分)/g,
];

/** "……计满分" with no number: the full-marks clause of a deduction rule ("收入及时足额上缴计满分"). */
const FULL_STATEMENT = new RegExp(`^[^\\d]*?的?,?(?:计|得|为)(?:满分|${N}分)$`);

/** Scoring words: a leftover fragment with one of these was not read. "百分点" is not a score. */
const SCORING = /\d|(?<!百)分|扣/;

/**
 * The clauses of `t` not covered by `used` (phrases a parser matched) nor by boilerplate.
 * `allowFullStatement`: a bare "…计满分" clause restates full marks (true for deduction rules).
 */
export function unreadClauses(t: string, used: (string | undefined)[], allowFullStatement = true): string[] {
  let rest = t;
  for (const u of used) if (u) rest = rest.split(u).join('|');
  for (const re of BOILERPLATE) rest = rest.replace(re, '|');
  const out: string[] = [];
  for (const raw of rest.split(/[,;。|]/)) {
    // "1.有…制度": a list number is not a score.
    const c = raw.replace(/^\d+[.、)](?!\d)/, '').replace(/^(?:的|时|则|且|并|其中|以上情况)+|(?:的|时|则)+$/g, '');
    if (c.length === 0 || !SCORING.test(c)) continue;
    // "预算执行率=实际支出/预算×100%": a definition, not a way of scoring.
    if (/=/.test(c) && !/(?<!百)分|扣/.test(c)) continue;
    if (allowFullStatement && FULL_STATEMENT.test(c)) continue;
    out.push(c);
  }
  return out;
}

/** The reason an item is manual because of clauses nobody read, quoting them. */
export function unreadReason(clauses: string[]): string {
  const q = clauses.map((c) => `「${c.length > 30 ? `${c.slice(0, 30)}…` : c}」`).join('、');
  return `评分标准中${q}没有读懂，不能自动计分，需人工评分`;
}

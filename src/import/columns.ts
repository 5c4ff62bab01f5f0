import { labelKey } from './text.js';

/** What a column of an indicator table holds, recognised by meaning, never by position. */
export type ColumnKind =
  | 'level1'
  | 'level2'
  | 'name'
  | 'target'
  | 'half'
  | 'mid'
  | 'weight'
  | 'rule'
  | 'op'
  | 'unit'
  | 'desc'
  | 'actual'
  | 'score'
  | 'reason'
  | 'layout';

/**
 * Header texts (after labelKey: no spaces, ASCII brackets, "(程)" dropped) and what they mean. A title
 * is a few words put together (评分 + 细则, 年度 + 指标值), so each kind is a small grammar of its
 * words rather than a list of whole titles: a new wording is usually a new word here.
 */
const RULE_HEAD = '(评\\(扣\\)分|评\\/扣分|评扣分|评分|扣分|计分|考核|考评|评价|打分|得分计算)';
const RULE_TAIL = '(标准|细则|办法|方法|规则|说明|依据|要求|口径|方式)';
const SYNONYMS: [ColumnKind, RegExp][] = [
  ['level1', /^一级(指标)?(名称)?$/],
  ['level2', /^二级(指标)?(名称)?$/],
  ['name', /^(三级(指标)?(名称|内容)?|指标名称|具体指标|指标内容|绩效指标名称|指标项|考核内容)$/],
  ['half', /^(半年|上半年)(计划)?(指标值|目标值)$/],
  ['mid', /^(中期|长期|总体|项目期)(指标值|目标值)$/],
  [
    'target',
    /^(年度|全年|本年度?|预期|年度计划|计划|当年)?(指标值|目标值|绩效目标值|指标目标值)$|^(预期|年度)(目标|值)$|^标准值$/,
  ],
  ['weight', /^(分值|权重|标准分值?|满分|指标分值|权重分值?|分数|指标权重|分值权重|标准分数|分值\(分\)|权重\(%\))$/],
  ['rule', new RegExp(`^${RULE_HEAD}${RULE_TAIL}(及说明|及依据)?$`)],
  ['op', /^(计算符号|指标性质|符号|运算符号|比较符号)$/],
  ['unit', /^(计量单位|度量单位|单位|指标单位)$/],
  [
    'desc',
    /^(指标值说明|绩效指标描述|指标值内容|指标解释|指标说明|指标内涵|指标定义|评价要点|指标值确定依据|指标值设定依据|计算公式|备注|说明|指标描述)$/,
  ],
  ['actual', /^(实际完成值|全年实际值|实际值|完成值|实际完成情况|实际完成|完成情况|全年完成值)$/],
  ['score', /^(得分|自评得分|实际得分|评价得分)$/],
  ['reason', /^偏差原因.*|^未完成原因.*|^(偏差|差异)(原因)?(分析)?.*/],
  // Layout: the column holding "绩效指标" down the left edge, row numbers.
  [
    'layout',
    /^(序号|编号|绩效指标|年度绩效指标|本年度绩效指标|长期绩效指标|中期绩效指标|绩效指标\(\d+分\)|项目|指标|指标体系)$/,
  ],
];

/** The kind of a header cell, or undefined when it is not a column title we know. */
export function columnKind(text: string): ColumnKind | undefined {
  const key = labelKey(text)
    .replace(/\((程|年度|万元|%|元)\)/g, '')
    .replace(/^\d+[.、]/, '');
  for (const [kind, re] of SYNONYMS) if (re.test(key)) return kind;
  return undefined;
}

export type ColumnMap = Partial<Record<ColumnKind, number>> & {
  desc_all?: number[];
  /** Header titles of columns it could not place, named in the preview (never dropped silently). */
  unplaced?: string[];
};

/**
 * A row is the header of an indicator table when it names the 三级指标 column and at least a
 * target or a 分值 column. Returns the columns it names (first occurrence of each kind wins, so a
 * merged title copied across two columns maps once).
 */
export function headerColumns(cells: string[]): ColumnMap | undefined {
  const map: ColumnMap = {};
  const descs: number[] = [];
  const unplaced: string[] = [];
  cells.forEach((t, i) => {
    const k = columnKind(t);
    if (!k) {
      if (t.trim() && cells[i - 1] !== t) unplaced.push(t.trim());
      return;
    }
    if (k === 'desc') descs.push(i);
    if (map[k] === undefined) map[k] = i;
  });
  // A 得分表 may state its 分值 only in the names ("相关性（6分）"): a rule column then marks it as a table too.
  if (map.name === undefined || (map.target === undefined && map.weight === undefined && map.rule === undefined))
    return undefined;
  if (map.level1 === undefined && map.level2 === undefined) return undefined;
  map.desc_all = descs;
  map.unplaced = unplaced;
  return map;
}

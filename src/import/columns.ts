import { labelKey } from './text.js';

/** What a column of an indicator table holds, recognised by meaning, never by position. */
export type ColumnKind =
  | 'level1'
  | 'level2'
  | 'name'
  | 'target'
  | 'half'
  | 'weight'
  | 'rule'
  | 'op'
  | 'unit'
  | 'desc'
  | 'actual'
  | 'score'
  | 'reason';

/** Header texts (after labelKey: no spaces, ASCII brackets, "(程)" dropped) and what they mean. */
const SYNONYMS: [ColumnKind, RegExp][] = [
  ['level1', /^一级指标$/],
  ['level2', /^二级指标$/],
  ['name', /^(三级指标|指标名称|具体指标|三级指标名称)$/],
  ['half', /^(半年|上半年)(计划)?(指标值|目标值)$/],
  ['target', /^(年度|全年|本年度|预期|年度计划)?(指标值|目标值)$|^预期目标$/],
  ['weight', /^(分值|权重|标准分值?|满分|指标分值|权重分值?)$/],
  ['rule', /^(评\(扣\)分标准|评\/扣分标准|评扣分标准|评分标准|扣分标准|计分方法|评分方法|评分办法|评分规则|评价标准)$/],
  ['op', /^(计算符号|指标性质|符号)$/],
  ['unit', /^(计量单位|度量单位|单位)$/],
  ['desc', /^(指标值说明|绩效指标描述|指标值内容|指标解释|指标说明|评价要点|指标值确定依据)$/],
  ['actual', /^(实际完成值|全年实际值|实际值|完成值|实际完成情况)$/],
  ['score', /^(得分|自评得分)$/],
  ['reason', /^偏差原因.*/],
];

/** The kind of a header cell, or undefined when it is not a column title we use. */
export function columnKind(text: string): ColumnKind | undefined {
  const key = labelKey(text)
    .replace(/\((程|年度|万元|%)\)/g, '')
    .replace(/^\d+[.、]/, '');
  for (const [kind, re] of SYNONYMS) if (re.test(key)) return kind;
  return undefined;
}

export type ColumnMap = Partial<Record<ColumnKind, number>> & { desc_all?: number[] };

/**
 * A row is the header of an indicator table when it names the 三级指标 column and at least a
 * target or a 分值 column. Returns the columns it names (first occurrence of each kind wins, so a
 * merged title copied across two columns maps once).
 */
export function headerColumns(cells: string[]): ColumnMap | undefined {
  const map: ColumnMap = {};
  const descs: number[] = [];
  cells.forEach((t, i) => {
    const k = columnKind(t);
    if (!k) return;
    if (k === 'desc') descs.push(i);
    if (map[k] === undefined) map[k] = i;
  });
  if (map.name === undefined || (map.target === undefined && map.weight === undefined)) return undefined;
  if (map.level1 === undefined && map.level2 === undefined) return undefined;
  map.desc_all = descs;
  return map;
}

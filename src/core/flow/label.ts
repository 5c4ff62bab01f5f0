import type { Flow } from './model.js';

/** What a label needs of a flow (a loaded Flow, or a catalog entry with the same fields). */
export type Labelled = Pick<Flow, 'title' | 'org' | 'year' | 'project' | 'version'>;

/**
 * The one name of a form wherever a person picks or reads it (chat menu, campaigns, console):
 * 单位 · 项目名称 (else the form's title) · 年度, and 第N版 once it was re-imported. Two forms of one
 * unit differ by project or year, so two menu entries never read the same.
 *
 * @example
 * flowLabel({ org: '正定县信访局', title: '项目支出绩效自评表', project: '信访专项业务费', year: 2022, version: 1 })
 * // → "正定县信访局 · 信访专项业务费 · 2022年度"
 * flowLabel({ title: '部门整体支出绩效自评表', year: 2024, version: 3 })
 * // → "部门整体支出绩效自评表 · 2024年度 · 第3版"
 */
export function flowLabel(f: Labelled): string {
  const what = f.project?.trim() || f.title.replace(/20\d\d\s*年度?/g, '').trim() || f.title;
  return [
    f.org?.trim(),
    what,
    f.year ? `${f.year}年度` : '',
    f.version !== undefined && f.version > 1 ? `第${f.version}版` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

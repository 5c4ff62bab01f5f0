/**
 * Where the indicator table's pages end, decided before the table is written. A vertically merged 一级/二级 cell
 * that runs over a page break leaves the next page's rows under a blank cell, and the reader of a .docx cannot be
 * told to repeat it. So the table is cut into page-sized runs of rows: each run gets its own merged cells (the
 * name repeated with （续） on a later page) and is chained with keep-with-next, so a run the estimate placed on
 * one page is moved whole rather than split. Estimates err towards fuller rows, so a run fits its page.
 */

/** A table row as the planner sees it: its estimated height and the groups it belongs to. */
export interface PlanRow {
  height: number;
  /** Index of its 一级 group and of its 二级 group within that. */
  g1: number;
  g2: number;
}

export interface PagePlanInput {
  rows: PlanRow[];
  /** Height of the 一级 / 二级 label cells, which a run must be at least as tall as. */
  level1Height: (g1: number) => number;
  level2Height: (g1: number, g2: number) => number;
  /** Room for rows on the first page (after what precedes the table and its header row) and on later pages. */
  firstRoom: number;
  room: number;
  /** What must stay with the last row on its page: the 总分 row, notes and signature lines. */
  tail: number;
}

/** A 二级 group up to this many rows is kept on one page; a longer one only keeps its label with a second row. */
export const KEEP_WHOLE_UP_TO = 6;

/** Indices of the rows that begin a new page (never 0). */
export function planPages(p: PagePlanInput): number[] {
  const { rows } = p;
  const h = grownHeights(p);
  const labels = (k: number) => Math.max(p.level1Height(rows[k].g1), p.level2Height(rows[k].g1, rows[k].g2));
  const breaks: number[] = [];
  let used = 0;
  let room = p.firstRoom;
  let pageStart = 0;
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    const startsL1 = k === 0 || rows[k - 1].g1 !== r.g1;
    const startsL2 = startsL1 || rows[k - 1].g2 !== r.g2;
    // The rows that must share this row's page: a small 二级 group whole, a 一级 label with the row after it,
    // the last row with the 总分 row.
    let end = k;
    if (startsL2) {
      const n2 = countWhile(rows, k, (x) => x.g1 === r.g1 && x.g2 === r.g2);
      end = k + (n2 <= KEEP_WHOLE_UP_TO ? n2 : Math.min(2, n2)) - 1;
    }
    if (startsL1 && countWhile(rows, k, (x) => x.g1 === r.g1) > 1) end = Math.max(end, k + 1);
    let need = 0;
    for (let i = k; i <= end; i++) need += h[i];
    if (end === rows.length - 1) need += p.tail;
    const onFreshPage = Math.max(need, labels(k));
    // Break when the unit does not fit; if not even a fresh page holds it, break only when this row does not fit.
    if (k > pageStart && used + need > room && (onFreshPage <= p.room || used + h[k] > room)) {
      // No widow: a group is not continued on a new page with its last row alone; the row before goes with it.
      // (LibreOffice also draws the row above such a lone row without its merged cells.)
      const sameL1 = (x: PlanRow) => x.g1 === r.g1;
      const sameL2 = (x: PlanRow) => x.g1 === r.g1 && x.g2 === r.g2;
      const alone = (same: (x: PlanRow) => boolean) => same(rows[k - 1]) && countWhile(rows, k, same) === 1;
      const widow = k - 1 > pageStart && (alone(sameL1) || alone(sameL2));
      const at = widow ? k - 1 : k;
      breaks.push(at);
      pageStart = at;
      used = widow ? Math.max(h[at], labels(at)) : 0;
      room = p.room;
    }
    // A run opening a page repeats its labels, which may be taller than its first row.
    used += k === pageStart ? Math.max(h[k], labels(k)) : h[k];
  }
  return breaks;
}

/**
 * Row heights with the labels' share: a merged label taller than its group's rows makes the group's last row
 * taller, as the reader lays it out.
 */
function grownHeights(p: PagePlanInput): number[] {
  const h = p.rows.map((r) => r.height);
  const grow = (same: (a: PlanRow, b: PlanRow) => boolean, labelHeight: (r: PlanRow) => number) => {
    let start = 0;
    for (let k = 1; k <= p.rows.length; k++) {
      if (k < p.rows.length && same(p.rows[k], p.rows[start])) continue;
      const sum = h.slice(start, k).reduce((s, x) => s + x, 0);
      h[k - 1] += Math.max(0, labelHeight(p.rows[start]) - sum);
      start = k;
    }
  };
  grow(
    (a, b) => a.g1 === b.g1 && a.g2 === b.g2,
    (r) => p.level2Height(r.g1, r.g2),
  );
  grow(
    (a, b) => a.g1 === b.g1,
    (r) => p.level1Height(r.g1),
  );
  return h;
}

function countWhile<T>(xs: T[], from: number, ok: (x: T) => boolean): number {
  let n = 0;
  while (from + n < xs.length && ok(xs[from + n])) n++;
  return n;
}

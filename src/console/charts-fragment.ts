// The progress page's charts, drawn from the same rows as the table.
import { level1BarsSvg, totalsHistogramSvg } from '../charts/campaign-charts.js';
import { type Html, trustedSvg } from './layout.js';
import type { PersonRow } from './people.js';

/** People whose submitted form is unchanged since: their 一级指标 scores are known item by item. */
function scored(rows: PersonRow[]) {
  return rows
    .filter((r) => r.report && r.groups)
    .map((r) => ({ user: r.user, total: r.report!.total, max: r.report!.max, groups: r.groups! }));
}

/** Drawing is the slow part of the page; the same numbers give the same SVG, so the last few are kept. */
const drawn = new Map<string, string>();
function memo(kind: string, data: unknown, draw: () => string): string {
  const key = `${kind}:${JSON.stringify(data)}`;
  let svg = drawn.get(key);
  if (svg === undefined) {
    svg = draw();
    if (drawn.size >= 20) drawn.delete(drawn.keys().next().value!);
    drawn.set(key, svg);
  }
  return svg;
}

export function campaignBars(rows: PersonRow[]): Html {
  const people = scored(rows);
  return trustedSvg(memo('bars', people, () => level1BarsSvg(people)));
}

export function campaignHistogram(rows: PersonRow[]): Html {
  const people = scored(rows).map((p) => ({ total: p.total, max: p.max }));
  return trustedSvg(memo('totals', people, () => totalsHistogramSvg(people)));
}

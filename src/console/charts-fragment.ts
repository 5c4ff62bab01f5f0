import { level1BarsSvg, totalsHistogramSvg } from '../charts/campaign-charts.js';
import { type Html, trustedSvg } from './layout.js';
import type { PersonRow } from './people.js';

/** People whose submitted form is unchanged since: their 一级指标 scores are known item by item. */
function scored(rows: PersonRow[]) {
  return rows
    .filter((r) => r.report && r.groups)
    .map((r) => ({ user: r.user, total: r.report!.total, max: r.report!.max, groups: r.groups! }));
}

export function campaignBars(rows: PersonRow[]): Html {
  return trustedSvg(level1BarsSvg(scored(rows)));
}

export function campaignHistogram(rows: PersonRow[]): Html {
  return trustedSvg(totalsHistogramSvg(scored(rows)));
}

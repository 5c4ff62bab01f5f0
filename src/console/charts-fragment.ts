// The progress page's charts, near the top, drawn from the same rows as the table: the 一级指标 summary and the
// totals of everyone who submitted, and each person's bars while there are few enough to read them.
import { createHash } from 'node:crypto';
import { html } from 'hono/html';
import type { Campaign } from '../campaigns/model.js';
import { displayNames } from '../campaigns/people-list.js';
import {
  level1BarsSvg,
  level1Summary,
  level1SummarySvg,
  MAX_PEOPLE_IN_CHART,
  totalsHistogramSvg,
} from '../charts/campaign-charts.js';
import { formatScore } from '../core/scoring/round.js';
import { type Html, trustedSvg } from './layout.js';
import type { PersonRow } from './people.js';

export const CHARTS_REFRESH_SECONDS = 15;

/** People whose submitted form is unchanged since: their 一级指标 scores are known item by item. */
function scored(rows: PersonRow[]) {
  // Labelled by display name (two people of one name by name and key).
  const shown = displayNames(rows);
  return rows
    .filter((r) => r.report && r.groups)
    .map((r) => ({ user: shown(r.user), total: r.report!.total, max: r.report!.max, groups: r.groups! }));
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

/** What the charts show, as a short token: a refresh with the same token gets 204 and nothing is redrawn. */
export function chartsToken(rows: PersonRow[]): string {
  return createHash('sha1')
    .update(JSON.stringify(scored(rows)))
    .digest('base64url')
    .slice(0, 16);
}

export function campaignCharts(k: Campaign, rows: PersonRow[]): Html {
  const people = scored(rows);
  const poll = `/campaigns/${k.id}/charts?v=${chartsToken(rows)}`;
  return html`<div id="charts" class="card charts" hx-get="${poll}" hx-trigger="every ${CHARTS_REFRESH_SECONDS}s" hx-swap="outerHTML">${
    people.length
      ? html`<div class="chart-grid">${trustedSvg(memo('summary', people, () => level1SummarySvg(people)))}${trustedSvg(
          memo(
            'totals',
            people.map((p) => ({ total: p.total, max: p.max })),
            () => totalsHistogramSvg(people),
          ),
        )}</div>
<table class="compact"><thead><tr><th>一级指标</th><th class="num">平均得分率</th><th class="num">最低</th><th class="num">失分人数</th></tr></thead><tbody>${level1Summary(
          people,
        ).map(
          (g) =>
            html`<tr><td>${g.name}</td><td class="num">${formatScore(g.average)}%</td><td class="num">${formatScore(g.lowest)}%</td><td class="num">${g.losing}/${g.people}</td></tr>`,
        )}</tbody></table>${
          people.length <= MAX_PEOPLE_IN_CHART
            ? html`<details><summary>各人一级指标得分（${people.length} 人）</summary>${trustedSvg(
                memo('bars', people, () => level1BarsSvg(people)),
              )}</details>`
            : html`<p class="hint">人数较多，各人得分请在下表按「得分」排序查看。</p>`
        }`
      : html`<p class="hint">还没有人提交，提交后这里显示各一级指标的平均得分率和总分分布。</p>`
  }</div>`;
}

// The console's campaign charts: the 一级指标 over everyone (average 得分率, lowest, who lost points), each person's
// 一级指标 scores while few enough to read, and how the totals spread.
import { formatScore } from '../core/scoring/round.js';
import type { Level1Score } from './level1.js';
import { type ChartOption, chartSvg } from './render.js';

export interface PersonScores {
  user: string;
  total: number;
  max: number;
  groups: Level1Score[];
}

/** More bars than this would not be readable on a page; the chart says how many it leaves out. */
export const MAX_PEOPLE_IN_CHART = 40;

export function level1BarsSvg(people: PersonScores[], width = 760): string {
  const shown = people.slice(0, MAX_PEOPLE_IN_CHART);
  const names = [...new Set(shown.flatMap((p) => p.groups.map((g) => g.name)))];
  const option: ChartOption = {
    title: {
      text:
        people.length > shown.length
          ? `各人一级指标得分（前 ${shown.length} 人，共 ${people.length} 人）`
          : '各人一级指标得分',
      textStyle: { fontSize: 14 },
    },
    legend: { bottom: 0, data: names },
    grid: { left: 90, right: 30, top: 40, bottom: 60 },
    xAxis: { type: 'value', min: 0 },
    yAxis: { type: 'category', data: shown.map((p) => p.user), inverse: true },
    series: names.map((n) => ({
      name: n,
      type: 'bar',
      stack: 'total',
      data: shown.map((p) => p.groups.find((g) => g.name === n)?.score ?? 0),
    })),
  };
  return chartSvg(option, width, Math.max(180, 110 + shown.length * 26));
}

/** Totals as a share of the form's 总分, in bands of 10 points (below 60 together). */
export function totalsBands(people: Pick<PersonScores, 'total' | 'max'>[]): Array<{ label: string; count: number }> {
  const bands = [
    { label: '60分以下', min: -Infinity },
    { label: '60–69', min: 60 },
    { label: '70–79', min: 70 },
    { label: '80–89', min: 80 },
    { label: '90–100', min: 90 },
  ];
  const counts = bands.map((b) => ({ label: b.label, count: 0 }));
  for (const p of people) {
    const pct = p.max > 0 ? (p.total / p.max) * 100 : 0;
    let i = bands.length - 1;
    while (i > 0 && pct < bands[i].min - 1e-9) i--;
    counts[i].count++;
  }
  return counts;
}

export function totalsHistogramSvg(people: Pick<PersonScores, 'total' | 'max'>[], width = 480): string {
  const bands = totalsBands(people);
  const option: ChartOption = {
    title: { text: '总分分布（按百分制）', textStyle: { fontSize: 14 } },
    grid: { left: 50, right: 20, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: bands.map((b) => b.label) },
    yAxis: { type: 'value', minInterval: 1, name: '人数' },
    series: [
      {
        type: 'bar',
        data: bands.map((b) => b.count),
        label: { show: true, position: 'top', formatter: (p: { value: number }) => formatScore(p.value) },
        itemStyle: { color: '#2f6fb0' },
      },
    ],
  };
  return chartSvg(option, width, 260);
}

/** Per 一级指标 over everyone who submitted: the average 得分率, the lowest, and how many lost points there. */
export interface Level1Summary {
  name: string;
  /** Percent of the group's maximum, 0–100, one decimal. */
  average: number;
  lowest: number;
  /** People who lost points in the group. */
  losing: number;
  people: number;
}

export function level1Summary(people: PersonScores[]): Level1Summary[] {
  const names = [...new Set(people.flatMap((p) => p.groups.map((g) => g.name)))];
  return names.map((name) => {
    const rates = people
      .map((p) => p.groups.find((g) => g.name === name))
      .filter((g): g is Level1Score => g !== undefined && g.max > 0)
      .map((g) => ({ pct: (g.score / g.max) * 100, lost: g.score < g.max - 1e-9 }));
    const avg = rates.reduce((s, r) => s + r.pct, 0) / (rates.length || 1);
    return {
      name,
      average: Math.round(avg * 10) / 10,
      lowest: Math.round(Math.min(...rates.map((r) => r.pct), 100) * 10) / 10,
      losing: rates.filter((r) => r.lost).length,
      people: rates.length,
    };
  });
}

/**
 * Everyone at once, however many: one bar per 一级指标, its average 得分率 — where the round's points are lost (the
 * page lists the lowest and how many lost points under it). Size does not grow with the number of people.
 */
export function level1SummarySvg(people: PersonScores[], width = 480): string {
  const rows = level1Summary(people);
  const option: ChartOption = {
    title: { text: `各一级指标平均得分率（全部 ${people.length} 人）`, textStyle: { fontSize: 14 } },
    grid: { left: 80, right: 50, top: 40, bottom: 30 },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: rows.map((r) => r.name), inverse: true, axisLabel: { fontSize: 12 } },
    series: [
      {
        type: 'bar',
        data: rows.map((r) => r.average),
        itemStyle: { color: '#2f6fb0' },
        barMaxWidth: 28,
        label: {
          show: true,
          position: 'right',
          fontSize: 12,
          formatter: (p: { value: number }) => `${formatScore(p.value)}%`,
        },
      },
    ],
  };
  return chartSvg(option, width, Math.max(180, 80 + rows.length * 40));
}

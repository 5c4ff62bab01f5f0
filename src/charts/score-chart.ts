// One person's 一级指标 scores against their 分值: sent as a PNG after 确认, and embeddable in the .docx.
import { formatScore } from '../core/scoring/round.js';
import type { ScoreReport } from '../core/types.js';
import { level1Scores } from './level1.js';
import { type ChartOption, chartSvg, svgToPng } from './render.js';

export const SCORE_CHART_WIDTH = 800;
export const SCORE_CHART_HEIGHT = 450;

export function scoreChartOption(
  report: Pick<ScoreReport, 'items' | 'total' | 'max' | 'grade' | 'provisional'>,
): ChartOption {
  const groups = level1Scores(report);
  const names = groups.map((g) => (g.pending ? `${g.name}（待评）` : g.name));
  return {
    title: {
      text: `总分 ${formatScore(report.total)} / ${formatScore(report.max)}　${report.grade}${report.provisional ? '（暂定）' : ''}`,
      left: 'center',
      textStyle: { fontSize: 18 },
    },
    legend: { bottom: 0, data: ['得分', '分值'] },
    grid: { left: 140, right: 50, top: 50, bottom: 40 },
    xAxis: { type: 'value', min: 0 },
    yAxis: { type: 'category', data: names, inverse: true, axisLabel: { fontSize: 14 } },
    series: [
      {
        name: '得分',
        type: 'bar',
        data: groups.map((g) => g.score),
        label: { show: true, position: 'right', formatter: (p: { value: number }) => formatScore(p.value) },
        itemStyle: { color: '#2f6fb0' },
      },
      { name: '分值', type: 'bar', data: groups.map((g) => g.max), itemStyle: { color: '#c8d6e5' } },
    ],
  };
}

export function scoreChartSvg(report: Parameters<typeof scoreChartOption>[0]): string {
  return chartSvg(scoreChartOption(report), SCORE_CHART_WIDTH, SCORE_CHART_HEIGHT);
}

/** A PNG of SCORE_CHART_WIDTH × SCORE_CHART_HEIGHT pixels. */
export function scoreChartPng(report: Parameters<typeof scoreChartOption>[0]): Buffer {
  return svgToPng(scoreChartSvg(report), SCORE_CHART_WIDTH);
}

// Server-side charts: ECharts draws SVG without a DOM (ssr: true); resvg turns it into a PNG for chat and .docx.
import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';

export type ChartOption = echarts.EChartsCoreOption;

/** The CJK font is loaded from its file: resvg finds no system fonts on its own, and Chinese would be blank. */
const FONT_FILES = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
];
export const CHART_FONT = 'Noto Sans CJK SC';

export function fontFiles(): string[] {
  const extra = process.env.TIANBAO_CHART_FONTS?.split(':').filter(Boolean) ?? [];
  return [...extra, ...FONT_FILES].filter((f) => existsSync(f));
}

export function chartSvg(option: ChartOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: CHART_FONT }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export function svgToPng(svg: string, width: number): Buffer {
  const resvg = new Resvg(svg, {
    font: { fontFiles: fontFiles(), loadSystemFonts: false, defaultFontFamily: CHART_FONT },
    fitTo: { mode: 'width', value: width },
    background: '#ffffff',
  });
  return resvg.render().asPng();
}

// One report rendered: its 一级指标 chart (ECharts → resvg) and the .docx with the chart inside. Runs in the
// render worker (render-worker.mjs) so that drawing — hundreds of milliseconds of CPU — never holds up a chat.
import { threadId } from 'node:worker_threads';
import type { Flow } from '../core/flow/model.js';
import type { ScoreReport } from '../core/types.js';

export interface RenderJob {
  flow: Flow;
  report: ScoreReport;
  revision: number;
  filledAt: Date;
}

export interface Rendered {
  docx: Uint8Array;
  /** Undefined when the chart could not be drawn (the document goes without it); chartError says why. */
  png?: Uint8Array;
  chartError?: string;
  /** The thread that drew it (0: the main thread). */
  thread: number;
}

/** Draws the chart and the document in this thread. */
export async function renderJob(job: RenderJob): Promise<Rendered> {
  let png: Uint8Array | undefined;
  let chartError: string | undefined;
  try {
    png = (await import('../charts/score-chart.js')).scoreChartPng(job.report);
  } catch (e) {
    chartError = e instanceof Error ? (e.stack ?? e.message) : String(e);
  }
  const { renderReport } = await import('../report/render-docx.js');
  const docx = await renderReport({ ...job, chartPng: png });
  return { docx, png, chartError, thread: threadId };
}

/**
 * Loads the chart and document modules (ECharts, resvg, docx: seconds of loading at the worker's low priority) so
 * that the first report of a round is drawn as fast as the others.
 */
export async function preloadRenderers(): Promise<void> {
  await Promise.all([import('../charts/score-chart.js'), import('../report/render-docx.js')]);
}

import { existsSync, mkdirSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ScoreReport } from '../core/types.js';
import type { ReportSink } from '../engine/engine.js';
import type { Outbound } from '../engine/ports.js';
import { reportFileNameFor } from '../report/file-name.js';
import { reportFile } from '../report/report-path.js';
import { RenderWorker } from './render-worker.js';

/** Draws the person's 一级指标 scores as a PNG (the charts module by default; tests pass a failing one). */
export type ScoreChart = (report: ScoreReport) => Buffer | Promise<Buffer>;

/**
 * Saves each submitted revision as its own .docx under <dataDir>/reports (earlier revisions stay), with
 * its 一级指标 chart inside and beside it as a .png. The chart is an illustration: if drawing or saving
 * it fails, the .docx goes out without it.
 */
export class DocxReportSink implements ReportSink {
  /** Where the chart and the .docx are drawn unless a chart function is given: a worker thread (see render-worker.ts). */
  private readonly worker = new RenderWorker();

  constructor(
    private readonly dir: string,
    /** Draws the chart in this thread instead (tests pass a failing one). */
    private readonly chart?: ScoreChart,
  ) {}

  /** Starts the render worker now (a bot that will run for a while); resolves once it takes reports. */
  warm(): Promise<boolean> {
    return this.chart ? Promise.resolve(false) : this.worker.started();
  }

  /** Stops the render worker. */
  close(): Promise<void> {
    return this.worker.close();
  }

  async save(row: Parameters<ReportSink['save']>[0]): Promise<Outbound[]> {
    const path = reportFile(this.dir, { ...row, flowId: row.flow.id });
    const pngPath = path.replace(/\.docx$/, '.png');
    const userDir = dirname(path);
    mkdirSync(userDir, { recursive: true });
    const file = basename(path);
    const name = reportFileNameFor(row.flow, row.report, row.revision);
    if (!isFile(path)) {
      removeLeftovers(userDir, file);
      removeLeftovers(userDir, pngPath.slice(userDir.length + 1));
      const job = { flow: row.flow, report: row.report, revision: row.revision, filledAt: row.filledAt };
      let buf: Uint8Array;
      if (this.chart) {
        const chartPng = await this.drawChart(this.chart, row, pngPath);
        // Loaded on first use: the docx library is large and most turns never render.
        const { renderReport } = await import('../report/render-docx.js');
        buf = await renderReport({ ...job, chartPng });
      } else {
        const r = await this.worker.render(job);
        if (r.png) writeAtomically(pngPath, r.png);
        else chartFailed(row, pngPath, r.chartError);
        buf = r.docx;
      }
      writeAtomically(path, buf);
    }
    const out: Outbound[] = [{ kind: 'file', path, name }];
    // The chart follows the document, when it was drawn (a document rendered again reuses both files).
    if (isFile(pngPath)) out.push({ kind: 'file', path: pngPath, name: name.replace(/\.docx$/, '-得分图.png') });
    return out;
  }

  /** The chart as a PNG saved beside the document; undefined (and no file) when it could not be made. */
  private async drawChart(
    chart: ScoreChart,
    row: { report: ScoreReport; sessionId: number; revision: number },
    pngPath: string,
  ) {
    try {
      const png = await chart(row.report);
      writeAtomically(pngPath, png);
      return png;
    } catch (e) {
      chartFailed(row, pngPath, e);
      return undefined;
    }
  }
}

function chartFailed(row: { sessionId: number; revision: number }, pngPath: string, e: unknown): void {
  if (existsSync(pngPath)) unlinkSync(pngPath);
  console.error(`score chart of session ${row.sessionId} r${row.revision} failed; the report goes without it:`, e);
}

/** Write then rename: a crash never leaves half a file under the final name; a failure leaves no .tmp. */
function writeAtomically(path: string, data: Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    if (existsSync(tmp)) unlinkSync(tmp);
    throw e;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** .tmp files of an earlier attempt at the same document (a process killed mid-write). */
function removeLeftovers(dir: string, file: string): void {
  for (const f of readdirSync(dir)) if (f.startsWith(`${file}.`) && f.endsWith('.tmp')) unlinkSync(join(dir, f));
}

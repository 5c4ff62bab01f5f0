import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ReportSink } from '../engine/engine.js';
import type { Outbound } from '../engine/ports.js';

/** Saves each submitted revision as its own .docx under <dataDir>/reports; earlier revisions stay. */
export class DocxReportSink implements ReportSink {
  constructor(private readonly dir: string) {}

  async save(row: Parameters<ReportSink['save']>[0]): Promise<Outbound> {
    const path = reportFile(this.dir, { ...row, flowId: row.flow.id });
    mkdirSync(dirname(path), { recursive: true });
    const name = `${row.flow.year ? `${row.flow.year}年度` : ''}${row.flow.title}-第${row.revision}版.docx`;
    if (!existsSync(path)) {
      // Loaded on first use: the docx library is large and most turns never render.
      const { renderReport } = await import('../report/render-docx.js');
      const buf = await renderReport({
        flow: row.flow,
        report: row.report,
        revision: row.revision,
        filledAt: row.filledAt,
      });
      // Write then rename: a crash never leaves half a document under the final name.
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, buf);
      renameSync(tmp, path);
    }
    return { kind: 'file', path, name };
  }
}

/** Where a revision's .docx lives (the web console reads it from here too). */
export function reportFile(
  dir: string,
  r: { user: string; flowId: string; sessionId: number; revision: number },
): string {
  return join(dir, safeName(r.user), `${r.flowId}-s${r.sessionId}-v${r.revision}.docx`);
}

/** A person's key may hold any characters; keep letters, digits and CJK, replace the rest. */
export function safeName(s: string): string {
  const cleaned = s
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}_-]+/gu, '_')
    .slice(0, 60);
  return cleaned || 'user';
}

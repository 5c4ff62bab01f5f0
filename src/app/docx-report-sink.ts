import { existsSync, mkdirSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ReportSink } from '../engine/engine.js';
import type { Outbound } from '../engine/ports.js';
import { reportFileNameFor } from '../report/file-name.js';

/** Saves each submitted revision as its own .docx under <dataDir>/reports; earlier revisions stay. */
export class DocxReportSink implements ReportSink {
  constructor(private readonly dir: string) {}

  async save(row: Parameters<ReportSink['save']>[0]): Promise<Outbound> {
    const path = reportFile(this.dir, { ...row, flowId: row.flow.id });
    const userDir = dirname(path);
    mkdirSync(userDir, { recursive: true });
    const file = path.slice(userDir.length + 1);
    const name = reportFileNameFor(row.flow, row.report, row.revision);
    if (!isFile(path)) {
      removeLeftovers(userDir, file);
      // Loaded on first use: the docx library is large and most turns never render.
      const { renderReport } = await import('../report/render-docx.js');
      const buf = await renderReport({
        flow: row.flow,
        report: row.report,
        revision: row.revision,
        filledAt: row.filledAt,
      });
      // Write then rename: a crash never leaves half a document under the final name; a failure leaves no .tmp.
      const tmp = `${path}.${process.pid}.tmp`;
      try {
        writeFileSync(tmp, buf);
        renameSync(tmp, path);
      } catch (e) {
        if (existsSync(tmp)) unlinkSync(tmp);
        throw e;
      }
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

/** A person's key may hold any characters; keep letters, digits and CJK, replace the rest. */
export function safeName(s: string): string {
  const cleaned = s
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}_-]+/gu, '_')
    .slice(0, 60);
  return cleaned || 'user';
}

// Where a submitted revision's .docx is kept under the reports directory: the engine's report sink writes there and
// the web console reads from there, so both name files the same way. Pure: a path, no file is touched.
import { join } from 'node:path';

/**
 * The file of one revision: <dir>/<person>/<flow>-s<session>-v<revision>.docx.
 *
 * @example reportFile('data/reports', { user: '张三', flowId: 'demo', sessionId: 4, revision: 2 })
 * // → 'data/reports/张三/demo-s4-v2.docx'
 */
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

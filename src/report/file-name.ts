import type { Flow } from '../core/flow/model.js';
import type { FieldResult, ScoreReport } from '../core/types.js';

/** What the file name is made of; an empty part is left out rather than printed as a blank. */
export interface FileNameParts {
  org?: string;
  project?: string;
  year?: number | string;
  revision: number;
}

/** Longest a part may be, in characters: the 正定 project names run past 40, and WeChat cuts long names in the chat. */
const PART_MAX = 40;
/** Well under Windows' 255 and short enough to read in a WeChat file bubble. */
const NAME_MAX = 120;

/**
 * Characters Windows refuses in a file name (\ / : * ? " < > |), control characters, and the invisible format
 * characters (zero-width joiners, direction marks) a pasted name may carry. Full-width （）【】 stay: they are text.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what must go.
const UNSAFE = /[\\/:*?"<>|\u0000-\u001F\u007F-\u009F\p{Cf}\u2028\u2029]/gu;

/** A part as it may stand in a file name: unsafe characters dropped, spaces collapsed, capped without splitting a character. */
export function safePart(s: string, max = PART_MAX): string {
  const cleaned = s
    .normalize('NFC')
    .replace(UNSAFE, '')
    .replace(/\s+/gu, ' ')
    .trim()
    // Windows drops trailing dots and spaces silently, which would change the name the person sees.
    .replace(/[.\s]+$/u, '');
  return [...cleaned]
    .slice(0, max)
    .join('')
    .replace(/[.\s]+$/u, '');
}

/** 单位-项目名称-年度-自评表-第N版.docx, e.g. 示例县信访局-信访专项业务费-2022年度-自评表-第2版.docx. */
export function reportFileName(p: FileNameParts): string {
  const year = p.year !== undefined && String(p.year).trim() ? `${safePart(String(p.year), 8)}年度` : '';
  const head = [safePart(p.org ?? ''), safePart(p.project ?? ''), year].filter(Boolean).join('-');
  const tail = `自评表-第${Math.max(1, Math.trunc(p.revision))}版.docx`;
  const room = NAME_MAX - [...tail].length - 1;
  const cut = [...head]
    .slice(0, room)
    .join('')
    .replace(/[-.\s]+$/u, '');
  return cut ? `${cut}-${tail}` : tail;
}

/**
 * The file name of a submitted revision: 单位 and 项目名称 as the person answered them, else as the form gives them;
 * a department form without a project is named by its title (部门整体支出).
 */
export function reportFileNameFor(flow: Flow, report: ScoreReport, revision: number): string {
  const answered = (test: (f: FieldResult) => boolean) =>
    report.fields.find((f) => test(f) && f.display.trim())?.display;
  const org =
    answered((f) => /^(org|org_name|unit|dept)$/i.test(f.id) || /(单位|部门)名称/.test(f.label)) ?? flow.org ?? '';
  const project =
    answered((f) => f.id === 'project_name' || /项目.*名称/.test(f.label)) ??
    flow.project ??
    flow.title.replace(/(绩效)?自评表$/u, '');
  return reportFileName({ org, project, year: flow.year, revision });
}

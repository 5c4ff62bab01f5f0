import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseTemplate, readTemplate } from '../templates/load-template.js';

/** The layout a deployer adapts: templates/report.yaml, read and checked here. */

/** A wording with {placeholders}; a placeholder outside `allowed` is a typo the deployer should hear about now. */
const wording = (...allowed: string[]) =>
  z.string({ error: '应为文字' }).superRefine((s, ctx) => {
    for (const m of s.matchAll(/\{([^{}]*)\}/g)) {
      if (!allowed.includes(m[1]))
        ctx.addIssue({
          code: 'custom',
          message: allowed.length
            ? `占位符 {${m[1]}} 不认识，这里只能用 ${allowed.map((a) => `{${a}}`).join(' ')}`
            : `占位符 {${m[1]}} 不认识，这里不能用占位符`,
        });
    }
  });

const fontSchema = z
  .object({
    east_asia: z.string().min(1, { error: 'east_asia（中文字体）不能为空' }),
    latin: z.string().min(1, { error: 'latin（西文字体）不能为空' }),
    size_pt: z.number().min(5, { error: '字号太小（至少 5 磅）' }).max(72, { error: '字号太大（至多 72 磅）' }),
    bold: z.boolean().default(false),
  })
  .strict();

export const columnKeys = ['level1', 'level2', 'name', 'target', 'actual', 'max', 'score', 'reason'] as const;
export type ColumnKey = (typeof columnKeys)[number];

const widths = (n: number) =>
  z.array(z.number().positive({ error: '列宽应为正数' })).length(n, { error: `应有 ${n} 个列宽` });

export const reportTemplateSchema = z
  .object({
    page: z
      .object({
        size: z.enum(['A4', 'A3'], { error: 'size 应为 A4 或 A3' }),
        orientation: z.enum(['landscape', 'portrait'], { error: 'orientation 应为 landscape 或 portrait' }),
        margin_mm: z
          .object({
            top: z.number().min(0),
            right: z.number().min(0),
            bottom: z.number().min(0),
            left: z.number().min(0),
          })
          .strict(),
      })
      .strict(),
    fonts: z
      .object({
        body: fontSchema,
        title: fontSchema,
        subtitle: fontSchema,
        heading: fontSchema,
        table_head: fontSchema,
        table: fontSchema,
        page_footer: fontSchema,
      })
      .strict(),
    language: z.string().min(2),
    time_zone: z.string().refine((tz) => isTimeZone(tz), { error: '不认识的时区，例如 Asia/Shanghai' }),
    text: z
      .object({
        title: wording('year', 'title'),
        title_without_year: wording('title'),
        subtitle: wording('org', 'date'),
        org_blank: wording(),
        revision: wording('revision'),
        date: wording('y', 'm', 'd'),
        page_footer: wording('page', 'pages'),
        budget: z
          .object({
            label: wording(),
            row: wording(),
            columns: z
              .array(wording())
              .length(6, { error: '应有 6 个列标题：年初预算数、全年预算数、全年执行数、分值、执行率、得分' }),
          })
          .strict(),
        goals: z.object({ label: wording(), expected: wording(), actual: wording() }).strict(),
        table: z
          .object({
            level1: wording('name', 'weight'),
            level1_continued: wording('name'),
            level2_continued: wording('name'),
            level1_weight_note: wording('name', 'stated', 'sum'),
            total_weight_note: wording('stated', 'sum'),
            total_label: wording(),
            total: wording('total', 'grade'),
            provisional: wording('total', 'pending'),
            pending_manual: wording('n'),
            pending_unanswered: wording('n'),
            pending_invalid: wording('n'),
            cell_manual: wording(),
            cell_unanswered: wording(),
            cell_invalid: wording(),
          })
          .strict(),
        sign: z
          .object({
            filler: wording(),
            phone: wording(),
            date: wording(),
            head: wording(),
            blank_width: z.number().int().min(0).max(40),
          })
          .strict(),
        appendix: z
          .object({
            title: wording(),
            none: wording(),
            pending_title: wording(),
            chart_title: wording(),
            no_reason: wording(),
            columns: z
              .array(wording())
              .length(7, { error: '应有 7 个列标题：序号、指标、分值、得分、扣分、扣分说明、偏差原因' }),
            widths: widths(7),
            item_no: wording('n'),
            actual_short: wording('actual', 'target'),
            actual: wording('actual', 'target'),
            by_rule: wording('rule'),
            by_default: wording(),
            by_person: wording(),
            result: wording('score', 'lost'),
            pending_item: wording('no', 'name', 'max', 'why'),
            pending_unanswered: wording(),
          })
          .strict(),
      })
      .strict(),
    columns: z
      .array(
        z
          .object({
            key: z.enum(columnKeys, { error: `key 应为 ${columnKeys.join('、')} 之一` }),
            title: wording(),
            width: z.number().positive({ error: '列宽应为正数' }),
          })
          .strict(),
      )
      .min(2)
      .superRefine((cols, ctx) => {
        const keys = cols.map((c) => c.key);
        for (const need of ['max', 'score'] as const)
          if (!keys.includes(need))
            ctx.addIssue({ code: 'custom', message: `缺少 key 为 ${need} 的列（分值、得分必须保留，总分要与之对应）` });
        const dup = keys.find((k, i) => keys.indexOf(k) !== i);
        if (dup) ctx.addIssue({ code: 'custom', message: `key 为 ${dup} 的列重复了` });
      }),
    info_widths: widths(8),
  })
  .strict();

export type ReportTemplate = z.output<typeof reportTemplateSchema>;
export type FontSpec = ReportTemplate['fonts']['body'];

export type TemplateResult = { ok: true; template: ReportTemplate } | { ok: false; errors: string[] };

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('zh-CN', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const defaultTemplatePath = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'templates',
  'report.yaml',
);

/** Reads and checks a layout file; every problem comes back as `file: path: reason`. */
export function loadReportTemplate(path: string = defaultTemplatePath): TemplateResult {
  const r = readTemplate(reportTemplateSchema, path, '版式文件');
  return r.ok ? { ok: true, template: r.value } : r;
}

export function parseReportTemplate(text: string, file = '<report.yaml>'): TemplateResult {
  const r = parseTemplate(reportTemplateSchema, text, file);
  return r.ok ? { ok: true, template: r.value } : r;
}

let cached: ReportTemplate | undefined;

/** The shipped layout. It is part of the program, so a broken one is a bug and throws. */
export function defaultTemplate(): ReportTemplate {
  if (cached) return cached;
  const res = loadReportTemplate();
  if (!res.ok) throw new Error(`版式文件 templates/report.yaml 有误：\n${res.errors.join('\n')}`);
  cached = res.template;
  return cached;
}

/** Fills {placeholders}; the schema already made sure only known names are used. */
export function fill(wordingText: string, vars: Record<string, string | number>): string {
  return wordingText.replace(/\{([^{}]*)\}/g, (all, name: string) => (name in vars ? String(vars[name]) : all));
}

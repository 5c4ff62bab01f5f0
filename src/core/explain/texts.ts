import { z } from 'zod';
import { loadTemplate } from '../../templates/load-template.js';

const line = z.string().min(1);

const explainTextsSchema = z.object({
  item: z.object({
    header: line,
    header_plain: line,
    header_pending: line,
    header_plain_pending: line,
    rule: line,
    no_rule: line,
    target: line,
    answer: line,
    gap: line,
    steps_title: line,
    step: line,
    lost: line,
    full: line,
    reason: line,
    reason_missing: line,
    manual: line,
    invalid: line,
    unanswered: line,
  }),
  lost: z.object({ title: line, line, none: line, pending_title: line, pending_line: line, hint: line }),
  total: z.object({
    title: line,
    sum_title: line,
    group_line: line,
    sum: line,
    provisional: line,
    bands: line,
    band: line,
    band_lowest: line,
    band_separator: z.string(),
  }),
  ambiguous: z.object({ title: line, line, hint: line }),
  no_match: z.object({ title: line, no_query: line, examples_title: line, examples: z.array(line).min(1) }),
  status: z.object({ unanswered: line, manual: line, invalid: line, scored: line }),
});

export type ExplainTexts = z.infer<typeof explainTextsSchema>;

const DEFAULT_PATH = new URL('../../../templates/explain.yaml', import.meta.url);

/** Reads and checks the wording file; a broken file fails loudly at start, not mid-conversation. */
export function loadExplainTexts(path: string | URL = DEFAULT_PATH): ExplainTexts {
  return loadTemplate(explainTextsSchema, path, '解释话术文件');
}

let cached: ExplainTexts | undefined;

export function explainTexts(): ExplainTexts {
  cached ??= loadExplainTexts();
  return cached;
}

/** Fills {name} placeholders; an unknown placeholder stays visible so a template typo shows up in tests. */
export function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

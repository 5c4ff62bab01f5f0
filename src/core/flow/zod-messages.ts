import { z } from 'zod';

// Flow and template authors read these: zod's own zh-CN locale words them, so no English text is
// translated by pattern. Two cases read better said plainly, and are decided on the issue's data.
const zhCN = z.locales.zhCN().localeError;

/** The error map for parsing files people write: a schema's own (Chinese) messages still win. */
export const zhErrors: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'invalid_type' && issue.input === undefined) return '缺少此项';
  if (issue.code === 'unrecognized_keys') return `不认识的键：${issue.keys.join('、')}`;
  return zhCN(issue);
};

/** indicators[3].weight; "(根)" for the document itself. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(根)';
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i ? '.' : ''}${String(k)}`)).join('');
}

/** One `file: path: reason` line per issue. */
export function issueLines(file: string, issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((i) => `${file}: ${formatPath(i.path)}: ${i.message}`);
}

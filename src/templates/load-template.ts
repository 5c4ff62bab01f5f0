import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import type { z } from 'zod';
import { MAX_YAML_ALIASES, unreadableReason } from '../core/flow/load.js';
import { issueLines, zhErrors } from '../core/flow/zod-messages.js';

// The one reader of templates/*.yaml (wording, layout, prompts): YAML with the same limits as flows,
// checked by the caller's zod schema, problems as `file: path: reason` in zod's Chinese words.

/** The templates/ folder shipped with the program. */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

/** A template is wording: 200 kB is far beyond any of ours, and keeps a wrong file from filling memory. */
const MAX_TEMPLATE_BYTES = 200_000;

export type TemplateRead<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/** templates/<name>, e.g. templatePath('messages.yaml'). */
export function templatePath(name: string): string {
  return `${TEMPLATES_DIR}${name}`;
}

/** Checks YAML text against a schema. Never throws. */
export function parseTemplate<T>(schema: z.ZodType<T>, text: string, file: string): TemplateRead<T> {
  const lineCounter = new YAML.LineCounter();
  try {
    const doc = YAML.parseDocument(text, { lineCounter, prettyErrors: false });
    if (doc.errors.length)
      return {
        ok: false,
        errors: doc.errors.map((e) => `${file}: 第${lineCounter.linePos(e.pos[0]).line}行: YAML 格式错误（${e.code}）`),
      };
    const parsed = schema.safeParse(doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }), { error: zhErrors });
    return parsed.success
      ? { ok: true, value: parsed.data }
      : { ok: false, errors: issueLines(file, parsed.error.issues) };
  } catch (e) {
    return { ok: false, errors: [`${file}: ${unreadableReason(e)}`] };
  }
}

/** Reads and checks a template file. Never throws; `what` names the file in messages (版式文件, 消息模板…). */
export function readTemplate<T>(schema: z.ZodType<T>, path: string | URL, what = '模板文件'): TemplateRead<T> {
  const file = path instanceof URL ? fileURLToPath(path) : path;
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_TEMPLATE_BYTES)
      return { ok: false, errors: [`${file}: ${what}过大（${size} 字节，上限 ${MAX_TEMPLATE_BYTES} 字节）`] };
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { ok: false, errors: [`${file}: 无法读取${what}（${(e as NodeJS.ErrnoException).code ?? String(e)}）`] };
  }
  return parseTemplate(schema, text, file);
}

/**
 * Reads and checks a template the program cannot run without: a broken one throws with every
 * problem listed, so it fails loudly at start rather than mid-conversation.
 */
export function loadTemplate<T>(schema: z.ZodType<T>, path: string | URL, what = '模板文件'): T {
  const res = readTemplate(schema, path, what);
  if (!res.ok) throw new Error(`${what}有误：\n${res.errors.join('\n')}`);
  return res.value;
}

const cache = new WeakMap<z.ZodType, Map<string, unknown>>();

/** loadTemplate, read once per file and schema for the life of the process. */
export function cachedTemplate<T>(schema: z.ZodType<T>, path: string | URL, what?: string): T {
  const key = String(path);
  const bySchema = cache.get(schema) ?? new Map<string, unknown>();
  cache.set(schema, bySchema);
  if (!bySchema.has(key)) bySchema.set(key, loadTemplate(schema, path, what));
  return bySchema.get(key) as T;
}

import { z } from 'zod';
import { fill } from '../engine/texts.js';
import { cachedTemplate, loadTemplate, templatePath } from '../templates/load-template.js';

// What the chat import says is data (templates/import.yaml), like every other text the bot says.
// Each key names the {placeholders} its message must keep: a dropped one would lose a fact
// (which file, which version), an unknown one would reach the person as `{x}`.
const PLACEHOLDERS = {
  not_admin: [],
  send_the_file: [],
  too_big: ['name', 'mb'],
  download_failed: ['name'],
  import_failed: ['name', 'reason'],
  read_one: ['name'],
  read_one_org: ['name', 'org'],
  facts: ['items', 'total', 'manual'],
  assumption: ['assumption'],
  inconsistencies: ['count'],
  first_questions: ['questions'],
  question: ['n', 'group', 'name', 'target', 'weight'],
  question_example: ['example'],
  read_many: ['count'],
  read_many_form: ['n', 'name', 'facts'],
  read_many_assumed: ['count'],
  ask_publish: [],
  restart_forgets: [],
  cancelled: [],
  published: ['count', 'forms'],
  published_form: ['name'],
  published_version: ['name', 'version', 'replaced'],
} as const satisfies Record<string, readonly string[]>;

export type ImportTextKey = keyof typeof PLACEHOLDERS;
type Vars<K extends ImportTextKey> = Record<(typeof PLACEHOLDERS)[K][number], string | number>;

/** The wording around the names it quotes: the filled reply then stays well within one screen (500). */
const MAX_WORDING = 200;

/** A message keeping exactly its own placeholders, each problem said in Chinese. */
function message(names: readonly string[]) {
  return z
    .string()
    .min(1)
    .max(MAX_WORDING, `太长（上限 ${MAX_WORDING} 字）：一条回复要在一屏之内，还要放下文件名、表名和读不了的原因`)
    .superRefine((text, ctx) => {
      const used = new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ''));
      const missing = names.filter((n) => !used.has(n));
      const unknown = [...used].filter((n) => !names.includes(n));
      if (missing.length)
        ctx.addIssue({ code: 'custom', message: `缺少占位符 ${missing.map((n) => `{${n}}`).join('、')}` });
      if (unknown.length)
        ctx.addIssue({
          code: 'custom',
          message: `不认识的占位符 ${unknown.map((n) => `{${n}}`).join('、')}（可用：${names.map((n) => `{${n}}`).join('、') || '无'}）`,
        });
    });
}

const schema = z
  .object(
    Object.fromEntries(Object.entries(PLACEHOLDERS).map(([k, names]) => [k, message(names)])) as Record<
      ImportTextKey,
      z.ZodString
    >,
  )
  .strict();

export type ImportTexts = Record<ImportTextKey, string>;

const WHAT = '导入消息模板';

/** templates/import.yaml, or the file TIANBAO_IMPORT_TEXTS names (a deployer's rewording). */
export function importTextsFile(): string {
  return process.env.TIANBAO_IMPORT_TEXTS || templatePath('import.yaml');
}

/** Reads one file afresh; throws with every problem listed (missing keys named). */
export function loadImportTexts(file = importTextsFile()): ImportTexts {
  return loadTemplate(schema, file, WHAT);
}

/** The running bot's import texts, read once per file. */
export function importTexts(): ImportTexts {
  return cachedTemplate(schema, importTextsFile(), WHAT);
}

/** One message filled; every placeholder the key names must be given. */
export function importText<K extends ImportTextKey>(
  texts: ImportTexts,
  key: K,
  ...vars: Vars<K> extends Record<string, never> ? [] : [Vars<K>]
): string {
  return fill(texts[key], vars[0] ?? {});
}

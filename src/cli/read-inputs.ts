import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Flow, RawAnswers } from '../core/flow/model.js';
import { loadFlowFile } from '../flows/read-flows.js';

// The one reader of answers files, for `score`, `report` and `explain`: the same file is accepted or
// refused by all three, with the same words (a UTF-8 BOM, as Windows Notepad writes it, is fine).

export const ANSWERS_EXAMPLE = `{"task_rate": "98%", "satisfaction": {"value": "85%", "reason": "个别案件办理周期长，下一步加强督办"}}`;

const text = z.union([z.string(), z.number().transform(String)]);
const answerSchema = z.union([
  text.transform((value) => ({ value })),
  z
    .object({
      value: text.optional(),
      reason: z.string().optional(),
      score: z.union([z.number(), z.string()]).optional(),
    })
    .strict()
    // A person's score alone is an answer too (an item the rules cannot score).
    .refine((a) => a.value !== undefined || a.score !== undefined)
    .transform(({ value, ...rest }) => ({ value: value ?? '', ...rest })),
]);
const answersSchema = z.record(z.string(), answerSchema);

export type AnswersRead = { ok: true; value: RawAnswers; warnings: string[] } | { ok: false; error: string };

/**
 * Reads an answers file: a JSON object of id → "typed answer" or {"value", "reason", "score"}.
 * With the flow, ids that are not its fields or indicators come back as warnings (they are ignored).
 */
export function readAnswersFile(path: string, flow?: Flow): AnswersRead {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (e) {
    return { ok: false, error: `无法读取答案文件 ${path}（${(e as NodeJS.ErrnoException).code ?? String(e)}）` };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { ok: false, error: `答案文件 ${path} 不是有效的 JSON（${(e as Error).message}）` };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return {
      ok: false,
      error: `答案文件 ${path} 应是 JSON 对象（{…}），实际是${Array.isArray(json) ? '数组' : json === null ? '空值' : typeof json}`,
    };
  const parsed = answersSchema.safeParse(json);
  if (!parsed.success) {
    const key = String(parsed.error.issues[0].path[0] ?? '');
    return { ok: false, error: `答案文件 ${path} 中"${key}"的写法不对：应为文字，或 {"value": "…", "reason": "…"}` };
  }
  const known = flow && new Set([...flow.fields.map((f) => f.id), ...flow.indicators.map((i) => i.id)]);
  const warnings = known
    ? Object.keys(parsed.data)
        .filter((k) => !known.has(k))
        .map((k) => `答案文件中的"${k}"不是该表单的字段或指标，已忽略`)
    : [];
  return { ok: true, value: parsed.data, warnings };
}

/** A flow and an answers file, as `score` and `explain` take them; problems are printed, exit code 2. */
export function loadFlowAndAnswers(
  flowPath: string,
  answersPath: string,
): { flow: Flow; answers: RawAnswers } | undefined {
  const loaded = loadFlowFile(flowPath);
  if (!loaded.ok) {
    for (const e of loaded.errors) console.error(e);
    return undefined;
  }
  const answers = readAnswersFile(answersPath, loaded.flow);
  if (!answers.ok) {
    console.error(`${answers.error}\n答案文件应是一个 JSON 对象，键为字段或指标的 id，例如：\n  ${ANSWERS_EXAMPLE}`);
    return undefined;
  }
  for (const w of answers.warnings) console.error(`提示：${w}`);
  return { flow: loaded.flow, answers: answers.value };
}

import { readFileSync } from 'node:fs';
import type { Flow, RawAnswers } from '../core/flow/model.js';
import { loadFlowFile } from '../flows/read-flows.js';

export type Loaded<T> = { ok: true; value: T } | { ok: false; error: string };

/** Reads an answers file: a JSON object of id → "typed answer" or {"value", "reason", "score"}. */
export function readAnswersFile(path: string): Loaded<RawAnswers> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { ok: false, error: `${path}: 无法读取答案文件（${(e as NodeJS.ErrnoException).code ?? String(e)}）` };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `${path}: 不是合法的 JSON（${(e as Error).message}）` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return { ok: false, error: `${path}: 答案文件应为 JSON 对象，例如 {"exec_rate": "98%"}` };
  for (const [k, v] of Object.entries(data)) {
    const okEntry =
      typeof v === 'string' ||
      typeof v === 'number' ||
      (typeof v === 'object' && v !== null && !Array.isArray(v) && ('value' in v || 'score' in v));
    if (!okEntry) return { ok: false, error: `${path}: ${k}: 答案应为字符串或 {"value": "…", "reason": "…"}` };
  }
  return { ok: true, value: data as RawAnswers };
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
  const answers = readAnswersFile(answersPath);
  if (!answers.ok) {
    console.error(answers.error);
    return undefined;
  }
  return { flow: loaded.flow, answers: answers.value };
}

import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { z } from 'zod';

const line = z.string().min(1);
const promptsSchema = z.object({
  classify: z.object({ system: line, user: line, tool_description: line }),
  reason: z.object({ system: line, user: line, tool_description: line, fallback: line }),
});

export type LlmPrompts = z.infer<typeof promptsSchema>;

let cached: LlmPrompts | undefined;

export function llmPrompts(): LlmPrompts {
  if (cached) return cached;
  const path = new URL('../../templates/llm.yaml', import.meta.url);
  const parsed = promptsSchema.safeParse(YAML.parse(readFileSync(path, 'utf8')));
  if (!parsed.success)
    throw new Error(
      `${path.pathname}: 提示词文件格式不对（${parsed.error.issues.map((i) => i.path.join('.')).join('、')}）`,
    );
  cached = parsed.data;
  return cached;
}

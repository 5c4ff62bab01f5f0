import { z } from 'zod';
import { cachedTemplate, templatePath } from '../templates/load-template.js';

const line = z.string().min(1);
const promptsSchema = z.object({
  classify: z.object({ system: line, user: line, tool_description: line }),
  reason: z.object({ system: line, user: line, tool_description: line, fallback: line }),
});

export type LlmPrompts = z.infer<typeof promptsSchema>;

export function llmPrompts(): LlmPrompts {
  return cachedTemplate(promptsSchema, templatePath('llm.yaml'), '提示词文件');
}

import { parseArgs } from 'node:util';
import { explain } from '../core/explain/explain.js';
import { loadFlowFile } from '../core/flow/load.js';
import { scoreFlow } from '../core/scoring/score-flow.js';
import { readLlmConfig } from '../llm/config.js';
import { explainWithLlm } from '../llm/explain-with-llm.js';
import { createChatModel } from '../llm/openai-compatible.js';
import { readAnswersFile } from './read-inputs.js';

const USAGE = '用法：tianbao explain --flow <file.yaml> --answers <answers.json> --question "<问题>"\n例如：tianbao explain --flow flows/dept.yaml --answers answers.json --question "预算执行率为什么扣分"';

/**
 * `tianbao explain`: prints the reply the chat would give. Exit 0 when the question was answered,
 * 1 when it matched nothing or several items, 2 when the inputs cannot be used.
 */
export async function runExplain(argv: string[]): Promise<number> {
  let opts;
  try {
    opts = parseArgs({ args: argv, options: { flow: { type: 'string' }, answers: { type: 'string' }, question: { type: 'string', short: 'q' } } }).values;
  } catch (e) {
    console.error(`参数错误：${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!opts.flow || !opts.answers || !opts.question?.trim()) {
    console.error(USAGE);
    return 2;
  }
  const loaded = loadFlowFile(opts.flow);
  if (!loaded.ok) {
    for (const e of loaded.errors) console.error(e);
    return 2;
  }
  const answers = readAnswersFile(opts.answers);
  if (!answers.ok) {
    console.error(answers.error);
    return 2;
  }
  const report = scoreFlow(loaded.flow, answers.value);
  const llm = readLlmConfig();
  if (!llm.enabled && llm.problem) console.error(`注意：未启用大模型（${llm.problem}）`);
  const model = createChatModel(llm);
  const reply = model
    ? await explainWithLlm(opts.question, report, { grades: loaded.flow.grades, model, timeoutMs: llm.enabled ? llm.timeoutMs : undefined })
    : explain(opts.question, report, { grades: loaded.flow.grades });
  console.log(reply.text);
  return reply.kind === 'no_match' || reply.kind === 'ambiguous' ? 1 : 0;
}

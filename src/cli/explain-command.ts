import { parseArgs } from 'node:util';
import { explain } from '../core/explain/explain.js';
import { itemIdOfNumber, itemNumbers } from '../core/flow/numbering.js';
import { scoreFlow } from '../core/scoring/score-flow.js';
import { readLlmConfig } from '../llm/config.js';
import { explainWithLlm } from '../llm/explain-with-llm.js';
import { loadFlowAndAnswers } from './read-inputs.js';

const USAGE =
  '用法：tianbao explain --flow <file.yaml> --answers <answers.json> --question "<问题>"\n例如：tianbao explain --flow flows/dept.yaml --answers answers.json --question "预算执行率为什么扣分"';

/**
 * `tianbao explain`: prints the reply the chat would give. Exit 0 when the question was answered,
 * 1 when it matched nothing or several items, 2 when the inputs cannot be used.
 */
export async function runExplain(argv: string[]): Promise<number> {
  let opts;
  try {
    opts = parseArgs({
      args: argv,
      options: { flow: { type: 'string' }, answers: { type: 'string' }, question: { type: 'string', short: 'q' } },
    }).values;
  } catch (e) {
    console.error(`参数错误：${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!opts.flow || !opts.answers || !opts.question?.trim()) {
    console.error(USAGE);
    return 2;
  }
  const inputs = loadFlowAndAnswers(opts.flow, opts.answers);
  if (!inputs) return 2;
  const report = scoreFlow(inputs.flow, inputs.answers);
  const llm = readLlmConfig();
  if (!llm.enabled && llm.problem) console.error(`注意：未启用大模型（${llm.problem}）`);
  // The integrations are large: loaded only when a provider is configured.
  const model = llm.enabled ? (await import('../llm/chat-model.js')).createChatModel(llm) : undefined;
  // The form's one numbering, so "第5项" means the same here as in the chat and the document.
  const numbers = itemNumbers(inputs.flow);
  const numbering = {
    numberOf: (id: string) => numbers.get(id),
    idOf: (n: number) => itemIdOfNumber(inputs.flow, n),
  };
  const reply = model
    ? await explainWithLlm(opts.question, report, {
        ...numbering,
        grades: inputs.flow.grades,
        model,
        timeoutMs: llm.enabled ? llm.timeoutMs : undefined,
      })
    : explain(opts.question, report, { ...numbering, grades: inputs.flow.grades });
  console.log(reply.text);
  return reply.kind === 'no_match' || reply.kind === 'ambiguous' ? 1 : 0;
}

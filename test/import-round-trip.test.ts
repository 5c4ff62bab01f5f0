import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowLabel } from '../src/core/flow/label.js';
import type { Flow } from '../src/core/flow/model.js';
import { questionsOf } from '../src/engine/questions.js';
import { importForm } from '../src/import/import-form.js';
import { publishFlow } from '../src/import/publish.js';
import { hecheng, hechengSourceRows, zhengding } from './fixtures/import/seed-forms.js';
import { writeDocx, writeXlsx } from './fixtures/import/write-form.js';
import { readDocx } from './fixtures/read-docx.js';
import { ChatScript, cleanup, closeAfterEach, tempDir } from './support/chat.js';

const keep = closeAfterEach();

/** What a person types for each question: the default, a budget figure, or exactly the target. */
function answerFor(flow: Flow, step: number): string {
  const q = questionsOf(flow)[step];
  if (!q) throw new Error(`no question ${step}`);
  if (q.kind === 'field') {
    if (q.field.default) return '好';
    return q.field.type === 'money' ? '20' : '基本完成年度目标';
  }
  const t = q.ind.targetParsed;
  if (t.kind === 'number') return `${t.value}${t.unit === '%' ? '%' : (t.unit ?? '')}`;
  return '达成';
}

/** Every table row of the rendered 自评表 as its cells' text. */
async function docRows(path: string): Promise<string[][]> {
  const doc = await readDocx(readFileSync(path));
  return doc.tables.flatMap((t) => t.rows.map((r) => r.cells.map((c) => c.text)));
}

async function fillAndSubmit(flowsDir: string, flow: Flow): Promise<string> {
  const chat = keep(new ChatScript(keep(tempDir('tianbao-rt-'), cleanup), flowsDir), (c) => c.close());
  expect(await chat.say('你好')).toContain(flowLabel(flow));
  let reply = await chat.say('开始');
  for (let step = 0; step < questionsOf(flow).length; step++) {
    expect(reply).toContain(`第 ${step + 1}/`);
    reply = await chat.say(answerFor(flow, step));
  }
  expect(reply).toContain('全部填好');
  await chat.say('确认');
  const file = chat.files[0] as { path: string } | undefined;
  if (!file) throw new Error(`no document; transcript:\n${chat.transcript.join('\n')}`);
  return file.path;
}

describe('an imported form round-trips: filled in chat, its 自评表 lists the source rows', () => {
  it('鹤城 自评表 (.docx): every row, 指标值 and 分值 of the source table is in the document', async () => {
    const dir = keep(tempDir('tianbao-rt-src-'), cleanup);
    const src = join(dir, 'hecheng.docx');
    await writeDocx(hecheng, src);
    const r = await importForm(src);
    if (!r.ok || !r.flows[0]) throw new Error(r.ok ? 'no flow' : r.reason);
    const flowsDir = join(dir, 'flows');
    publishFlow(r.flows[0], flowsDir);
    const rows = await docRows(await fillAndSubmit(flowsDir, r.flows[0].flow));

    const source = hechengSourceRows;
    for (const [level2, name, target, weight] of source) {
      const row = rows.find((cells) => cells.includes(level2 as string) && cells.includes(name as string));
      expect(row, `${level2}/${name}`).toBeDefined();
      const at = row?.indexOf(name as string) ?? -1;
      expect(row?.slice(at, at + 2)).toEqual([name, target]);
      expect(row).toContain(weight);
    }
  });

  it('正定 信访专项业务费 (.xlsx, no 分值 in the source): the document shows the assumed 分值', async () => {
    const dir = keep(tempDir('tianbao-rt-src-'), cleanup);
    const src = join(dir, 'zhengding.xlsx');
    await writeXlsx(zhengding, src);
    const r = await importForm(src);
    const yewu = r.ok ? r.flows.find((f) => f.flow.project === '信访专项业务费') : undefined;
    if (!yewu) throw new Error('信访专项业务费 not imported');
    const flowsDir = join(dir, 'flows');
    publishFlow(yewu, flowsDir);
    const rows = await docRows(await fillAndSubmit(flowsDir, yewu.flow));
    // The source's value and unit columns ("100" + "百分比") are printed as a person reads them: 100%.
    for (const [name, target, weight] of [
      ['群众工作中心任务完成率', '100%', '12.5'],
      ['控制在预算内', '控制在预算内', '12.5'],
      ['社会稳定水平逐年改善', '社会稳定水平逐年改善', '30'],
      ['信访群众满意度', '≥70%', '10'],
    ]) {
      const row = rows.find((cells) => cells.includes(name as string) && cells.includes(weight as string));
      expect(row, name).toBeDefined();
      expect(row).toContain(target);
    }
  });
});

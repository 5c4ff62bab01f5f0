import { describe, expect, it } from 'vitest';
import { RenderWorker } from '../src/app/render-worker.js';
import { scoreFlow } from '../src/core/scoring/score-flow.js';
import { toRaw } from '../src/engine/answer-book.js';
import { docxText } from './fixtures/read-docx.js';
import { ChatScript, cleanup, closeAfterEach, tempDir } from './support/chat.js';

const keep = closeAfterEach();

// Issue 22: a submission's chart and .docx take 0.2–0.6 s of CPU; drawn in the chat's thread they held up every
// other person's reply (200 people: p95 1.8 s). They are drawn in a worker thread.
describe('reports are drawn beside the chats, not in their way', () => {
  it('renders the chart and the .docx in a worker thread, the same document as before', async () => {
    const chat = keep(new ChatScript(keep(tempDir(), cleanup)), (c) => c.close());
    for (const m of ['开始', '好', '100', '100', '95%', '0起', '稳定', '95%']) await chat.say(m);
    const s = chat.app.sqlite!.activeSession('张三')!;
    const flow = chat.app.catalog.byHash(s.flowId, s.flowHash)!;
    const report = scoreFlow(flow, toRaw(chat.app.sqlite!.answers(s.id)));
    const worker = keep(new RenderWorker(), (w) => w.close());
    // A cold worker: the first report is drawn here while it starts (nobody waits for its modules to load).
    const cold = await worker.render({ flow, report, revision: 1, filledAt: new Date() });
    expect(cold.thread).toBe(0);
    expect(await worker.started()).toBe(true);
    const [a, b] = await Promise.all(
      [1, 2].map((revision) => worker.render({ flow, report, revision, filledAt: new Date() })),
    );
    expect(a.thread).toBeGreaterThan(0);
    expect(b.thread).toBe(a.thread);
    expect(Buffer.from(a.png!).subarray(1, 4).toString()).toBe('PNG');
    expect(await docxText(Buffer.from(a.docx))).toContain('信访事项办结率');
  });
});

import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it, vi } from 'vitest';
import { DocxReportSink } from '../src/app/docx-report-sink.js';
import type { Outbound, OutboxPort } from '../src/engine/ports.js';
import { ChatScript, cleanup, closeAfterEach, forEachBackend, tempDir } from './support/chat.js';

const keep = closeAfterEach();
const open = () =>
  keep(new ChatScript(tempDir()), (c) => {
    c.close();
    cleanup(c.dataDir);
  });
const FILLED = ['开始', '好', '100', '100', '95%', '0起', '稳定', '95%'];
const DOCX = '示例信访局-项目支出-2025年度-自评表-第1版.docx';
const PNG = '示例信访局-项目支出-2025年度-自评表-第1版-得分图.png';

/** An outbox in the engine's transaction, as the WeChat channel's is; `failFiles` makes queueing a file fail. */
class FakeOutbox implements OutboxPort {
  readonly queued: Array<{ to: string; items: Outbound[] }> = [];
  private readonly keys = new Set<string>();
  failFiles = false;
  enqueue(to: string, items: Outbound[], opts: { key?: string } = {}): boolean {
    if (this.failFiles && items.some((i) => i.kind === 'file')) throw new Error('disk full');
    if (opts.key && this.keys.has(opts.key)) return false;
    if (opts.key) this.keys.add(opts.key);
    this.queued.push({ to, items });
    return true;
  }
  files(): string[] {
    return this.queued.flatMap((q) =>
      q.items.filter((i) => i.kind === 'file').map((i) => (i as { name: string }).name),
    );
  }
}

forEachBackend('chat-report-delivery', () => {
  describe('a finished report is never lost and never sent twice', () => {
    it('a failed render, then 确认, renders the same version again (no 第2版)', async () => {
      const chat = open();
      for (const m of FILLED) await chat.say(m);
      // Something is in the way of the person's report folder: rendering fails.
      const reports = join(chat.dataDir, 'reports');
      mkdirSync(reports, { recursive: true });
      writeFileSync(join(reports, '张三'), 'not a folder');
      const error = vi.spyOn(console, 'error').mockImplementation(() => {});
      expect(await chat.say('确认')).toContain('自评表生成失败，已记录，请稍后回复「确认」重试。');
      error.mockRestore();
      expect((await chat.store.reportsOf('张三')).map((r) => [r.revision, r.status])).toEqual([[1, 'failed']]);
      rmSync(join(reports, '张三'));
      expect(await chat.say('确认')).toBe('正在重新生成第 1 版自评表。');
      expect((await chat.store.reportsOf('张三')).map((r) => [r.revision, r.status])).toEqual([[1, 'done']]);
      expect(chat.files.map((f) => (f as { name: string }).name)).toEqual([DOCX, PNG]);
      expect(readdirSync(join(reports, '张三')).sort()).toEqual(['demo-s1-v1.docx', 'demo-s1-v1.png']);
    });

    it('a write that fails leaves no .tmp behind, and a .tmp of a killed attempt is cleaned up on the next one', async () => {
      const dir = keep(tempDir(), cleanup);
      const chat = open();
      for (const m of FILLED) await chat.say(m);
      const { scoreFlow } = await import('../src/core/scoring/score-flow.js');
      const flow = chat.app.catalog.byId('demo')!;
      const row = { user: '张三', flow, sessionId: 1, revision: 1, report: scoreFlow(flow, {}), filledAt: new Date() };
      const sink = new DocxReportSink(dir);
      // A non-empty folder where the document should go: the rename fails.
      mkdirSync(join(dir, '张三', 'demo-s1-v1.docx', 'x'), { recursive: true });
      await expect(sink.save(row)).rejects.toThrow();
      expect(readdirSync(join(dir, '张三')).sort()).toEqual(['demo-s1-v1.docx', 'demo-s1-v1.png']);
      rmSync(join(dir, '张三', 'demo-s1-v1.docx'), { recursive: true });
      writeFileSync(join(dir, '张三', 'demo-s1-v1.docx.4242.tmp'), 'half a document');
      writeFileSync(join(dir, '张三', 'demo-s1-v1.png.4242.tmp'), 'half a picture');
      await sink.save(row);
      expect(readdirSync(join(dir, '张三')).sort()).toEqual(['demo-s1-v1.docx', 'demo-s1-v1.png']);
    });

    it('with an outbox, the report is marked done and its file queued together; if queueing fails it is queued at the next start', async () => {
      const chat = open();
      const outbox = new FakeOutbox();
      chat.app.engine.useOutbox(outbox);
      for (const m of FILLED) await chat.say(m);
      outbox.failFiles = true;
      const error = vi.spyOn(console, 'error').mockImplementation(() => {});
      await chat.say('确认');
      error.mockRestore();
      // Rendered, but the step that marks it done and queues it did not happen: it stays pending.
      expect((await chat.store.reportsOf('张三')).map((r) => r.status)).toEqual(['pending']);
      expect(outbox.files()).toEqual([]);
      outbox.failFiles = false;
      expect(await chat.app.engine.resumePendingReports()).toEqual([]);
      expect((await chat.store.reportsOf('张三')).map((r) => r.status)).toEqual(['done']);
      expect(outbox.files()).toEqual([DOCX, PNG]);
      // A second start finds nothing to do: the files are queued once, together, under the report's key.
      await chat.app.engine.resumePendingReports();
      expect(outbox.files()).toEqual([DOCX, PNG]);
      expect(outbox.queued.filter((q) => q.items.some((i) => i.kind === 'file'))).toHaveLength(1);
      expect(existsSync(join(chat.dataDir, 'reports', '张三', 'demo-s1-v1.docx'))).toBe(true);
    });

    it('a chart that cannot be drawn never stops the submission: the .docx goes out alone, without a picture', async () => {
      const dir = tempDir();
      const chat = keep(
        new ChatScript(dir, undefined, '张三', {
          chart: () => {
            throw new Error('no fonts');
          },
        }),
        (c) => {
          c.close();
          cleanup(c.dataDir);
        },
      );
      const outbox = new FakeOutbox();
      chat.app.engine.useOutbox(outbox);
      for (const m of FILLED) await chat.say(m);
      const error = vi.spyOn(console, 'error').mockImplementation(() => {});
      await chat.say('确认');
      expect(error.mock.calls.map((c) => String(c[0]))).toEqual([
        'score chart of session 1 r1 failed; the report goes without it:',
      ]);
      error.mockRestore();
      expect(outbox.queued.map((q) => q.items.map((i) => (i.kind === 'text' ? 'text' : i.name))).pop()).toEqual([DOCX]);
      expect((await chat.store.reportsOf('张三')).map((r) => r.status)).toEqual(['done']);
      expect(readdirSync(join(dir, 'reports', '张三'))).toEqual(['demo-s1-v1.docx']);
      const zip = await JSZip.loadAsync(readFileSync(join(dir, 'reports', '张三', 'demo-s1-v1.docx')));
      expect(Object.keys(zip.files).filter((n) => n.startsWith('word/media/'))).toEqual([]);
    });
  });
});

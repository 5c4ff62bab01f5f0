// The render worker's entry (a worker thread): the TypeScript renderer runs here through tsx, as in the main
// thread, so a report's chart and .docx are drawn beside the chats instead of in their way.
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

// Chats come first: on Linux a thread has its own nice value, so only this thread yields the CPU to them when a
// round's submissions pile up (elsewhere the call would lower the whole process, so it is not made).
if (process.platform === 'linux') {
  try {
    setPriority(0, 5);
  } catch {
    // Not allowed here: render at normal priority.
  }
}
register();
const { preloadRenderers, renderJob } = await import('./render-job.ts');

parentPort.on('message', async ({ id, job }) => {
  try {
    const out = await renderJob(job);
    const docx = Buffer.from(out.docx);
    const png = out.png ? Buffer.from(out.png) : undefined;
    parentPort.postMessage({ id, ok: true, docx, png, chartError: out.chartError, thread: out.thread });
  } catch (e) {
    parentPort.postMessage({ id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
parentPort.postMessage({ ready: true });
// Then the heavy modules (ECharts, resvg, docx), in this thread, before the first report rather than while it
// waits. Ready is said first: a report arriving meanwhile waits here for them, never in the chats' thread.
await preloadRenderers();

import { Worker } from 'node:worker_threads';
import { type Rendered, type RenderJob, renderJob } from './render-job.js';

type Pending = { resolve: (r: Rendered) => void; reject: (e: Error) => void };

/**
 * Renders reports in one worker thread, one at a time, so a submission's chart and .docx (0.2–0.6 s of CPU)
 * never hold up another person's reply. A bot warms it at start (`started()`); otherwise the first report starts
 * it and is drawn in this thread meanwhile (a cold worker takes seconds to load its modules: the first person to
 * submit does not wait for that), and the reports after it wait for the worker. A report is drawn in this thread
 * too when the worker cannot start or died — slower for the others, never lost.
 *
 * @example const r = await new RenderWorker().render({ flow, report, revision: 1, filledAt: new Date() });
 */
export class RenderWorker {
  private worker: Worker | undefined;
  private ready: Promise<boolean> | undefined;
  private warm = false;
  private drewColdOne = false;
  private readonly pending = new Map<number, Pending>();
  private next = 0;

  async render(job: RenderJob): Promise<Rendered> {
    if (!this.warm && !this.drewColdOne) {
      this.drewColdOne = true;
      void this.start();
      return renderJob(job);
    }
    const worker = await this.start();
    if (!worker) return renderJob(job);
    const id = ++this.next;
    try {
      return await new Promise<Rendered>((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        worker.postMessage({ id, job });
      });
    } catch (e) {
      // The worker died under this report (out of memory, killed): draw it here rather than lose it.
      if (e instanceof WorkerGone) return renderJob(job);
      throw e;
    }
  }

  /** Starts the worker and waits until it can take reports (tests; a caller that knows reports are coming). */
  async started(): Promise<boolean> {
    return Boolean(await this.start());
  }

  /** Stops the worker (the app closes); a later render starts a new one. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    this.warm = false;
    // Reports still being drawn are not drawn again in this thread: the app is stopping (its database closes right
    // after), they stay pending and are drawn at the next start. Only a worker that dies by itself falls back.
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(new Error('render worker closed: the report is drawn at the next start'));
    }
    await w?.terminate();
  }

  private start(): Promise<Worker | undefined> {
    this.ready ??= new Promise<boolean>((resolve) => {
      let w: Worker;
      try {
        w = new Worker(new URL('./render-worker.mjs', import.meta.url));
      } catch {
        return resolve(false);
      }
      // An idle worker never keeps the process alive.
      w.unref();
      this.worker = w;
      w.on(
        'message',
        (m: {
          ready?: true;
          id?: number;
          ok?: boolean;
          docx?: Uint8Array;
          png?: Uint8Array;
          chartError?: string;
          thread?: number;
          error?: string;
        }) => {
          if (m.ready) {
            this.warm = true;
            return resolve(true);
          }
          const p = this.pending.get(m.id ?? -1);
          if (!p) return;
          this.pending.delete(m.id!);
          if (m.ok) p.resolve({ docx: m.docx!, png: m.png, chartError: m.chartError, thread: m.thread ?? -1 });
          else p.reject(new Error(m.error));
        },
      );
      const gone = (why: string) => {
        if (this.worker === w) {
          this.worker = undefined;
          this.ready = undefined;
          this.warm = false;
        }
        resolve(false);
        for (const [id, p] of this.pending) {
          this.pending.delete(id);
          p.reject(new WorkerGone(`render worker stopped: ${why}`));
        }
      };
      w.on('error', (e) => gone(e.message));
      w.on('exit', (code) => gone(`exit ${code}`));
    });
    return this.ready.then((ok) => (ok ? this.worker : undefined));
  }
}

class WorkerGone extends Error {}

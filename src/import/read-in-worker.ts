import { Worker } from 'node:worker_threads';
import type { ZipRead } from './read-zip.js';

/** Limits of the reading thread: no file can take more, whatever it holds. */
export const READER_LIMITS = {
  /** Heap of the reading thread; a real form's .xlsx or .docx needs well under 100 MB. */
  heapMb: 384,
  /** A form reads in a second or two; past this the reading is stopped. */
  timeoutMs: 60_000,
  /** The thread is kept this long after a read (starting it costs about half a second), then ended. */
  idleMs: 30_000,
};

const DAMAGED = '文件已损坏或格式不对，无法读取';

interface Reader {
  worker: Worker;
  /** The read in progress: where its result goes. */
  current?: { id: number; done: (r: ZipRead) => void };
  idle?: NodeJS.Timeout;
}

let reader: Reader | undefined;
let nextId = 1;
/** One read at a time: two hostile uploads at once cannot take twice the memory. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Reads a .docx/.xlsx in a worker thread with a heap limit (`resourceLimits`) and a time limit, so no file can
 * stall the bot's other conversations or take the process down: a reader that runs out of memory or time is
 * ended (a fresh one serves the next file) and the file is refused with the reason. Never throws.
 *
 * @example const r = await readZipInWorker(readFileSync('表.xlsx'), '.xlsx'); if (!r.ok) say(r.reason);
 */
export function readZipInWorker(data: Uint8Array, ext: string, limits = READER_LIMITS): Promise<ZipRead> {
  const run = queue.then(() => readOnce(data, ext, limits));
  queue = run.catch(() => undefined);
  return run;
}

function readOnce(data: Uint8Array, ext: string, limits: typeof READER_LIMITS): Promise<ZipRead> {
  return new Promise<ZipRead>((resolve) => {
    let r: Reader;
    try {
      r = readerFor(limits);
    } catch {
      resolve({ ok: false, reason: '无法启动读取程序，请稍后再试' });
      return;
    }
    clearTimeout(r.idle);
    r.worker.ref();
    const id = nextId++;
    const timer = setTimeout(() => {
      end(r);
      finish({
        ok: false,
        reason: `读取超过 ${Math.round(limits.timeoutMs / 1000)} 秒仍未完成（文件太复杂或已损坏，可能是恶意文件），没有导入`,
      });
    }, limits.timeoutMs);
    const finish = (result: ZipRead) => {
      if (r.current?.id !== id) return;
      r.current = undefined;
      clearTimeout(timer);
      if (reader === r) {
        // A process with nothing else to do (the CLI) exits; a bot keeps the thread a while for the next file.
        r.worker.unref();
        r.idle = setTimeout(() => end(r), limits.idleMs);
        r.idle.unref();
      }
      resolve(result);
    };
    r.current = { id, done: finish };
    r.worker.postMessage({ id, data, ext });
  });
}

/** The running reader, or a new one with these limits. */
function readerFor(limits: typeof READER_LIMITS): Reader {
  if (reader && reader.worker.resourceLimits?.maxOldGenerationSizeMb === limits.heapMb) return reader;
  if (reader) end(reader);
  const worker = new Worker(new URL('./read-worker.mjs', import.meta.url), {
    resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: 32 },
  });
  const r: Reader = { worker };
  worker.on('message', (m: { id?: number; result?: ZipRead }) => {
    if (m.id !== undefined && m.result && r.current?.id === m.id) r.current.done(m.result);
  });
  worker.on('error', (e: NodeJS.ErrnoException) => {
    const reason =
      e.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? `文件太复杂，读取时超过 ${limits.heapMb} MB 内存上限（可能是恶意文件），没有导入`
        : DAMAGED;
    if (reader === r) reader = undefined;
    r.current?.done({ ok: false, reason });
  });
  worker.on('exit', () => {
    if (reader === r) reader = undefined;
    r.current?.done({ ok: false, reason: DAMAGED });
  });
  reader = r;
  return r;
}

function end(r: Reader): void {
  if (reader === r) reader = undefined;
  clearTimeout(r.idle);
  void r.worker.terminate();
}

// The worker thread of an import's reader (read-in-worker.ts): registers the TypeScript loader the way
// bin/tianbao.mjs does (a worker does not inherit it), then reads each file it is sent, one at a time.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { readZip } = await import('./read-zip.ts');
parentPort.on('message', async ({ id, data, ext }) => {
  parentPort.postMessage({ id, result: await readZip(data, ext) });
});
parentPort.postMessage({ ready: true });

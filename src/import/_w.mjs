import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';
register();
const m = await import(workerData.mod);
parentPort.postMessage(Object.keys(m));

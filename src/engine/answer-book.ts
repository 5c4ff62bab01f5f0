// Kept for callers outside the engine (the console): answer rows as the scorer reads them.
export { toRaw } from './world.js';

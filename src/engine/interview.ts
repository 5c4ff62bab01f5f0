// Kept for callers outside the engine (campaigns): a new form's control state and its progress.
import type { Flow } from '../core/flow/model.js';
import { type Control, newControl } from './control.js';
import { progressCounts as counts, type Progress } from './review.js';

export function newContext(flow: Flow): Control {
  return newControl(flow);
}

export function progressCounts(flow: Flow, ctx: Pick<Control, 'cursor'>): Progress {
  return counts(flow, ctx);
}

import type { Explainer } from '../engine/engine.js';

/** Score questions in chat ("预算执行率为什么扣分") — wired to the explain module when present. */
export const defaultExplainer: Explainer | undefined = undefined;

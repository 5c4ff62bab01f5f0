import { loadFlowText } from '../core/flow/load.js';
import type { Flow } from '../core/flow/model.js';
import { loadFlowsDir } from '../flows/read-flows.js';
import type { FlowCatalog, Store } from './ports.js';

/**
 * The forms in a flows directory, read once at start-up. Sessions started on an older version of a
 * flow get that version back from the store, so editing a flow never changes a form in progress.
 */
export class DirFlowCatalog implements FlowCatalog {
  readonly flows: Flow[];
  readonly errors: string[];
  private readonly byHashCache = new Map<string, Flow>();

  constructor(
    dir: string,
    private readonly store?: Pick<Store, 'flowVersion'>,
    /** Flow ids assigned to a person (campaigns); when there are any, only those are offered. */
    private readonly assignedTo?: (user: string) => string[],
  ) {
    const set = loadFlowsDir(dir);
    this.flows = set.flows;
    this.errors = set.errors;
    for (const f of this.flows) this.byHashCache.set(f.hash, f);
  }

  list(user?: string): Flow[] {
    const assigned = user && this.assignedTo ? this.assignedTo(user) : [];
    if (!assigned.length) return this.flows;
    const mine = this.flows.filter((f) => assigned.includes(f.id));
    return mine.length ? mine : this.flows;
  }

  byId(id: string): Flow | undefined {
    return this.flows.find((f) => f.id === id);
  }

  byHash(id: string, hash: string): Flow | undefined {
    const hit = this.byHashCache.get(hash);
    if (hit) return hit;
    const text = this.store?.flowVersion(hash);
    if (text === undefined) return undefined;
    const res = loadFlowText(text, `${id}@${hash}`);
    if (!res.ok || res.flow.id !== id) return undefined;
    this.byHashCache.set(hash, res.flow);
    return res.flow;
  }

  sourceOf(flow: Flow): string | undefined {
    return flow.text;
  }
}

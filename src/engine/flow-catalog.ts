import { loadFlowText } from '../core/flow/load.js';
import type { Flow } from '../core/flow/model.js';
import { loadFlowsDir } from '../flows/read-flows.js';
import type { FlowCatalog, MaybePromise } from './ports.js';

/**
 * The forms in a flows directory, read at start-up and again on reload() (a form published from an
 * import). Sessions started on an older version of a flow get that version back from the store (or
 * from this process's cache of every version it has read), so changing a flow never changes a form in
 * progress.
 */
export class DirFlowCatalog implements FlowCatalog {
  flows: Flow[] = [];
  errors: string[] = [];
  private readonly byHashCache = new Map<string, Flow>();

  constructor(
    private readonly dir: string,
    /** Where older versions are read from when asked without their text (the SQLite store answers at once). */
    private readonly store?: { flowVersion(hash: string): string | undefined },
    /** Flow ids assigned to a person (campaigns); when there are any, only those are offered. */
    private readonly assignedTo?: (user: string) => MaybePromise<string[]>,
  ) {
    this.reload();
  }

  /** Reads the flows directory again; a bad file is skipped with its reason in `errors`, never fatal. */
  reload(): { flows: number; errors: string[] } {
    const set = loadFlowsDir(this.dir);
    this.flows = set.flows;
    this.errors = set.errors;
    for (const f of this.flows) this.byHashCache.set(f.hash, f);
    return { flows: this.flows.length, errors: this.errors };
  }

  /** Every form, or the ones assigned to `user` when there are any (a promise when the assignments are). */
  list(user?: string): MaybePromise<Flow[]> {
    const assigned = user && this.assignedTo ? this.assignedTo(user) : [];
    return assigned instanceof Promise ? assigned.then((a) => this.narrow(a)) : this.narrow(assigned);
  }

  private narrow(assigned: string[]): Flow[] {
    if (!assigned.length) return this.flows;
    const mine = this.flows.filter((f) => assigned.includes(f.id));
    return mine.length ? mine : this.flows;
  }

  byId(id: string): Flow | undefined {
    return this.flows.find((f) => f.id === id);
  }

  byHash(id: string, hash: string, stored?: string): Flow | undefined {
    const hit = this.byHashCache.get(hash);
    if (hit) return hit;
    const text = stored ?? this.store?.flowVersion(hash);
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

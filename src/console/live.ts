// The live refresh of a progress table, cheap enough for 500 people polled every 3 seconds: the page carries a
// version token of what it shows; a poll with the current token gets 204 (no body, nothing swapped, focus kept);
// otherwise only the rows that changed come back (htmx out-of-band swaps by row id), or the whole body when the
// order changed or the token is unknown (another process served the page, or the server restarted).
import { createHash } from 'node:crypto';

/** What one rendered version of a table was: its rows in order, a hash per row, and of the other live parts. */
interface Snapshot {
  ids: string[];
  rows: Map<string, string>;
  parts: Map<string, string>;
}

export interface Rendered {
  /** Row id → its HTML, in display order; each row element carries that id. */
  rows: Array<{ id: string; html: string }>;
  /** Other live parts (the count line, the failed sends), id → HTML; each element carries its id. */
  parts: Array<{ id: string; html: string }>;
}

const digest = (s: string) => createHash('sha1').update(s).digest('base64url').slice(0, 16);

/** A row's element id for a person: stable, safe in any attribute, whatever characters the name has. */
export function rowId(user: string): string {
  return `r-${createHash('sha1').update(user).digest('hex').slice(0, 12)}`;
}

const MAX_SNAPSHOTS = 300;

export class LiveTables {
  private readonly seen = new Map<string, Snapshot>();

  /** Remembers what a page (or a refresh) showed; returns its token. */
  remember(scope: string, r: Rendered): string {
    const rows = new Map(r.rows.map((x) => [x.id, digest(x.html)]));
    const parts = new Map(r.parts.map((x) => [x.id, digest(x.html)]));
    const ids = r.rows.map((x) => x.id);
    const token = digest(
      `${scope}\u0000${ids.map((id) => `${id}:${rows.get(id)}`).join(',')}\u0000${[...parts].join(',')}`,
    );
    if (!this.seen.has(token)) {
      if (this.seen.size >= MAX_SNAPSHOTS) this.seen.delete(this.seen.keys().next().value!);
      this.seen.set(token, { ids, rows, parts });
    }
    return token;
  }

  /**
   * What to send to a page that shows `since`: nothing (same token), the changed rows and parts, or everything.
   *
   * @example const d = live.diff(scope, since, rendered); if (d.kind === 'same') return c.body(null, 204);
   */
  diff(
    scope: string,
    since: string | undefined,
    r: Rendered,
  ):
    | { kind: 'same'; token: string }
    | { kind: 'rows'; token: string; rows: Rendered['rows']; parts: Rendered['parts'] }
    | { kind: 'all'; token: string } {
    const token = this.remember(scope, r);
    if (since === token) return { kind: 'same', token };
    const old = since ? this.seen.get(since) : undefined;
    const ids = r.rows.map((x) => x.id);
    if (!old || old.ids.length !== ids.length || old.ids.some((id, i) => id !== ids[i])) return { kind: 'all', token };
    return {
      kind: 'rows',
      token,
      rows: r.rows.filter((x) => old.rows.get(x.id) !== digest(x.html)),
      parts: r.parts.filter((x) => old.parts.get(x.id) !== digest(x.html)),
    };
  }
}

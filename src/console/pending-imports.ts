// Forms read from an upload and waiting for 「发布」 or 「取消」. Kept in memory, each under a random id
// bound to the session that uploaded it: another session (or a guessed id) finds nothing. Nothing is
// written to the flows directory until 发布; a restart forgets them (the coordinator uploads again).
import { randomBytes } from 'node:crypto';
import type { ImportedFlow } from '../import/build-flow.js';
import type { SkippedRow } from '../import/rows.js';

export interface PendingImport {
  /** The uploaded file's name as the coordinator sees it (never a server path). */
  name: string;
  flows: ImportedFlow[];
  skipped: (SkippedRow & { table: string })[];
}

/** A preview left open this long is dropped: an import is checked and published in one sitting. */
export const PENDING_TTL_MS = 60 * 60_000;
/** Per session: uploading over and over keeps only the latest few in memory. */
export const PENDING_PER_SESSION = 3;

interface Entry extends PendingImport {
  session: string;
  expires: number;
}

export class PendingImports {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => Date) {}

  /** Keeps an import for `session`; returns its id for the preview's URL. */
  add(session: string, p: PendingImport): string {
    this.sweep();
    const mine = [...this.entries].filter(([, e]) => e.session === session);
    // Map keeps insertion order: the first ones are the oldest.
    for (const [id] of mine.slice(0, Math.max(0, mine.length - PENDING_PER_SESSION + 1))) this.entries.delete(id);
    const id = randomBytes(16).toString('base64url');
    this.entries.set(id, { ...p, session, expires: this.now().getTime() + PENDING_TTL_MS });
    return id;
  }

  /** The import with this id, only for the session that uploaded it and only while it is fresh. */
  get(session: string, id: string): PendingImport | undefined {
    const e = this.entries.get(id);
    if (!e || e.session !== session) return undefined;
    if (e.expires <= this.now().getTime()) {
      this.entries.delete(id);
      return undefined;
    }
    return e;
  }

  /** Like get, and forgets it: 发布 and 取消 each happen once. */
  take(session: string, id: string): PendingImport | undefined {
    const e = this.get(session, id);
    if (e) this.entries.delete(id);
    return e;
  }

  private sweep(): void {
    const now = this.now().getTime();
    for (const [id, e] of this.entries) if (e.expires <= now) this.entries.delete(id);
  }
}

import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A copy of a received file is read within minutes (LibreOffice 90 s, the reading thread 60 s, a queue of a
 * few files): one older than this belongs to a process that was killed while reading it.
 */
export const STALE_COPY_MS = 10 * 60_000;

/**
 * Removes the copies of received files (and conversion folders) that a killed process left in `dir`: entries
 * whose name starts with `prefix` and that were last changed more than `olderThanMs` ago. A reader that merely
 * fails removes its own copy (`finally`); this is for the process that died with it. Never throws.
 *
 * @example removeStaleCopies(join(dataDir, 'imports')); removeStaleCopies(tmpdir(), { prefix: 'tianbao-upload-' });
 */
export function removeStaleCopies(
  dir: string,
  opts: { prefix?: string; olderThanMs?: number; now?: number } = {},
): number {
  const { prefix = '', olderThanMs = STALE_COPY_MS, now = Date.now() } = opts;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    try {
      const path = join(dir, name);
      if (now - statSync(path).mtimeMs <= olderThanMs) continue;
      rmSync(path, { recursive: true, force: true });
      removed++;
    } catch {
      // Gone already, or not ours to remove.
    }
  }
  return removed;
}

import {
  closeSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

// Writing several flow files as one change: the catalog (loadFlowsDir) never sees half a file, nor one form of
// an import without the others, even when the process is killed half-way.

/** A write's list of renames, written (and synced) before the first one: the moment it counts. */
const JOURNAL = /^\.publish-[\w-]+\.json$/;
const TEMP = /^\..+\.tmp$/;
/** Temporary files of a write that never reached its journal are removed after this long. */
const STALE_TEMP_MS = 10 * 60_000;

/**
 * Writes `files` (names inside `dir`) all together or not at all: each is written beside its target and synced,
 * then a journal listing the renames is synced, then the files are renamed into place and the journal removed.
 * A crash before the journal leaves only hidden temporary files (removed later); after it, the next
 * `finishPublishing` (run by `loadFlowsDir` and before every write) completes the renames.
 *
 * @example writeFilesTogether('flows', [{ name: 'a.yaml', text: a }, { name: 'b.yaml', text: b }])
 */
export function writeFilesTogether(dir: string, files: { name: string; text: string }[]): void {
  finishPublishing(dir);
  const batch = `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const moves: { tmp: string; target: string }[] = [];
  try {
    for (const f of files) {
      if (!TARGET.test(f.name)) throw new Error(`not a flow file name: ${f.name}`);
      const tmp = `.${f.name}.${batch}.tmp`;
      writeDurably(join(dir, tmp), f.text);
      moves.push({ tmp, target: f.name });
    }
    const journal = join(dir, `.publish-${batch}.json`);
    writeDurably(`${journal}.tmp`, JSON.stringify(moves));
    renameSync(`${journal}.tmp`, journal);
    syncDir(dir);
  } catch (e) {
    // Nothing was committed: take the temporary files back out (a kill here leaves them for the sweep).
    for (const m of moves) rmSync(join(dir, m.tmp), { force: true });
    throw e;
  }
  finishPublishing(dir);
}

const TARGET = /^[^/\\.][^/\\]*\.ya?ml$/;

/**
 * Completes publishes a crash interrupted after their journal was written, and removes temporary files of
 * publishes that never got that far. Safe to run by several processes at once (each step is a rename or an
 * unlink that tolerates having been done already); never throws (a read-only directory is left as it is).
 */
export function finishPublishing(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  // Temporary files a journal still names are never swept, however old: they are a committed write.
  const kept = new Set<string>();
  for (const name of names.filter((n) => JOURNAL.test(n))) {
    let moves: { tmp: string; target: string }[] = [];
    try {
      moves = parseJournal(readFileSync(join(dir, name), 'utf8'));
      for (const m of moves) {
        try {
          renameSync(join(dir, m.tmp), join(dir, m.target));
        } catch (e) {
          // Already renamed (by us before the crash, or by another reader just now).
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        }
      }
      syncDir(dir);
      rmSync(join(dir, name), { force: true });
    } catch {
      // A read-only directory or a journal that is not ours: leave it (and its files) for someone who can.
      for (const m of moves) kept.add(m.tmp);
    }
  }
  const now = Date.now();
  for (const name of names.filter((n) => TEMP.test(n) && !kept.has(n))) {
    try {
      const path = join(dir, name);
      if (now - statSync(path).mtimeMs > STALE_TEMP_MS) rmSync(path, { force: true });
    } catch {
      // Gone already, or not ours to remove.
    }
  }
}

/** Only plain names inside the directory: a journal can never move a file anywhere else. */
function parseJournal(text: string): { tmp: string; target: string }[] {
  const list = JSON.parse(text) as unknown;
  if (!Array.isArray(list)) throw new Error('journal');
  return list.map((m) => {
    const { tmp, target } = (m ?? {}) as { tmp?: unknown; target?: unknown };
    if (typeof tmp !== 'string' || typeof target !== 'string') throw new Error('journal');
    if (!TEMP.test(tmp) || tmp.includes('/') || tmp.includes('\\') || !TARGET.test(target)) throw new Error('journal');
    return { tmp, target };
  });
}

/** Written and flushed to the disk before it is renamed anywhere: a power cut never leaves an empty file. */
function writeDurably(path: string, text: string): void {
  const fd = openSync(path, 'w');
  try {
    writeFileSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The renames themselves reach the disk (a directory's entries are flushed by syncing the directory). */
function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems refuse to sync a directory; the renames are still atomic.
  }
}

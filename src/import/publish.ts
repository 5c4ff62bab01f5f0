import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadFlowFile } from '../core/flow/load.js';
import type { ImportedFlow } from './build-flow.js';

export interface Published {
  path: string;
  id: string;
  version: number;
  /** The version it replaced, when the form was imported before. */
  replaced?: number;
}

/**
 * Writes an imported flow as `<dir>/<id>.yaml`. Importing the same form again (same id) writes
 * the next version over the file: a running bot offers the new one, and sessions already started
 * keep the text of the version they began on (they pin it by hash).
 */
export function publishFlow(f: Pick<ImportedFlow, 'id' | 'yaml' | 'flow'>, dir: string): Published {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${f.id}.yaml`);
  let version = f.flow.version;
  let replaced: number | undefined;
  if (existsSync(path)) {
    const old = loadFlowFile(path);
    if (old.ok && old.flow.id === f.id) {
      replaced = old.flow.version;
      version = Math.max(version, old.flow.version + 1);
    }
  }
  const text = version === f.flow.version ? f.yaml : f.yaml.replace(/^version: \d+$/m, `version: ${version}`);
  // Write beside and rename, so a bot reading the directory never sees half a file.
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
  return { path, id: f.id, version, ...(replaced !== undefined ? { replaced } : {}) };
}

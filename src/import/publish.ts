import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadFlowFile } from '../flows/read-flows.js';
import { writeFilesTogether } from '../flows/write-together.js';
import type { ImportedFlow } from './build-flow.js';

export interface Published {
  path: string;
  id: string;
  version: number;
  /** The version it replaced, when the form was imported before. */
  replaced?: number;
}

type Publishable = Pick<ImportedFlow, 'id' | 'yaml' | 'flow'>;

/**
 * Writes an imported flow as `<dir>/<id>.yaml`. Importing the same form again (same id) writes
 * the next version over the file: a running bot offers the new one, and sessions already started
 * keep the text of the version they began on (they pin it by hash).
 */
export function publishFlow(f: Publishable, dir: string): Published {
  return publishFlows([f], dir)[0] as Published;
}

/**
 * Writes the flows of one import (one per indicator table of the document) all together or not at all, even
 * if the process is killed half-way (writeFilesTogether): the catalog never sees half a file, nor one form of
 * an import without the others.
 *
 * @example publishFlows(result.flows, 'flows') // [{ path: 'flows/x.yaml', id: 'x', version: 2, replaced: 1 }]
 */
export function publishFlows(flows: Publishable[], dir: string): Published[] {
  mkdirSync(dir, { recursive: true });
  const out: Published[] = [];
  const files: { name: string; text: string }[] = [];
  for (const f of flows) {
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
    files.push({ name: `${f.id}.yaml`, text });
    out.push({ path, id: f.id, version, ...(replaced !== undefined ? { replaced } : {}) });
  }
  writeFilesTogether(dir, files);
  return out;
}

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { loadFlowText } from '../core/flow/load.js';
import type { ImportedFlow } from './build-flow.js';

/** What 「发布」 needs of an import: the flow's id, its text and the checked flow (for its name). */
export type PendingFlow = Pick<ImportedFlow, 'id' | 'yaml' | 'flow'>;

/** Format version of a pending file; a file of another version is ignored (the admin sends the form again). */
const VERSION = 1;
/** An import left waiting longer than this is forgotten: a 「发布」 a week later is more likely about something else. */
const MAX_AGE_MS = 7 * 24 * 3_600_000;

const fileSchema = z.object({
  v: z.literal(VERSION),
  at: z.number(),
  flows: z.array(z.object({ id: z.string(), yaml: z.string() })).min(1),
});

/**
 * Imports waiting for 「发布」/「取消」, one per admin. In memory, and — given a directory — also on disk
 * (`<dir>/<hash of the person's key>.json`), so a restart of the bot between the summary and 「发布」 loses
 * nothing. The flows are re-checked by `loadFlowText` when read back; a file that no longer checks is dropped.
 */
export class PendingImports {
  private readonly memory = new Map<string, PendingFlow[]>();

  constructor(
    private readonly dir?: string,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Returns whether the import survives a restart (false: memory only, no dir or the disk refused). */
  set(user: string, flows: PendingFlow[]): boolean {
    this.memory.set(user, flows);
    if (!this.dir) return false;
    const path = this.pathOf(user);
    const body = { v: VERSION, at: this.clock(), flows: flows.map((f) => ({ id: f.id, yaml: f.yaml })) };
    try {
      mkdirSync(this.dir, { recursive: true });
      // Written beside and renamed: a crash never leaves half a file.
      writeFileSync(`${path}.tmp`, JSON.stringify(body));
      renameSync(`${path}.tmp`, path);
      return true;
    } catch {
      rmSync(path, { force: true });
      return false;
    }
  }

  get(user: string): PendingFlow[] | undefined {
    return this.memory.get(user) ?? this.fromDisk(user);
  }

  delete(user: string): void {
    this.memory.delete(user);
    if (this.dir) rmSync(this.pathOf(user), { force: true });
  }

  private fromDisk(user: string): PendingFlow[] | undefined {
    if (!this.dir) return undefined;
    const path = this.pathOf(user);
    if (!existsSync(path)) return undefined;
    let parsed: z.infer<typeof fileSchema> | undefined;
    try {
      const r = fileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
      parsed = r.success ? r.data : undefined;
    } catch {
      parsed = undefined;
    }
    const flows: PendingFlow[] = [];
    if (parsed && this.clock() - parsed.at <= MAX_AGE_MS)
      for (const f of parsed.flows) {
        const r = loadFlowText(f.yaml, `${f.id}.yaml`);
        if (r.ok && r.flow.id === f.id) flows.push({ id: f.id, yaml: f.yaml, flow: r.flow });
      }
    if (!parsed || flows.length !== parsed.flows.length || !flows.length) {
      rmSync(path, { force: true });
      return undefined;
    }
    this.memory.set(user, flows);
    return flows;
  }

  /** The person's key is not a file name (it may hold any character): its hash is. */
  private pathOf(user: string): string {
    return join(this.dir as string, `${createHash('sha256').update(user).digest('hex').slice(0, 32)}.json`);
  }
}

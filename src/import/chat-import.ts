import { homedir } from 'node:os';
import { basename, extname } from 'node:path';
import { questionsOf } from '../engine/questions.js';
import type { ImportedFlow } from './build-flow.js';
import { type ImportTexts, importText, importTexts } from './chat-import-texts.js';
import { importForm } from './import-form.js';
import { type PendingFlow, PendingImports } from './pending-imports.js';
import { type Published, publishFlows } from './publish.js';

/** What the chat import needs from the running bot; the channel wires it. */
export interface ChatImportPort {
  /** Admin rights from a verified identity (ADMIN_CONTACTS by contact id), never from a display name. */
  isAdmin(user: string): boolean;
  flowsDir: string;
  /** Makes the bot offer the flows dir's current forms (sessions already started keep their version). */
  reload(): void | Promise<void>;
  /** Where imports waiting for 「发布」 are kept across a restart; without it they live in memory only. */
  pendingDir?: string;
  /** What the import says; templates/import.yaml (or TIANBAO_IMPORT_TEXTS) when not given. */
  texts?: ImportTexts;
}

/** A phone screen: every reply stays under this many characters. */
export const MAX_REPLY = 500;

const COMMAND = /^\s*导入\s+(.+?)\s*$/;
const PUBLISH = /^\s*(发布|確認發布|确认发布)\s*$/;
const CANCEL = /^\s*(取消|取消导入|放弃)\s*$/;
/** The extensions the importer reads; any other file is not a form. */
export const FORM_FILE = /\.(docx|xlsx|doc|xls)$/i;

/** Per call: whether the sender is an admin (from the channel's verified identity), whether paths may be read. */
export interface ImportCall {
  /** Overrides the port's `isAdmin` when the channel knows it for this message. */
  admin?: boolean;
  /** `导入 <路径>` reads a file on this machine: only the terminal (the person at the machine) may. */
  paths?: boolean;
}

/**
 * An admin sends a form file (or types `导入 <路径>` in the terminal chat): the bot replies with a
 * summary and the first questions; 「发布」 writes the flow(s) into the flows dir as a new version,
 * 「取消」 drops them. Pending imports are kept until answered: on disk when the port gives a
 * `pendingDir` (a restart loses nothing), else in memory only (and the summary says to publish
 * before a restart).
 */
export class ChatImport {
  private readonly pending: PendingImports;
  /** Read when the bot starts: a broken template stops it there, not in the middle of an import. */
  readonly texts: ImportTexts;

  constructor(private readonly port: ChatImportPort) {
    this.pending = new PendingImports(port.pendingDir);
    this.texts = port.texts ?? importTexts();
  }

  /** A file arrived from `user`. Returns the replies. */
  async receiveFile(user: string, path: string, name = basename(path), call: ImportCall = {}): Promise<string[]> {
    const t = this.texts;
    // A non-admin's form file is refused before it is read.
    if (!(call.admin ?? this.port.isAdmin(user))) return [importText(t, 'not_admin')];
    const r = await importForm(path, { file: name });
    // The reason may quote the path the file was saved under on the bot's machine: the sender knows its name.
    const shown = shownName(name);
    if (!r.ok) return [clip(importText(t, 'import_failed', { name: shown, reason: r.reason.replaceAll(path, shown) }))];
    return [summary(t, r.flows, this.pending.set(user, r.flows))];
  }

  /**
   * Text from `user`: `导入 <路径>`, or 「发布」/「取消」 while an import waits. Returns null when the
   * text is not for the importer, so the conversation handles it as usual.
   */
  async handleText(user: string, text: string, call: ImportCall = {}): Promise<string[] | null> {
    const t = this.texts;
    const admin = call.admin ?? this.port.isAdmin(user);
    const cmd = COMMAND.exec(text);
    if (cmd?.[1]) {
      if (call.paths === false) return admin ? [importText(t, 'send_the_file')] : null;
      const path = typedPath(cmd[1]);
      return this.receiveFile(user, path, basename(path), { admin });
    }
    // Only 「发布」/「取消」 from an admin can concern a waiting import (and only then is it looked up).
    const cancel = CANCEL.test(text);
    if (!admin || !(cancel || PUBLISH.test(text))) return null;
    const waiting = this.pending.get(user);
    if (!waiting) return null;
    if (cancel) {
      this.pending.delete(user);
      return [importText(t, 'cancelled')];
    }
    // All forms of the import or none; the waiting import is forgotten only once they are written, so a crash
    // in between loses nothing (「发布」 again writes the next version).
    const published = publishFlows(waiting, this.port.flowsDir);
    this.pending.delete(user);
    const lines: string[] = [];
    for (const [i, f] of waiting.entries()) {
      const p = published[i] as Published;
      const name = formName(f);
      lines.push(
        p.replaced !== undefined
          ? importText(t, 'published_version', { name, version: p.version, replaced: p.replaced })
          : importText(t, 'published_form', { name }),
      );
    }
    await this.port.reload();
    return [clip(importText(t, 'published', { count: lines.length, forms: lines.join('\n') }))];
  }

  /** Whether `user` has an import waiting for 「发布」 or 「取消」. */
  isWaiting(user: string): boolean {
    return this.pending.get(user) !== undefined;
  }
}

/** A path as people type or drag it into a terminal: quoted, or starting with ~. */
export function typedPath(s: string): string {
  const unquoted = /^(['"])(.*)\1$/.exec(s)?.[2] ?? s;
  return unquoted.replace(/^~(?=\/|$)/, homedir());
}

function formName(f: PendingFlow): string {
  return `${f.flow.year ? `${f.flow.year}年` : ''}${f.flow.title}${f.flow.project ? `·${f.flow.project}` : ''}`;
}

const fmt = (n: number) => String(Math.round(n * 100) / 100);

/** N 项指标, 总分, 需人工评分 k 项, assumptions, then the first questions — one screen. */
function summary(t: ImportTexts, flows: ImportedFlow[], kept: boolean): string {
  const parts: string[] = [];
  if (flows.length === 1 && flows[0]) {
    const f = flows[0];
    const name = formName(f);
    parts.push(
      f.flow.org ? importText(t, 'read_one_org', { name, org: f.flow.org }) : importText(t, 'read_one', { name }),
    );
    parts.push(facts(t, f));
    for (const assumption of f.assumptions.slice(0, 2)) parts.push(importText(t, 'assumption', { assumption }));
    if (f.warnings.length) parts.push(importText(t, 'inconsistencies', { count: f.warnings.length }));
    parts.push(importText(t, 'first_questions', { questions: preview(t, f) }));
  } else {
    parts.push(importText(t, 'read_many', { count: flows.length }));
    flows.forEach(
      (f, i) => void parts.push(importText(t, 'read_many_form', { n: i + 1, name: formName(f), facts: facts(t, f) })),
    );
    const assumed = flows.filter((f) => f.assumptions.length).length;
    if (assumed) parts.push(importText(t, 'read_many_assumed', { count: assumed }));
  }
  // Kept in memory only, a restart forgets it: then the admin is told.
  const tail = `${importText(t, 'ask_publish')}${kept ? '' : importText(t, 'restart_forgets')}`;
  return `${clip(parts.join('\n'), MAX_REPLY - tail.length - 1)}\n${tail}`;
}

function facts(t: ImportTexts, f: ImportedFlow): string {
  const manual = f.rows.filter((r) => r.manual).length;
  return importText(t, 'facts', { items: f.rows.length, total: fmt(f.flow.total), manual });
}

/** The first indicator questions as the person will meet them: path, 指标值, 分值. */
function preview(t: ImportTexts, f: ImportedFlow): string {
  const lines: string[] = [];
  for (const q of questionsOf(f.flow)) {
    if (q.kind !== 'indicator' || lines.length >= 3) continue;
    const { level2: group, name, target } = q.ind;
    const example = f.rows.find((r) => r.name === name && r.level2 === group)?.example;
    lines.push(
      importText(t, 'question', { n: lines.length + 1, group, name, target, weight: fmt(q.ind.weight) }) +
        (example ? importText(t, 'question_example', { example }) : ''),
    );
  }
  return lines.join('\n');
}

/**
 * A sender's file name as a reply quotes it: a long one is shortened (its extension kept) so the
 * sentence around it, which says what to do, still fits the screen.
 */
export function shownName(name: string, max = 40): string {
  if (name.length <= max) return name;
  const ext = extname(name).slice(0, 8);
  return `${name.slice(0, max - ext.length - 1)}…${ext}`;
}

/** Cuts at a line end when it can, so a reply never runs past one phone screen. */
export function clip(s: string, max = MAX_REPLY): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  const nl = cut.lastIndexOf('\n');
  return `${nl > max / 2 ? cut.slice(0, nl) : cut}…`;
}

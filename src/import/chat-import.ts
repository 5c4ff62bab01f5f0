import { homedir } from 'node:os';
import { basename } from 'node:path';
import { questionsOf } from '../engine/questions.js';
import type { ImportedFlow } from './build-flow.js';
import { importForm } from './import-form.js';
import { type PendingFlow, PendingImports } from './pending-imports.js';
import { publishFlow } from './publish.js';

/** What the chat import needs from the running bot; the channel wires it. */
export interface ChatImportPort {
  /** Admin rights from a verified identity (ADMIN_CONTACTS by contact id), never from a display name. */
  isAdmin(user: string): boolean;
  flowsDir: string;
  /** Makes the bot offer the flows dir's current forms (sessions already started keep their version). */
  reload(): void | Promise<void>;
  /** Where imports waiting for 「发布」 are kept across a restart; without it they live in memory only. */
  pendingDir?: string;
}

/** A phone screen: every reply stays under this many characters. */
export const MAX_REPLY = 500;

const COMMAND = /^\s*导入\s+(.+?)\s*$/;
const PUBLISH = /^\s*(发布|確認發布|确认发布)\s*$/;
const CANCEL = /^\s*(取消|取消导入|放弃)\s*$/;
/** The extensions the importer reads; any other file is not a form. */
export const FORM_FILE = /\.(docx|xlsx|doc|xls)$/i;

/** A non-admin's form file: refused before it is saved or read. */
export const NOT_ADMIN = '只有管理员可以导入表单。如需导入新的绩效表，请把文件发给管理员。';
/** In WeChat a path names a file on the bot's machine, not the sender's: they send the file itself. */
export const SEND_THE_FILE =
  '在微信里请直接把绩效表的 Word 或 Excel 文件发给我（.docx、.xlsx、.doc、.xls），不用输入路径。';

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

  constructor(private readonly port: ChatImportPort) {
    this.pending = new PendingImports(port.pendingDir);
  }

  /** A file arrived from `user`. Returns the replies. */
  async receiveFile(user: string, path: string, name = basename(path), call: ImportCall = {}): Promise<string[]> {
    if (!(call.admin ?? this.port.isAdmin(user))) return [NOT_ADMIN];
    const r = await importForm(path, { file: name });
    if (!r.ok)
      return [
        clip(
          `《${name}》没能导入：${r.reason.replaceAll(path, name)}。\n请发送绩效目标表或自评表的 Word/Excel 文件（.docx、.xlsx、.doc、.xls），表里要有一级、二级、三级指标和指标值。`,
        ),
      ];
    return [summary(r.flows, this.pending.set(user, r.flows))];
  }

  /**
   * Text from `user`: `导入 <路径>`, or 「发布」/「取消」 while an import waits. Returns null when the
   * text is not for the importer, so the conversation handles it as usual.
   */
  async handleText(user: string, text: string, call: ImportCall = {}): Promise<string[] | null> {
    const admin = call.admin ?? this.port.isAdmin(user);
    const cmd = COMMAND.exec(text);
    if (cmd?.[1]) {
      if (call.paths === false) return admin ? [SEND_THE_FILE] : null;
      const path = typedPath(cmd[1]);
      return this.receiveFile(user, path, basename(path), { admin });
    }
    // Only 「发布」/「取消」 from an admin can concern a waiting import (and only then is it looked up).
    const cancel = CANCEL.test(text);
    if (!admin || !(cancel || PUBLISH.test(text))) return null;
    const waiting = this.pending.get(user);
    if (!waiting) return null;
    this.pending.delete(user);
    if (cancel) return ['已取消导入，什么都没有改动。'];
    const lines: string[] = [];
    for (const f of waiting) {
      const p = publishFlow(f, this.port.flowsDir);
      lines.push(
        `《${formName(f)}》${p.replaced !== undefined ? `第 ${p.version} 版（替换第 ${p.replaced} 版）` : ''}`,
      );
    }
    await this.port.reload();
    return [
      clip(
        `已发布 ${lines.length} 张表：\n${lines.join('\n')}\n现在可以填报，也可以创建填报任务。已经开始填写的人继续用原来的版本。`,
      ),
    ];
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
function summary(flows: ImportedFlow[], kept: boolean): string {
  const parts: string[] = [];
  if (flows.length === 1 && flows[0]) {
    const f = flows[0];
    parts.push(`已读取《${formName(f)}》${f.flow.org ? `（${f.flow.org}）` : ''}`);
    parts.push(facts(f));
    for (const a of f.assumptions.slice(0, 2)) parts.push(`假设：${a}`);
    if (f.warnings.length) parts.push(`原表有 ${f.warnings.length} 处前后不一致，已照录。`);
    parts.push(`前几个问题：\n${preview(f)}`);
  } else {
    parts.push(`已读取 ${flows.length} 张表：`);
    flows.forEach((f, i) => void parts.push(`${i + 1}. ${formName(f)}：${facts(f)}`));
    const assumed = flows.filter((f) => f.assumptions.length).length;
    if (assumed) parts.push(`其中 ${assumed} 张表原表没有分值等，已按常用办法假设，请核对。`);
  }
  // Kept in memory only, a restart forgets it: then the admin is told.
  const tail = `回复「发布」让大家填报，回复「取消」放弃。${kept ? '' : '机器人重启前没发布的，要重新发文件。'}`;
  return `${clip(parts.join('\n'), MAX_REPLY - tail.length - 1)}\n${tail}`;
}

function facts(f: ImportedFlow): string {
  const manual = f.rows.filter((r) => r.manual).length;
  return `共 ${f.rows.length} 项指标，总分 ${fmt(f.flow.total)} 分，需人工评分 ${manual} 项。`;
}

/** The first indicator questions as the person will meet them: path, 指标值, 分值. */
function preview(f: ImportedFlow): string {
  const lines: string[] = [];
  for (const q of questionsOf(f.flow)) {
    if (q.kind !== 'indicator' || lines.length >= 3) continue;
    lines.push(`${lines.length + 1}. ${q.ind.level2}›${q.ind.name}：指标值 ${q.ind.target}，${fmt(q.ind.weight)}分`);
  }
  return lines.join('\n');
}

/** Cuts at a line end when it can, so a reply never runs past one phone screen. */
function clip(s: string, max = MAX_REPLY): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  const nl = cut.lastIndexOf('\n');
  return `${nl > max / 2 ? cut.slice(0, nl) : cut}…`;
}

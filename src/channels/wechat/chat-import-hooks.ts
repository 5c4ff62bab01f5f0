import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Outbound } from '../../engine/ports.js';
import { ChatImport, FORM_FILE, NOT_ADMIN } from '../../import/chat-import.js';
import { LIMITS } from '../../import/read-file.js';
import type { Logger } from '../../outbox/logger.js';
import type { FileHook, MessageHook } from './router.js';

export interface ChatImportWiring {
  flowsDir: string;
  /** Files received are saved under `<dataDir>/imports/` while they are read, then removed. */
  dataDir: string;
  /** The running bot's catalog reload: a published form is offered at once. */
  reload(): { flows: number; errors: string[] };
  log: Logger;
}

const texts = (out: string[]): Outbound[] => out.map((text) => ({ kind: 'text', text }));

/**
 * Import by chat on WeChat: an admin sends a form file → summary; 「发布」/「取消」 answer it. Admin rights
 * come from the router's verified identity (a bound 备注 or binding code, never a WeChat name), per message.
 * `text` runs before every other hook and the engine; `file` gets every file an allowed person sends.
 */
export function chatImportHooks(w: ChatImportWiring): { importer: ChatImport; text: MessageHook; file: FileHook } {
  const importer = new ChatImport({
    // Never consulted: every call passes the router's verified answer.
    isAdmin: () => false,
    flowsDir: w.flowsDir,
    // A restart between the summary and 「发布」 loses nothing.
    pendingDir: join(w.dataDir, 'pending-imports'),
    reload: () => {
      const r = w.reload();
      w.log('info', 'flows_reloaded', { flows: r.flows, errors: r.errors.length });
      for (const error of r.errors) w.log('warn', 'flow_skipped', { error });
    },
  });

  const text: MessageHook = async (m) => {
    // A path in WeChat would name a file on the bot's machine: WeChat senders send the file itself.
    const out = await importer.handleText(m.user, m.text, { admin: m.isAdmin, paths: false });
    return out && texts(out);
  };

  const file: FileHook = async (m) => {
    const name = m.file.name;
    if (!FORM_FILE.test(name)) return null;
    if (!m.isAdmin) {
      w.log('warn', 'import_refused', { key: m.user, file: name });
      return texts([NOT_ADMIN]);
    }
    // A declared size past the limit is refused before anything is downloaded.
    if (m.file.size !== undefined && m.file.size > LIMITS.fileBytes)
      return texts([`《${name}》超过 20 MB，不像一张绩效表，没有导入。请发送绩效目标表或自评表的 Word/Excel 文件。`]);
    const dir = join(w.dataDir, 'imports');
    // The sender's file name is never part of the path: only its (checked) extension is kept, for the reader.
    const path = join(dir, `${randomUUID()}${extname(name).toLowerCase()}`);
    try {
      try {
        const bytes = await m.file.bytes();
        mkdirSync(dir, { recursive: true });
        writeFileSync(path, bytes);
      } catch (error) {
        // A download cut short or a full disk: the admin hears it, the bot carries on.
        w.log('error', 'import_save_failed', { key: m.user, file: name, error });
        return texts([`《${name}》没有收到完整的文件，请重新发送一次。`]);
      }
      const out = await importer.receiveFile(m.user, path, name, { admin: true });
      w.log('info', 'import_received', { key: m.user, file: name, waiting: importer.isWaiting(m.user) });
      return texts(out);
    } finally {
      rmSync(path, { force: true });
    }
  };

  return { importer, text, file };
}

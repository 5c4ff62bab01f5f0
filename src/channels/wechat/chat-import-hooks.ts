import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Outbound } from '../../engine/ports.js';
import { ChatImport, clip, FORM_FILE, shownName } from '../../import/chat-import.js';
import { type ImportTexts, importText } from '../../import/chat-import-texts.js';
import { LIMITS } from '../../import/read-file.js';
import { removeStaleCopies } from '../../import/temp-copies.js';
import type { Logger } from '../../outbox/logger.js';
import type { FileHook, MessageHook } from './router.js';

export interface ChatImportWiring {
  flowsDir: string;
  /** Files received are saved under `<dataDir>/imports/` while they are read, then removed. */
  dataDir: string;
  /** The running bot's catalog reload: a published form is offered at once. */
  reload(): { flows: number; errors: string[] };
  log: Logger;
  /** What the import says; templates/import.yaml (or TIANBAO_IMPORT_TEXTS) when not given. */
  texts?: ImportTexts;
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
    texts: w.texts,
    // A restart between the summary and 「发布」 loses nothing.
    pendingDir: join(w.dataDir, 'pending-imports'),
    reload: () => {
      const r = w.reload();
      w.log('info', 'flows_reloaded', { flows: r.flows, errors: r.errors.length });
      for (const error of r.errors) w.log('warn', 'flow_skipped', { error });
    },
  });

  // One wording for the importer and the hook: read (and checked) once, when the bot starts.
  const t = importer.texts;
  // Copies a killed process was reading are removed at start and whenever a file arrives.
  const copies = join(w.dataDir, 'imports');
  removeStaleCopies(copies);

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
      return texts([importText(t, 'not_admin')]);
    }
    // A declared size past the limit is refused before anything is downloaded.
    if (m.file.size !== undefined && m.file.size > LIMITS.fileBytes)
      return texts([
        clip(importText(t, 'too_big', { name: shownName(name), mb: Math.round(LIMITS.fileBytes / 2 ** 20) })),
      ]);
    const dir = copies;
    removeStaleCopies(dir);
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
        return texts([clip(importText(t, 'download_failed', { name: shownName(name) }))]);
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

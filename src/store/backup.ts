import { existsSync, lstatSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { StorageError } from './open-database.js';

export interface BackupResult {
  file: string;
  bytes: number;
  pages: number;
}

/**
 * A consistent copy of a live database with SQLite's online backup: the bot keeps running and writing while it
 * is made. Written next to the target and renamed when complete and checked, so a half copy never carries the
 * target's name; an existing target is never overwritten.
 */
export async function backupDatabase(source: string, target: string): Promise<BackupResult> {
  const out = resolve(target);
  if (!existsSync(source)) throw new StorageError(`没有找到数据库 ${source}，无可备份。请检查 TIANBAO_DATA_DIR。`);
  if (lstatSync(out, { throwIfNoEntry: false }))
    throw new StorageError(`${out} 已存在，未覆盖。请换一个文件名，例如加上日期。`);
  if (!statSync(dirname(out), { throwIfNoEntry: false })?.isDirectory())
    throw new StorageError(`备份目录 ${dirname(out)} 不存在，请先创建。`);
  const tmp = join(dirname(out), `.${basename(out)}.${process.pid}.part`);
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    let pages = 0;
    await db.backup(tmp, {
      progress: ({ totalPages }) => {
        pages = totalPages;
        // The rest in one step: a write by the bot between steps would restart the copy, for ever under load.
        // In WAL mode one long read does not hold the bot's writes up.
        return 2 ** 31 - 1;
      },
    });
    const copy = new Database(tmp, { readonly: true });
    try {
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok')
        throw new StorageError(`备份副本校验未通过（${String(check)}），已删除。请运行 tianbao doctor 检查数据库。`);
    } finally {
      copy.close();
    }
    renameSync(tmp, out);
    return { file: out, bytes: statSync(out).size, pages };
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  } finally {
    db.close();
  }
}

import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';

/** The one database file of a data dir. */
export const databaseFile = (dataDir: string) => join(dataDir, 'tianbao.db');

/**
 * A storage fault said in one line — what is wrong and what to do — with the exit code a supervisor sees.
 * Nothing has been overwritten when this is thrown.
 */
export class StorageError extends Error {
  readonly exitCode = 3;
}

const HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Opens (or, in an existing directory, creates) a database file, refusing anything that would silently start
 * empty or write over data: a data dir that is missing along with its parent (an unmounted disk?), an empty
 * (0-byte) file, a file that is not a database, one shorter than its own header says (truncated copy).
 */
export function openDatabaseFile(file: string): Database.Database {
  if (file === ':memory:') return new Database(file);
  const dir = dirname(file);
  if (!existsSync(dir)) {
    if (!existsSync(dirname(dir)))
      throw new StorageError(
        `数据目录 ${dir} 不存在，它的上级目录也不存在（磁盘未挂载？）。请检查 TIANBAO_DATA_DIR。/ Data dir missing.`,
      );
    try {
      mkdirSync(dir);
    } catch (e) {
      throw new StorageError(
        `无法创建数据目录 ${dir}（${code(e)}）。请检查权限，或把 TIANBAO_DATA_DIR 指向可写的目录。/ Cannot create data dir.`,
      );
    }
  } else if (!statSync(dir).isDirectory())
    throw new StorageError(`数据目录 ${dir} 不是目录。请检查 TIANBAO_DATA_DIR。/ Data dir is not a directory.`);
  if (existsSync(file)) checkFile(file);
  let db: Database.Database | undefined;
  try {
    db = new Database(file);
    // Reading the schema touches the first page: a file that is not a database fails here, not later.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    checkPages(db, file);
    return db;
  } catch (e) {
    db?.close();
    throw storageProblem(e, file);
  }
}

/**
 * A page damaged in the middle of the file reads fine until a turn touches it, and the bot would go on writing
 * around it: SQLite's quick check (every page's structure, not the slower index cross-check of integrity_check)
 * runs before anything is written, and a failure stops start-up. Its cost grows with the file (about 0.3 s for
 * 100 MB here).
 */
function checkPages(db: Database.Database, file: string): void {
  const result = db.pragma('quick_check(1)', { simple: true });
  if (result !== 'ok') throw corrupt(file, '有数据页损坏（完整性检查未通过）');
}

function checkFile(file: string): void {
  const st = statSync(file);
  if (!st.isFile())
    throw new StorageError(`数据库 ${file} 不是普通文件，未打开。请检查数据目录。/ Not a regular file.`);
  if (st.size === 0)
    throw new StorageError(
      `数据库 ${file} 是空文件（0 字节），可能是复制或磁盘出错。未自动新建，以免丢失数据：请从备份恢复；确认要从头开始，请先删除该文件。/ Empty database file.`,
    );
  const head = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  let n: number;
  try {
    n = readSync(fd, head, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (n < 100 || !head.subarray(0, 16).equals(HEADER)) throw corrupt(file, '不是 SQLite 数据库');
  const rawPage = head.readUInt16BE(16);
  const pageSize = rawPage === 1 ? 65536 : rawPage;
  const pages = head.readUInt32BE(28);
  // The page count in the header is valid only when its "valid-for" counter matches the change counter.
  if (head.readUInt32BE(92) === head.readUInt32BE(24) && pages > 0 && st.size < pages * pageSize)
    throw corrupt(file, `文件只有 ${st.size} 字节，应有 ${pages * pageSize} 字节（被截断）`);
}

function corrupt(file: string, what: string): StorageError {
  return new StorageError(
    `数据库 ${file} 已损坏：${what}。原文件未改动；请停止程序，把它改名留存，再把 tianbao backup 生成的备份文件复制为 ${file}，然后运行 tianbao doctor 检查。/ Database corrupt.`,
  );
}

const code = (e: unknown) => (e as { code?: string }).code ?? (e as Error).message;

/** Any error from SQLite or the file system, said as a StorageError; other errors are returned as they are. */
export function storageProblem(e: unknown, file: string): Error {
  if (e instanceof StorageError) return e;
  const c = code(e);
  if (typeof c !== 'string') return e as Error;
  if (c === 'SQLITE_FULL' || c === 'ENOSPC')
    return new StorageError(
      `磁盘已满，无法写入数据库 ${file}。请清理磁盘空间后再启动；已保存的数据未受影响。/ Disk full.`,
    );
  if (c.startsWith('SQLITE_READONLY') || c === 'EROFS' || c === 'EACCES' || c === 'EPERM')
    return new StorageError(
      `数据库 ${file} 或其目录只读（${c}），无法写入。请检查权限或磁盘是否只读挂载。/ Database is read-only.`,
    );
  if (c.startsWith('SQLITE_CANTOPEN'))
    return new StorageError(`无法打开数据库 ${file}（${c}）。请检查数据目录的路径和权限。/ Cannot open database.`);
  if (c === 'SQLITE_NOTADB' || c.startsWith('SQLITE_CORRUPT')) return corrupt(file, '内容无法读取');
  if (c.startsWith('SQLITE_IOERR'))
    return new StorageError(`读写数据库 ${file} 出错（${c}），可能是磁盘故障或已满。请检查磁盘。/ Disk I/O error.`);
  return e as Error;
}

import { spawnSync } from 'node:child_process';
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { StorageError, storageProblem } from '../src/store/open-database.js';
import { openDatabase } from '../src/store/sqlite-store.js';
import { cleanup, closeAfterEach, tempDir } from './support/chat.js';

// Issue 12, item 11: storage faults end in one line saying what is wrong and what to do; nothing is overwritten.
const keep = closeAfterEach();
const dir = () => {
  const d = tempDir('tianbao-storage-');
  keep(d, cleanup);
  return d;
};
const failure = (f: () => unknown): StorageError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(StorageError);
    return e as StorageError;
  }
  throw new Error('expected a StorageError');
};

describe('a damaged database is never replaced silently', () => {
  it('a 0-byte database is refused and left as it is', () => {
    const file = join(dir(), 'tianbao.db');
    writeFileSync(file, '');
    expect(failure(() => openDatabase(file)).message).toBe(
      `数据库 ${file} 是空文件（0 字节），可能是复制或磁盘出错。未自动新建，以免丢失数据：请从备份恢复；确认要从头开始，请先删除该文件。/ Empty database file.`,
    );
    expect(readFileSync(file)).toHaveLength(0);
  });

  it('a file that is not a database is refused and left as it is', () => {
    const file = join(dir(), 'tianbao.db');
    writeFileSync(file, 'x'.repeat(5000));
    expect(failure(() => openDatabase(file)).message).toMatch(/^数据库 .* 已损坏：不是 SQLite 数据库。原文件未改动；/);
    expect(readFileSync(file, 'utf8')).toBe('x'.repeat(5000));
  });

  it('a truncated copy is refused', () => {
    const file = join(dir(), 'tianbao.db');
    const db = openDatabase(file);
    const put = db.prepare('INSERT INTO wechat_state (key, value) VALUES (?, ?)');
    for (let i = 0; i < 500; i++) put.run(`k${i}`, 'v'.repeat(200));
    db.close();
    const size = readFileSync(file).length;
    truncateSync(file, Math.floor(size / 2));
    expect(failure(() => openDatabase(file)).message).toContain('（被截断）。原文件未改动');
  });
});

describe('the data dir', () => {
  it('is created on first use inside an existing directory', () => {
    const db = openDatabase(join(dir(), 'data', 'tianbao.db'));
    db.close();
  });

  it('is not created when its parent is missing too (an unmounted disk must not become an empty bot)', () => {
    const d = join(dir(), 'mnt', 'usb', 'data');
    expect(failure(() => openDatabase(join(d, 'tianbao.db'))).message).toBe(
      `数据目录 ${d} 不存在，它的上级目录也不存在（磁盘未挂载？）。请检查 TIANBAO_DATA_DIR。/ Data dir missing.`,
    );
  });

  it('that is a file is refused', () => {
    const f = join(dir(), 'data');
    writeFileSync(f, 'not a dir');
    expect(failure(() => openDatabase(join(f, 'tianbao.db'))).message).toContain('不是目录');
  });
});

describe('faults while writing are said plainly', () => {
  it('a full disk', () => {
    const file = join(dir(), 'tianbao.db');
    const db = openDatabase(file);
    // SQLite's own page limit produces the very error a full disk does (SQLITE_FULL).
    db.pragma('max_page_count = 30');
    let error: unknown;
    try {
      for (let i = 0; i < 1000; i++) db.prepare('INSERT INTO wechat_state VALUES (?, ?)').run(`k${i}`, 'v'.repeat(500));
    } catch (e) {
      error = e;
    }
    db.close();
    expect((error as { code: string }).code).toBe('SQLITE_FULL');
    expect(storageProblem(error, file).message).toBe(
      `磁盘已满，无法写入数据库 ${file}。请清理磁盘空间后再启动；已保存的数据未受影响。/ Disk full.`,
    );
  });

  it('a read-only database', () => {
    const file = join(dir(), 'tianbao.db');
    openDatabase(file).close();
    const ro = new Database(file, { readonly: true });
    let error: unknown;
    try {
      ro.prepare("INSERT INTO wechat_state VALUES ('a', 'b')").run();
    } catch (e) {
      error = e;
    }
    ro.close();
    expect(storageProblem(error, file).message).toBe(
      `数据库 ${file} 或其目录只读（SQLITE_READONLY），无法写入。请检查权限或磁盘是否只读挂载。/ Database is read-only.`,
    );
  });
});

it('a command on a damaged database prints one line and exits with 3, no stack trace', () => {
  const d = dir();
  writeFileSync(join(d, 'tianbao.db'), '');
  const r = spawnSync(process.execPath, [resolve('bin/tianbao.mjs'), 'people', 'list'], {
    env: { ...process.env, TIANBAO_DATA_DIR: d },
    encoding: 'utf8',
  });
  expect(r.status).toBe(3);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toContain('是空文件（0 字节）');
});

// Issue 21, item 3: a page damaged in the middle of the file (the header and schema still read fine).
describe('a database with a corrupt page in the middle', () => {
  /** A database of a few hundred pages whose page in the middle is overwritten with noise. */
  function corruptMiddle(): { file: string; before: Buffer } {
    const file = join(dir(), 'tianbao.db');
    const db = openDatabase(file);
    const put = db.prepare('INSERT INTO wechat_state (key, value) VALUES (?, ?)');
    db.transaction(() => {
      for (let i = 0; i < 3000; i++) put.run(`k${i}`, 'v'.repeat(300));
    })();
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.close();
    const bytes = readFileSync(file);
    const pages = bytes.length / pageSize;
    const middle = Math.floor(pages / 2) * pageSize;
    // Garbage where the b-tree page header and cell pointers are.
    for (let i = 0; i < 64; i++) bytes[middle + i] = (i * 37 + 11) & 0xff;
    writeFileSync(file, bytes);
    // Opening and reading the schema alone does not notice it.
    const raw = new Database(file, { readonly: true });
    raw.prepare('SELECT count(*) FROM sqlite_master').get();
    expect(raw.pragma('integrity_check', { simple: true })).not.toBe('ok');
    raw.close();
    return { file, before: bytes };
  }

  it('is refused at start with one line saying how to restore from a backup, and left as it is', () => {
    const { file, before } = corruptMiddle();
    const message = failure(() => openDatabase(file)).message;
    expect(message).toContain(`数据库 ${file} 已损坏：有数据页损坏（完整性检查未通过）。原文件未改动；`);
    expect(message).toContain('tianbao backup');
    expect(message.split('\n')).toHaveLength(1);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('a command on it exits with 3 and one line, without writing to it', () => {
    const { file, before } = corruptMiddle();
    const r = spawnSync(process.execPath, [resolve('bin/tianbao.mjs'), 'people', 'list'], {
      env: { ...process.env, TIANBAO_DATA_DIR: join(file, '..') },
      encoding: 'utf8',
    });
    expect(r.status).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('有数据页损坏');
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});

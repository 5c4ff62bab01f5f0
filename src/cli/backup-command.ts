import { loadSettings } from '../app/settings.js';
import { backupDatabase } from '../store/backup.js';
import { databaseFile, StorageError } from '../store/open-database.js';

/** `tianbao backup <file>`: a consistent copy of the database, safe while the bot runs. */
export async function runBackup(argv: string[]): Promise<number> {
  const [target, ...rest] = argv;
  if (!target || rest.length || target.startsWith('-')) {
    console.error('用法：tianbao backup <备份文件>，例如：tianbao backup /srv/backup/tianbao-2026-12-01.db');
    return 2;
  }
  const source = databaseFile(loadSettings().dataDir);
  try {
    const r = await backupDatabase(source, target);
    console.log(
      `已备份到 ${r.file}（${(r.bytes / 1024).toFixed(0)} KB，已校验）。恢复：停止机器人，把它复制为 ${source}。`,
    );
    return 0;
  } catch (e) {
    if (e instanceof StorageError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
}

// The tables of the configured database, for a command that needs them without the engine (tianbao people …):
// PostgreSQL when TIANBAO_DATABASE_URL is set, else the data dir's SQLite file.
import type { Tables } from './backend.js';
import { databaseFile } from './open-database.js';
import { pgTables } from './postgres/backend.js';
import { migratePg } from './postgres/migrate.js';
import { openPool } from './postgres/pool.js';
import { sqliteTables } from './sqlite/backend.js';
import { openDatabase } from './sqlite-store.js';

/**
 * Opens every table port on the database the settings name (migrations applied); close() releases it.
 *
 * @example
 * const tables = await openTables({ dataDir: settings.dataDir, databaseUrl: settings.databaseUrl });
 * try { await new BindingCodes(tables.wechat).issue('王科长'); } finally { await tables.close(); }
 */
export async function openTables(where: {
  dataDir: string;
  databaseUrl?: string;
}): Promise<Tables & { close(): Promise<void> }> {
  if (where.databaseUrl) {
    const pool = openPool(where.databaseUrl, { max: 2 });
    try {
      await migratePg(pool);
    } catch (e) {
      await pool.end().catch(() => undefined);
      throw e;
    }
    return { ...pgTables(pool), close: () => pool.end() };
  }
  const db = openDatabase(databaseFile(where.dataDir));
  return {
    ...sqliteTables(db),
    close: async () => {
      db.close();
    },
  };
}

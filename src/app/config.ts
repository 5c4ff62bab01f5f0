import { loadSettings } from './settings.js';

export interface AppConfig {
  dataDir: string;
  flowsDir: string;
  /** TIANBAO_DATABASE_URL: the conversation's tables on PostgreSQL instead of the data dir's SQLite file. */
  databaseUrl?: string;
}

/** Everything comes from the environment (see .env.example and src/app/settings.ts); a bad value throws. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const s = loadSettings(env);
  return { dataDir: s.dataDir, flowsDir: s.flowsDir, databaseUrl: s.databaseUrl };
}

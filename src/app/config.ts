import { resolve } from 'node:path';

export interface AppConfig {
  dataDir: string;
  flowsDir: string;
}

/** Everything comes from the environment (see .env.example); nothing needs setting up by hand. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return {
    dataDir: resolve(env.TIANBAO_DATA_DIR || './data'),
    flowsDir: resolve(env.TIANBAO_FLOWS_DIR || './flows'),
  };
}

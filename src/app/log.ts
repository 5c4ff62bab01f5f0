import pino from 'pino';
import type { Logger } from '../outbox/logger.js';
import { databaseFile, storageProblem } from '../store/open-database.js';
import type { Env } from './settings.js';

export interface LogOptions {
  level?: pino.Level;
  /** Values that must never appear in a log line (tokens, passphrase, API keys): replaced by [redacted]. */
  secrets?: Array<string | undefined>;
  /** Where lines go (default stderr, so stdout stays for command output). */
  stream?: NodeJS.WritableStream;
}

/** Field names whose values are secrets whatever they hold. */
const SECRET_KEYS = /token|passphrase|password|secret|api_?key|code$/i;

/**
 * Structured logs through pino: one JSON object per line with `event`, errors with their stack (not only the
 * message), secrets never written — neither under a secret-sounding key nor anywhere inside another value.
 */
export function createLogger(opts: LogOptions = {}): Logger {
  const secrets = (opts.secrets ?? []).filter((s): s is string => Boolean(s && s.length >= 3));
  const scrub = (s: string) => secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), s);
  const clean = (v: unknown, depth = 0): unknown => {
    if (typeof v === 'string') return scrub(v);
    if (v instanceof Error)
      return { type: v.name, message: scrub(v.message), stack: v.stack ? scrub(v.stack) : undefined, code: errCode(v) };
    if (depth > 4 || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => clean(x, depth + 1));
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [k, SECRET_KEYS.test(k) && x ? '[redacted]' : clean(x, depth + 1)]),
    );
  };
  const base = pino(
    { level: opts.level ?? 'info', base: undefined, timestamp: pino.stdTimeFunctions.isoTime },
    (opts.stream ?? process.stderr) as pino.DestinationStream,
  );
  return (level, event, fields = {}) => {
    base[level]({ event, ...(clean(fields) as Record<string, unknown>) });
  };
}

/** The app's logger as configured (LOG_LEVEL), knowing the secrets of these settings. */
export function loggerFromSettings(env: Env, stream?: NodeJS.WritableStream): Logger {
  return createLogger({
    level: env.LOG_LEVEL,
    secrets: [env.WECHATY_PUPPET_SERVICE_TOKEN, env.FRIEND_PASSPHRASE, env.WECOM_BOT_SECRET, process.env.LLM_API_KEY],
    stream,
  });
}

const errCode = (e: Error) => (e as { code?: unknown }).code;

/** A fatal error said in one line (settings, storage faults): what bin/tianbao.mjs prints before exiting. */
export function fatalLine(e: unknown): { message: string; exitCode: number } | undefined {
  // An SQLite fault that surfaced after the database was opened (a write on a full disk, a corrupt page).
  const c = (e as { code?: unknown })?.code;
  if (typeof c === 'string' && (c.startsWith('SQLITE_') || c === 'ENOSPC' || c === 'EROFS'))
    e = storageProblem(e, databaseFile(process.env.TIANBAO_DATA_DIR || './data'));
  const exitCode = (e as { exitCode?: unknown })?.exitCode;
  if (e instanceof Error && typeof exitCode === 'number') return { message: e.message, exitCode };
  return undefined;
}

// The console's three ports on one SQLite database, built together by the app (app/build-engine.ts).
import type Database from 'better-sqlite3';
import type { ConsoleState } from '../console-state.js';
import { SqliteConsoleAuth } from './console-auth.js';
import { SqliteDeliveryLog } from './delivery-log.js';
import { SqliteReviews } from './reviews.js';

export function sqliteConsoleState(db: Database.Database): ConsoleState {
  return { auth: new SqliteConsoleAuth(db), reviews: new SqliteReviews(db), deliveries: new SqliteDeliveryLog(db) };
}

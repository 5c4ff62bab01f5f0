import { join } from 'node:path';
import { Engine, type Explainer } from '../engine/engine.js';
import { DirFlowCatalog } from '../engine/flow-catalog.js';
import { SqliteStore } from '../store/sqlite-store.js';
import type { AppConfig } from './config.js';
import { DocxReportSink } from './docx-report-sink.js';

export interface App {
  engine: Engine;
  store: SqliteStore;
  catalog: DirFlowCatalog;
  close(): void;
}

/** Wires the adapters (SQLite, flows directory, docx) around the pure engine. */
export function buildApp(config: AppConfig, opts: { clock?: () => Date; explainer?: Explainer | null; assignedTo?: (user: string) => string[] } = {}): App {
  const store = new SqliteStore(join(config.dataDir, 'tianbao.db'));
  const catalog = new DirFlowCatalog(config.flowsDir, store, opts.assignedTo);
  const engine = new Engine({ store, flows: catalog, reports: new DocxReportSink(join(config.dataDir, 'reports')), clock: opts.clock, explainer: opts.explainer });
  return { engine, store, catalog, close: () => store.close() };
}

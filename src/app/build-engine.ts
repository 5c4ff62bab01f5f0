import { join } from 'node:path';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { Engine, type Explainer, type QuestionPlacer, type ReasonDrafter } from '../engine/engine.js';
import { DirFlowCatalog } from '../engine/flow-catalog.js';
import type { Store } from '../engine/ports.js';
import { readLlmConfig } from '../llm/config.js';
import type { Logger } from '../outbox/logger.js';
import type { Tables } from '../store/backend.js';
import type { CampaignRows } from '../store/campaign-rows.js';
import type { ConsoleState } from '../store/console-state.js';
import { pgTables } from '../store/postgres/backend.js';
import { openPgStore } from '../store/postgres/open.js';
import type { PgStore } from '../store/postgres/pg-store.js';
import { sqliteTablesOf } from '../store/sqlite/backend.js';
import { SqliteStore } from '../store/sqlite-store.js';
import type { AppConfig } from './config.js';
import { DocxReportSink, type ScoreChart } from './docx-report-sink.js';

/** The conversation's store as the app holds it: the Store port, closed with the app. */
export type AppStore = Store & { close(): void | Promise<void> };

export interface App {
  /** Which database: the data dir's SQLite file (default), or PostgreSQL (TIANBAO_DATABASE_URL). */
  kind: 'sqlite' | 'postgres';
  engine: Engine;
  store: AppStore;
  /** The SQLite store, for what is not behind a port yet (its handle); undefined on PostgreSQL. */
  sqlite?: SqliteStore;
  /** Settles when the database is ready (PostgreSQL: migrated); a command awaits it before anything else. */
  ready: Promise<void>;
  catalog: DirFlowCatalog;
  /** Every table beside the engine's, behind its port (the outbox, …): one adapter per backend. */
  tables: Tables;
  /** Campaigns (same database): the catalog offers a person only the forms assigned to them. */
  campaigns: CampaignRows;
  /** Starts drawing reports in their worker thread now, not at the first submission (a long-running bot). */
  warmReports(): Promise<boolean>;
  /** The web console's own state: sign-in links and sessions, reviews (退回), the campaigns' delivery log. */
  consoleState: ConsoleState;
  close(): Promise<void>;
}

/** What buildApp and buildPgApp take besides the config. */
export interface BuildOptions {
  clock?: () => Date;
  explainer?: Explainer | null;
  assignedTo?: (user: string) => string[];
  env?: NodeJS.ProcessEnv;
  model?: BaseChatModel;
  /** Draws the score chart sent after 确认 (tests pass a failing one); the charts module by default. */
  chart?: ScoreChart;
  /** The engine's failures (a report that fails to render or queue) go here. */
  log?: Logger;
}

/**
 * Wires the adapters around the pure engine: the database (PostgreSQL when `config.databaseUrl` is set — no SQLite
 * file is then opened or created — else the data dir's SQLite file), the flows directory, the docx reports.
 */
export function buildApp(config: AppConfig, opts: BuildOptions = {}): App {
  if (config.databaseUrl) return buildPostgresApp({ ...config, databaseUrl: config.databaseUrl }, opts);
  const store = new SqliteStore(join(config.dataDir, 'tianbao.db'));
  const tables = sqliteTablesOf(store);
  const campaigns = tables.campaigns;
  const catalog = new DirFlowCatalog(
    config.flowsDir,
    store,
    opts.assignedTo ?? ((user) => campaigns.assignedFlows(user)),
  );
  const { engine, reports } = buildEngine(store, catalog, config, opts);
  return {
    kind: 'sqlite',
    engine,
    store,
    sqlite: store,
    ready: Promise.resolve(),
    catalog,
    campaigns,
    tables,
    warmReports: () => reports.warm(),
    consoleState: tables.console,
    close: async () => {
      void reports.close();
      store.close();
    },
  };
}

/** The engine on a PostgreSQL database (TIANBAO_DATABASE_URL): no SQLite file is opened or created. */
export type PgApp = App & { store: PgStore };

/**
 * buildApp on PostgreSQL: one pool for the process, shared by the engine's store and every table's port; the
 * migrations start at once (`app.ready`). Reports are still drawn into the data dir's reports/ folder.
 */
export function buildPgApp(config: AppConfig & { databaseUrl: string }, opts: BuildOptions = {}): PgApp {
  return buildPostgresApp(config, opts);
}

function buildPostgresApp(config: AppConfig & { databaseUrl: string }, opts: BuildOptions): PgApp {
  const store = openPgStore(config.databaseUrl, {
    onError: (e) => opts.log?.('warn', 'postgres_idle_error', { error: e }),
  });
  const tables = pgTables(store.pool);
  const campaigns = tables.campaigns;
  // Older flow versions come from the store with their text (the engine reads it); the catalog need not ask.
  const catalog = new DirFlowCatalog(
    config.flowsDir,
    undefined,
    opts.assignedTo ?? ((user) => store.ready.then(() => campaigns.assignedFlows(user))),
  );
  const { engine, reports } = buildEngine(store, catalog, config, opts);
  return {
    kind: 'postgres',
    engine,
    store,
    ready: store.ready,
    catalog,
    campaigns,
    tables,
    warmReports: () => reports.warm(),
    consoleState: tables.console,
    close: async () => {
      void reports.close();
      await store.close();
    },
  };
}

/** The engine and its report sink around a store and a catalog: what both backends share. */
function buildEngine(store: Store, catalog: DirFlowCatalog, config: AppConfig, opts: BuildOptions) {
  // The LLM is optional: off unless configured in the environment (or a model is passed, in tests).
  // LangChain is loaded only when a model is configured (or passed, in tests): it is large.
  const llm = readLlmConfig(opts.env ?? process.env);
  const timeoutMs = llm.enabled ? llm.timeoutMs : undefined;
  let model: Promise<BaseChatModel | undefined> | undefined = opts.model ? Promise.resolve(opts.model) : undefined;
  const getModel = () =>
    (model ??= llm.enabled
      ? import('../llm/chat-model.js').then((m) => m.createChatModel(llm))
      : Promise.resolve(undefined));
  // Without a model the engine offers its own draft from the item's figures, with lists to pick from.
  const drafter: ReasonDrafter | undefined =
    opts.model || llm.enabled
      ? async (item) => {
          const { draftReason } = await import('../llm/draft-reason.js');
          const d = await draftReason(await getModel(), item, { timeoutMs });
          // A steered model is worth an admin's look: the draft it wrote was not offered.
          if (d.rejected) opts.log?.('warn', 'llm_draft_rejected', { item: item.id, why: d.rejected });
          return d.source === 'llm' ? d.text : null;
        }
      : undefined;
  // Without a model the deterministic explainer already answers everything it can.
  const placer: QuestionPlacer | undefined =
    opts.model || llm.enabled
      ? async (text, report, flow, nav) => {
          const { explainWithLlm } = await import('../llm/explain-with-llm.js');
          return (
            await explainWithLlm(text, report, { model: await getModel(), timeoutMs, grades: flow.grades, ...nav })
          ).text;
        }
      : undefined;
  const reports = new DocxReportSink(join(config.dataDir, 'reports'), opts.chart);
  const engine = new Engine({
    store,
    flows: catalog,
    reports,
    clock: opts.clock,
    explainer: opts.explainer,
    drafter,
    placer,
    log: opts.log,
  });
  return { engine, reports };
}

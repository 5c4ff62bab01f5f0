// What a running bot starts for campaigns: the scheduler polled on an interval, the coordinators'
// chat commands, and the hooks the channel needs. State lives in the database, the interval only polls it.
import type { Engine } from '../engine/engine.js';
import type { FlowCatalog, MaybePromise, OutboxPort } from '../engine/ports.js';
import type { CampaignRows } from '../store/campaign-rows.js';
import { type AdminHook, makeAdminHook } from './admin-hook.js';
import type { SessionReads } from './progress.js';
import { type Delivery, Scheduler } from './scheduler.js';

export interface CampaignRuntimeOptions {
  /** The engine's store; the campaign tables live in the same database. */
  store: SessionReads;
  engine: Pick<Engine, 'progress'>;
  flows: Pick<FlowCatalog, 'byId' | 'byHash'>;
  outbox: OutboxPort;
  clock?: () => Date;
  /** ADMIN_CONTACTS: who may use 汇总/催办 and gets the summary at each deadline. */
  admins?: string[];
  /** Poll period; 0 starts no timer (the caller calls tick). Default one minute. */
  intervalMs?: number;
  /** The campaign tables (the app's, the one the catalog asks). */
  campaigns: CampaignRows;
  onError?: (e: unknown) => void;
}

export interface CampaignRuntime {
  campaigns: CampaignRows;
  scheduler: Scheduler;
  /** The first poll (at start, catching up after downtime) has finished. */
  started: Promise<void>;
  /** One poll now: sends what is due, returns what was put in the outbox. */
  tick(): Promise<Delivery[]>;
  adminHook: AdminHook;
  /** For the channel's access control: people assigned a form by an open campaign. */
  isAssignee(user: string): MaybePromise<boolean>;
  /** For the catalog's assignedTo hook. */
  assignedFlows(user: string): MaybePromise<string[]>;
  stop(): void;
}

/**
 * Ticks once at once (catching up after downtime), then every intervalMs.
 *
 * @example const runtime = startCampaignRuntime({ store: app.store, campaigns: app.campaigns, engine: app.engine, flows: app.catalog, outbox });
 */
export function startCampaignRuntime(opts: CampaignRuntimeOptions): CampaignRuntime {
  const clock = opts.clock ?? (() => new Date());
  const campaigns = opts.campaigns;
  const scheduler = new Scheduler({
    campaigns,
    store: opts.store,
    engine: opts.engine,
    flows: opts.flows,
    outbox: opts.outbox,
    admins: opts.admins,
  });
  const onError = opts.onError ?? ((e: unknown) => console.error('催办任务轮询出错：', e));
  const tick = () => scheduler.tick(clock());
  let timer: ReturnType<typeof setInterval> | undefined;
  let stopped = false;
  let running: Promise<unknown> | undefined;
  const safeTick = () => {
    // One tick at a time; a slow database never piles ticks up.
    if (stopped || running) return;
    running = tick()
      .catch((e) => {
        // The app closed its database (the bot stopped without stopping us): stop quietly.
        if (isClosed(e)) {
          stopped = true;
          if (timer) clearInterval(timer);
        } else onError(e);
      })
      .finally(() => {
        running = undefined;
      });
  };
  safeTick();
  const started = Promise.resolve(running).then(() => undefined);
  const interval = opts.intervalMs ?? 60_000;
  timer = interval > 0 ? setInterval(safeTick, interval) : undefined;
  timer?.unref();
  return {
    campaigns,
    scheduler,
    started,
    tick,
    adminHook: makeAdminHook({
      campaigns,
      scheduler,
      store: opts.store,
      engine: opts.engine,
      flows: opts.flows,
      clock,
    }),
    isAssignee: (u) => {
      const flows = campaigns.assignedFlows(u);
      return flows instanceof Promise ? flows.then((f) => f.length > 0) : flows.length > 0;
    },
    assignedFlows: (u) => campaigns.assignedFlows(u),
    stop: () => {
      stopped = true;
      if (timer) clearInterval(timer);
    },
  };
}

/** A database that was closed under the runtime (better-sqlite3: "The database connection is not open"; pg: pool ended). */
function isClosed(e: unknown): boolean {
  const m = e instanceof Error ? e.message : String(e);
  return /connection is not open|pool after calling end|Client was closed/i.test(m);
}

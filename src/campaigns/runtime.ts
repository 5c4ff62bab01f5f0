// What a running bot starts for campaigns: the scheduler polled on an interval, the coordinators'
// chat commands, and the hooks the channel needs. State lives in SQLite, the interval only polls it.
import type Database from 'better-sqlite3';
import type { Engine } from '../engine/engine.js';
import type { FlowCatalog, OutboxPort } from '../engine/ports.js';
import { type AdminHook, makeAdminHook } from './admin-hook.js';
import { CampaignStore } from './campaign-store.js';
import type { SessionReads } from './progress.js';
import { type Delivery, Scheduler } from './scheduler.js';

export interface CampaignRuntimeOptions {
  /** The engine's store; the campaign tables live in the same database. */
  store: SessionReads & { db: Database.Database };
  engine: Pick<Engine, 'progress'>;
  flows: Pick<FlowCatalog, 'byId' | 'byHash'>;
  outbox: OutboxPort;
  clock?: () => Date;
  /** ADMIN_CONTACTS: who may use 汇总/催办 and gets the summary at each deadline. */
  admins?: string[];
  /** Poll period; 0 starts no timer (the caller calls tick). Default one minute. */
  intervalMs?: number;
  /** Reuse the app's CampaignStore (the one the catalog asks); a new one on the same db otherwise. */
  campaigns?: CampaignStore;
  onError?: (e: unknown) => void;
}

export interface CampaignRuntime {
  campaigns: CampaignStore;
  scheduler: Scheduler;
  /** One poll now: sends what is due, returns what was put in the outbox. */
  tick(): Delivery[];
  adminHook: AdminHook;
  /** For the channel's access control: people assigned a form by an open campaign. */
  isAssignee(user: string): boolean;
  /** For the catalog's assignedTo hook. */
  assignedFlows(user: string): string[];
  stop(): void;
}

/** Ticks once at once (catching up after downtime), then every intervalMs. */
export function startCampaignRuntime(opts: CampaignRuntimeOptions): CampaignRuntime {
  const clock = opts.clock ?? (() => new Date());
  const campaigns = opts.campaigns ?? new CampaignStore(opts.store.db);
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
  const safeTick = () => {
    // The app closed its database (the bot stopped without stopping us): stop quietly.
    if (!opts.store.db.open) {
      if (timer) clearInterval(timer);
      return;
    }
    try {
      tick();
    } catch (e) {
      onError(e);
    }
  };
  safeTick();
  const interval = opts.intervalMs ?? 60_000;
  timer = interval > 0 ? setInterval(safeTick, interval) : undefined;
  timer?.unref();
  return {
    campaigns,
    scheduler,
    tick,
    adminHook: makeAdminHook({
      campaigns,
      scheduler,
      store: opts.store,
      engine: opts.engine,
      flows: opts.flows,
      clock,
    }),
    isAssignee: (u) => campaigns.isAssignee(u),
    assignedFlows: (u) => campaigns.assignedFlows(u),
    stop: () => {
      if (timer) clearInterval(timer);
    },
  };
}

// A real-size round for the console's benchmark and screenshots: 500 assignees of the 60-indicator form on a
// file-backed database, 300 of them submitted through the real engine, 100 halfway, 100 not started.
import { join } from 'node:path';
import { createCampaign, prepareCampaign } from '../src/campaigns/create.js';
import type { Campaign } from '../src/campaigns/model.js';
import { Engine } from '../src/engine/engine.js';
import { DirFlowCatalog } from '../src/engine/flow-catalog.js';
import type { ConsoleState } from '../src/store/console-state.js';
import { SqliteCampaignRows } from '../src/store/sqlite/campaign-rows.js';
import { sqliteConsoleState } from '../src/store/sqlite/console-state.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { writeSixtyFlow } from './sixty-flow.js';

export const ASSIGNEES = 500;
export const SUBMITTED = 300;
export const HALFWAY = 100;

export interface Round {
  store: SqliteStore;
  campaigns: SqliteCampaignRows;
  catalog: DirFlowCatalog;
  engine: Engine;
  campaign: Campaign;
  /** The assignees' keys, in list order. */
  users: string[];
  /** Says one message as a person, through the engine. */
  say(user: string, text: string): Promise<unknown>;
  /** What the console is handed for this round. */
  app: {
    engine: Engine;
    store: SqliteStore;
    catalog: DirFlowCatalog;
    campaigns: SqliteCampaignRows;
    consoleState: ConsoleState;
  };
}

/**
 * Builds the round in `dir`. `users` are the keys; `listed` (the same length) is how the coordinator typed each,
 * e.g. 张三（user001）, when it differs from the key.
 *
 * @example const r = await benchRound(dir, { title: '基准任务', users, log }); // then r.store.close()
 */
export async function benchRound(
  dir: string,
  opts: { title: string; users: string[]; listed?: string[]; log?: (s: string) => void },
): Promise<Round> {
  const store = new SqliteStore(join(dir, 'data', 'tianbao.db'));
  const flowsDir = join(dir, 'flows');
  writeSixtyFlow(flowsDir);
  const campaigns = new SqliteCampaignRows(store.db);
  const catalog = new DirFlowCatalog(flowsDir, store, (u) => campaigns.assignedFlows(u));
  const engine = new Engine({ store, flows: catalog });
  const now = new Date();
  const p = prepareCampaign(
    {
      flow: 'bench-sixty',
      title: opts.title,
      deadline: new Date(now.getTime() + 7 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z'),
      assign: (opts.listed ?? opts.users).join(','),
    },
    { now, flows: catalog.flows, env: {} },
  );
  if (!p.ok) throw new Error(p.reason);
  const campaign = await createCampaign(campaigns, p.value);
  let id = 0;
  const say = (user: string, text: string) => engine.handle({ id: `round${id++}`, user, text });
  for (const [i, user] of opts.users.entries()) {
    if (i >= SUBMITTED + HALFWAY) break;
    await say(user, '开始');
    const answers = i < SUBMITTED ? 60 : 30;
    for (let k = 0; k < answers; k++) await say(user, k % 7 === 0 ? '99%' : '100%');
    if (i < SUBMITTED) await say(user, '确认');
    if (i % 100 === 99) opts.log?.(`round: ${i + 1}/${SUBMITTED + HALFWAY} people have answered`);
  }
  const app = { engine, store, catalog, campaigns, consoleState: sqliteConsoleState(store.db) };
  return { store, campaigns, catalog, engine, campaign, users: opts.users, say, app };
}

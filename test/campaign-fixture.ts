// Shared by the campaign tests: a fake outbox with the real one's idempotent keys, an injectable clock,
// and an app (real engine, file-backed SQLite) whose catalog asks the campaigns which forms to offer.
import { type App, buildApp } from '../src/app/build-engine.js';
import { type CampaignInput, createCampaign, prepareCampaign } from '../src/campaigns/create.js';
import type { Campaign } from '../src/campaigns/model.js';
import type { Outbound, OutboxPort } from '../src/engine/ports.js';
import { FIXTURE_FLOWS } from './support/chat.js';

export interface Enqueued {
  to: string;
  text: string;
  key?: string;
  at?: Date;
}

/** Like the SQLite outbox: a key is accepted once, ever. */
export class FakeOutbox implements OutboxPort {
  readonly sent: Enqueued[] = [];
  private readonly keys = new Set<string>();

  /** dedupe false: an outbox that forgets keys, to show the scheduler's own claims prevent repeats. */
  constructor(private readonly dedupe = true) {}

  enqueue(to: string, items: Outbound[], opts: { key?: string; at?: Date } = {}): boolean {
    if (opts.key !== undefined && this.dedupe) {
      if (this.keys.has(opts.key)) return false;
      this.keys.add(opts.key);
    }
    for (const i of items) if (i.kind === 'text') this.sent.push({ to, text: i.text, key: opts.key, at: opts.at });
    return true;
  }

  to(user: string): Enqueued[] {
    return this.sent.filter((e) => e.to === user);
  }

  keysOf(prefix: string): string[] {
    return this.sent.map((e) => e.key ?? '').filter((k) => k.startsWith(prefix));
  }
}

/** A clock the test moves by hand. */
export class TestClock {
  constructor(public now: Date) {}
  readonly fn = () => new Date(this.now);
  set(iso: string): Date {
    this.now = new Date(iso);
    return this.now;
  }
}

let messageNo = 0;

/** A person talking to the engine of an app, with the clock of the test. */
export class Person {
  constructor(
    private readonly app: App,
    readonly name: string,
    private readonly clock: TestClock,
  ) {}

  async say(text: string): Promise<string> {
    const out = await this.app.engine.handle({
      id: `${this.name}-${++messageNo}`,
      user: this.name,
      text,
      at: this.clock.fn(),
    });
    return out
      .filter((o) => o.kind === 'text')
      .map((o) => (o as { text: string }).text)
      .join('\n');
  }

  async sayAll(texts: string[]): Promise<string> {
    let last = '';
    for (const t of texts) last = await this.say(t);
    return last;
  }
}

export function openApp(dataDir: string, clock: TestClock, flowsDir = FIXTURE_FLOWS): App {
  return buildApp({ dataDir, flowsDir }, { clock: clock.fn });
}

/** Creates a campaign the way `tianbao campaign create` does; fails the test on bad input. */
export async function newCampaign(app: App, clock: TestClock, input: CampaignInput): Promise<Campaign> {
  const p = prepareCampaign(input, { now: clock.fn(), flows: app.catalog.flows, env: {} });
  if (!p.ok) throw new Error(`${p.reason}（${p.example}）`);
  return createCampaign(app.campaigns, p.value);
}

/**
 * `tianbao campaign create` for the demo form, due Friday 4 Dec 2026 17:00, assigned to `assign`.
 *
 * @example await runCli(createArgs('张三,李四', '--remind', '-1d'), env)
 */
export function createArgs(assign: string, ...more: string[]): string[] {
  return [
    'campaign',
    'create',
    '--flow',
    'demo',
    '--title',
    '2025年度绩效自评',
    '--deadline',
    '2026-12-04 17:00',
    '--assign',
    assign,
    ...more,
  ];
}

/** Runs `tianbao …` in this process with the given environment; returns the exit code and what it printed. */
export async function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; out: string; err: string }> {
  const { main } = await import('../src/cli/main.js');
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...a: unknown[]) => void out.push(a.join(' '));
  console.error = (...a: unknown[]) => void err.push(a.join(' '));
  try {
    const code = await main(args);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

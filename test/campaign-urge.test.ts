import { describe, expect, it } from 'vitest';
import { Scheduler } from '../src/campaigns/scheduler.js';
import { FakeOutbox, newCampaign, openApp, Person, TestClock } from './campaign-fixture.js';
import { cleanup, closeAfterEach, tempDir } from './support/chat.js';

const keep = closeAfterEach();

async function world(deadline: string) {
  const clock = new TestClock(new Date('2026-11-30T01:05:00Z'));
  const app = keep(openApp(keep(tempDir('tianbao-urge-'), cleanup), clock), (a) => a.close());
  const outbox = new FakeOutbox();
  const scheduler = new Scheduler({
    campaigns: app.campaigns,
    store: app.store,
    engine: app.engine,
    flows: app.catalog,
    outbox,
  });
  await newCampaign(app, clock, { flow: 'demo', title: '自评', deadline, assign: '张三,李四', quiet: '21:30-08:30' });
  return { clock, app, outbox, scheduler };
}

describe('催办 from the web console', () => {
  it('reaches one named person, and nobody who has submitted', async () => {
    const { clock, app, outbox, scheduler } = await world('2026-12-04 17:00');
    await new Person(app, '李四', clock).sayAll(['开始', '好', '100', '100', '95%', '0起', '稳定', '95%', '确认']);
    expect((await scheduler.urge(clock.fn(), 1, { user: '李四', respectQuiet: true })).sent).toEqual([]);
    const { sent } = await scheduler.urge(clock.fn(), 1, { user: '张三', respectQuiet: true });
    expect(sent.map((d) => [d.to, d.key, d.at])).toEqual([['张三', 'urge:1:张三:2026-11-30T01:05', undefined]]);
    expect(outbox.sent.map((m) => m.to)).toEqual(['张三']);
  });

  it('at night waits for the quiet hours to end, unless that is past the deadline: then it goes at once', async () => {
    const night = await world('2026-12-04 17:00');
    night.clock.set('2026-11-30T15:00:00Z'); // 23:00 in Shanghai
    const held = (await night.scheduler.urge(night.clock.fn(), 1, { respectQuiet: true })).sent;
    expect(held.map((d) => d.at?.toISOString())).toEqual(['2026-12-01T00:30:00.000Z', '2026-12-01T00:30:00.000Z']);

    // Deadline 08:00 tomorrow, inside the quiet stretch: holding the message would deliver it too late.
    const early = await world('2026-12-01 08:00');
    early.clock.set('2026-11-30T15:00:00Z');
    const now = (await early.scheduler.urge(early.clock.fn(), 1, { respectQuiet: true })).sent;
    expect(now.map((d) => d.at)).toEqual([undefined, undefined]);
    // From chat (a coordinator asked there), 催办 goes at once as before.
    night.clock.set('2026-11-30T15:05:00Z');
    expect((await night.scheduler.urge(night.clock.fn(), 1)).sent.map((d) => d.at)).toEqual([undefined, undefined]);
  });
});

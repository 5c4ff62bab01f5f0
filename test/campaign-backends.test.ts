import { expect, it } from 'vitest';
import { createCampaign } from '../src/campaigns/create.js';
import type { Campaign } from '../src/campaigns/model.js';
import { parseOffsets } from '../src/campaigns/offsets.js';
import { planJobs } from '../src/campaigns/plan.js';
import { CLAIM_LEASE_MS, type NewCampaign } from '../src/store/campaign-rows.js';
import { forEachTablesBackend } from './support/table-backends.js';

// The campaign tables' promises on both backends: what the scheduler relies on.
const created = new Date('2026-11-30T01:00:00Z');
const offsets = parseOffsets('-3d,-1d');
if (!offsets.ok) throw new Error('offsets');
const campaign: NewCampaign = {
  flowId: 'demo',
  title: '2025年度绩效自评',
  deadline: new Date('2026-12-04T09:00:00Z'),
  tz: 'Asia/Shanghai',
  offsets: offsets.value,
  quiet: { nightly: null, weekends: false },
  createdAt: created,
};

forEachTablesBackend('the campaign tables', (fresh) => {
  it('a campaign keeps its schedule, people and state through close and reopen', async () => {
    const t = await (await fresh()).connect();
    const c: Campaign = await t.campaigns.create(campaign, ['张三', '李四'], planJobs(campaign));
    expect(await t.campaigns.get(c.id)).toEqual(c);
    expect(c).toMatchObject({ flowId: 'demo', status: 'open', deadline: campaign.deadline, offsets: offsets.value });
    expect((await t.campaigns.jobs(c.id)).map((j) => [j.slot, j.status])).toEqual([
      ['-3d', 'pending'],
      ['-1d', 'pending'],
      ['deadline', 'pending'],
    ]);
    expect((await t.campaigns.assignees(c.id)).map((a) => a.user).sort()).toEqual(['张三', '李四'].sort());
    expect(await t.campaigns.assign(c.id, ['李四', '王五'], created)).toEqual(['王五']);
    expect(await t.campaigns.unassign(c.id, ['张三'], created)).toBe(1);
    expect(await t.campaigns.assignedFlows('王五')).toEqual(['demo']);
    expect(await t.campaigns.assignedFlows('张三')).toEqual([]);
    expect(await t.campaigns.assign(c.id, ['张三'], created)).toEqual(['张三']); // back again
    expect(await t.campaigns.knownPeople()).toEqual(['张三', '李四', '王五'].sort());

    const later = new Date('2026-12-02T00:00:00Z'); // -3d has passed, -1d has not
    expect(await t.campaigns.close(c.id, later)).toBe(true);
    expect(await t.campaigns.close(c.id, later)).toBe(false);
    expect(await t.campaigns.openCampaigns()).toEqual([]);
    expect(await t.campaigns.assignedFlows('王五')).toEqual([]);
    expect(await t.campaigns.reopen(c.id, later)).toBe(true);
    expect((await t.campaigns.jobs(c.id)).map((j) => [j.slot, j.status])).toEqual([
      ['-3d', 'cancelled'],
      ['-1d', 'pending'],
      ['deadline', 'pending'],
    ]);
  });

  it('the assignment message is marked once per person', async () => {
    const t = await (await fresh()).connect();
    const c = await t.campaigns.create(campaign, ['张三', '李四'], planJobs(campaign));
    expect((await t.campaigns.toNotify()).map((a) => a.user).sort()).toEqual(['张三', '李四'].sort());
    await t.campaigns.markNotified(c.id, '张三', created);
    expect((await t.campaigns.toNotify()).map((a) => a.user)).toEqual(['李四']);
    expect((await t.campaigns.assignees(c.id)).find((a) => a.user === '张三')?.notifiedAt).toBe(created.toISOString());
  });

  it('of eight runners on four connections claiming every due job at once, exactly one gets each', async () => {
    const db = await fresh();
    const conns = await Promise.all(Array.from({ length: 4 }, () => db.connect()));
    const c = await conns[0].campaigns.create(campaign, ['张三'], planJobs(campaign));
    const now = new Date('2026-12-05T00:00:00Z'); // everything is due
    const due = await conns[1].campaigns.dueJobs(now);
    expect(due.map((j) => j.slot)).toEqual(['-3d', '-1d', 'deadline']);
    const wins = await Promise.all(
      Array.from({ length: 8 }, (_, r) =>
        Promise.all(due.map(async (j) => ((await conns[r % 4].campaigns.claim(j.id, now)) ? j.id : null))),
      ),
    );
    const claimed = wins.flat().filter((x) => x !== null);
    expect(claimed.sort()).toEqual(due.map((j) => j.id).sort());
    // Claimed jobs are not due again while the lease runs; after it, a dead runner's job is.
    expect(await conns[2].campaigns.dueJobs(now)).toEqual([]);
    const afterLease = new Date(now.getTime() + CLAIM_LEASE_MS + 1);
    expect((await conns[3].campaigns.dueJobs(afterLease)).map((j) => j.slot)).toEqual(['-3d', '-1d', 'deadline']);
    await conns[0].campaigns.finish(due[0].id, 'done', now);
    expect((await conns[3].campaigns.dueJobs(afterLease)).map((j) => j.slot)).toEqual(['-1d', 'deadline']);
    expect((await conns[0].campaigns.jobs(c.id))[0]).toMatchObject({ status: 'done', finishedAt: now.toISOString() });
  });
});

forEachTablesBackend("people's display names", (fresh) => {
  it('are set, replaced by a later word, cleared, and come with the assignees', async () => {
    const t = await (await fresh()).connect();
    const c = await t.campaigns.create(campaign, ['ZhangSan', 'LiSi'], planJobs(campaign));
    expect(await t.campaigns.names()).toEqual(new Map());
    await t.campaigns.setNames([{ key: 'ZhangSan', name: '张叁' }], created);
    await t.campaigns.setNames(
      [
        { key: 'ZhangSan', name: '张三' },
        { key: 'WangWu', name: '王五' },
      ],
      created,
    );
    expect(await t.campaigns.names(['ZhangSan', 'LiSi'])).toEqual(new Map([['ZhangSan', '张三']]));
    expect(await t.campaigns.names()).toEqual(
      new Map([
        ['WangWu', '王五'],
        ['ZhangSan', '张三'],
      ]),
    );
    // (PostgreSQL lists people added at the same moment by key: sorted here.)
    const pairs = (rows: Array<{ user: string; name?: string }>) => rows.map((a) => [a.user, a.name]).sort();
    expect(pairs(await t.campaigns.assignees(c.id))).toEqual([
      ['LiSi', undefined],
      ['ZhangSan', '张三'],
    ]);
    expect((await t.campaigns.assignees(c.id)).find((a) => a.user === 'LiSi')).not.toHaveProperty('name');
    expect(pairs(await t.campaigns.toNotify())).toEqual([
      ['LiSi', undefined],
      ['ZhangSan', '张三'],
    ]);
    expect(await t.campaigns.clearNames(['ZhangSan', 'LiSi'])).toBe(1);
    expect((await t.campaigns.assignees(c.id)).map((a) => a.name)).toEqual([undefined, undefined]);
    await t.close();
  });

  it('are stored with the campaign or the people added, in the same transaction: a failed create keeps none', async () => {
    const t = await (await fresh()).connect();
    const names = [{ key: 'ZhangSan', name: '张三' }];
    // A campaign the database refuses (no title): neither it nor the names it came with are kept.
    const broken = { campaign: { ...campaign, title: null as unknown as string }, assignees: ['ZhangSan'], names };
    await expect(createCampaign(t.campaigns, broken)).rejects.toThrow();
    expect(await t.campaigns.names()).toEqual(new Map());
    expect(await t.campaigns.list()).toEqual([]);
    const c = await createCampaign(t.campaigns, { campaign, assignees: ['ZhangSan'], names });
    expect((await t.campaigns.assignees(c.id)).map((a) => [a.user, a.name])).toEqual([['ZhangSan', '张三']]);
    expect(await t.campaigns.assign(c.id, ['WangWu'], created, [{ key: 'WangWu', name: '王五' }])).toEqual(['WangWu']);
    expect(await t.campaigns.names(['WangWu'])).toEqual(new Map([['WangWu', '王五']]));
    await t.close();
  });
});

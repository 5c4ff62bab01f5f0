import { expect, it } from 'vitest';
import { forEachTablesBackend } from './support/table-backends.js';

// The console's 审核/退回 records through the reviews port: the same reviews, in the same order, on both backends.
forEachTablesBackend('the reviews port', (fresh) => {
  it('keeps a return with its items and comment, and lists a campaign’s reviews oldest first', async () => {
    const db = await fresh();
    const t = await db.connect();
    try {
      const base = { campaignId: 1, user: '张三', flowId: 'demo', sessionId: 4, revision: 1 };
      const returned = await t.console.reviews.add({
        ...base,
        kind: 'returned',
        items: ['settle_rate', 'budget_spent'],
        comment: '办结率与台账不符',
        at: '2026-12-03T08:00:00.000Z',
      });
      expect(returned).toMatchObject({ ...base, kind: 'returned', items: ['settle_rate', 'budget_spent'] });
      await t.console.reviews.add({
        ...base,
        revision: 2,
        kind: 'approved',
        items: [],
        comment: '',
        at: '2026-12-03T09:00:00.000Z',
      });
      await t.console.reviews.add({
        ...base,
        campaignId: 2,
        kind: 'approved',
        items: [],
        comment: '',
        at: '2026-12-03T10:00:00.000Z',
      });
      const reviews = await t.console.reviews.ofCampaign(1);
      expect(reviews.map((r) => [r.revision, r.kind, r.items, r.comment])).toEqual([
        [1, 'returned', ['settle_rate', 'budget_spent'], '办结率与台账不符'],
        [2, 'approved', [], ''],
      ]);
      expect(reviews[0].id).toBe(returned.id);
      expect(reviews[0].user).toBe('张三');
    } finally {
      await t.close();
    }
  });
});

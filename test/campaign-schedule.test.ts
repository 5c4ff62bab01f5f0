import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOffsets } from '../src/campaigns/offsets.js';
import { planJobs, selectDue } from '../src/campaigns/plan.js';
import { parseQuietWindow, type QuietHours, sendTime } from '../src/campaigns/quiet.js';
import { loadNudgeTexts } from '../src/campaigns/texts.js';
import { formatDuration, formatLocal, parseDateTime } from '../src/campaigns/time.js';

const SH = 'Asia/Shanghai'; // UTC+8 all year: 17:00 there is 09:00Z
const NIGHTS: QuietHours = { nightly: { start: 21 * 60 + 30, end: 8 * 60 + 30 }, weekends: false };
const NIGHTS_AND_WEEKENDS: QuietHours = { ...NIGHTS, weekends: true };

const at = (iso: string) => new Date(iso);
function offsets(text: string) {
  const r = parseOffsets(text);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}
function dueTimes(deadline: string, remind: string, quiet: QuietHours) {
  return Object.fromEntries(
    planJobs({ deadline: at(deadline), tz: SH, quiet, offsets: offsets(remind) }).map((j) => [
      j.slot,
      j.dueAt.toISOString(),
    ]),
  );
}

describe('reading what a coordinator types', () => {
  it('reads a deadline in the campaign time zone and stores the UTC instant', () => {
    // 17:00 in Shanghai (UTC+8) is 09:00 UTC.
    expect(parseDateTime('2026-12-01 17:00', SH)).toEqual({ ok: true, value: at('2026-12-01T09:00:00Z') });
    expect(parseDateTime('2026年12月1日 17:00', SH)).toEqual({ ok: true, value: at('2026-12-01T09:00:00Z') });
    // Berlin is on summer time (UTC+2) from 29 March 2026: noon there is 10:00 UTC; in winter (UTC+1) 11:00 UTC.
    expect(parseDateTime('2026-03-29 12:00', 'Europe/Berlin')).toEqual({ ok: true, value: at('2026-03-29T10:00:00Z') });
    expect(parseDateTime('2026-03-28 12:00', 'Europe/Berlin')).toEqual({ ok: true, value: at('2026-03-28T11:00:00Z') });
    // An explicit offset names its instant whatever the zone.
    expect(parseDateTime('2026-12-01T17:00:00+08:00', 'Europe/Berlin')).toEqual({
      ok: true,
      value: at('2026-12-01T09:00:00Z'),
    });
  });

  it('refuses impossible or incomplete dates with a reason and an example', () => {
    for (const bad of ['2026-02-30 10:00', '2026-12-01', '明天下午', '2026-12-01 25:00']) {
      const r = parseDateTime(bad, SH);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.reason).toContain(bad);
        expect(r.example).toBe('2026-12-01 17:00');
      }
    }
  });

  it('reads reminder offsets, earliest first, once each', () => {
    expect(offsets('-2h,-3d, -1d，-2h')).toEqual([
      { label: '-3d', minutes: 3 * 1440 },
      { label: '-1d', minutes: 1440 },
      { label: '-2h', minutes: 120 },
    ]);
    expect(offsets('-30分钟')).toEqual([{ label: '-30m', minutes: 30 }]);
    for (const bad of ['3d', '-3x', '-0h', '', '-1.5d']) expect(parseOffsets(bad).ok).toBe(false);
  });

  it('reads quiet hours, or none', () => {
    expect(parseQuietWindow('22:00-07:00')).toEqual({ ok: true, value: { start: 22 * 60, end: 7 * 60 } });
    expect(parseQuietWindow('off')).toEqual({ ok: true, value: null });
    expect(parseQuietWindow('22点').ok).toBe(false);
  });

  it('prints times as people read them', () => {
    expect(formatLocal(at('2026-12-01T09:00:00Z'), SH, at('2026-11-20T00:00:00Z'))).toBe('12月1日（周二）17:00');
    expect(formatLocal(at('2026-12-01T09:00:00Z'), SH)).toBe('2026年12月1日（周二）17:00');
    // 2 days 3 hours 59 minutes: the two largest units, rounded down.
    expect(formatDuration((2 * 24 * 60 + 3 * 60 + 59) * 60_000)).toBe('2天3小时');
    expect(formatDuration(125 * 60_000)).toBe('2小时5分钟');
    expect(formatDuration(30_000)).toBe('不到1分钟');
  });
});

describe('when a nudge goes out', () => {
  it('outside quiet hours, exactly at deadline minus the offset', () => {
    // Deadline Fri 4 Dec 17:00 (09:00Z): -3d Tue 17:00, -1d Thu 17:00, -2h Fri 15:00 — all daytime.
    expect(dueTimes('2026-12-04T09:00:00Z', '-3d,-1d,-2h', NIGHTS)).toEqual({
      '-3d': '2026-12-01T09:00:00.000Z',
      '-1d': '2026-12-03T09:00:00.000Z',
      '-2h': '2026-12-04T07:00:00.000Z',
      deadline: '2026-12-04T09:00:00.000Z',
    });
  });

  it('inside quiet hours, when they end (08:30)', () => {
    // Deadline Thu 3 Dec 17:00 (09:00Z); a nudge due Thu 05:00 (Wed 21:00Z) → 08:30 (00:30Z), before the deadline.
    expect(sendTime(at('2026-12-02T21:00:00Z'), SH, NIGHTS, at('2026-12-03T09:00:00Z'))).toEqual(
      at('2026-12-03T00:30:00Z'),
    );
    // 21:30 itself is quiet, 21:29 is not.
    expect(sendTime(at('2026-12-02T13:29:00Z'), SH, NIGHTS)).toEqual(at('2026-12-02T13:29:00Z'));
    expect(sendTime(at('2026-12-02T13:30:00Z'), SH, NIGHTS)).toEqual(at('2026-12-03T00:30:00Z'));
    // 08:30 is the first minute allowed.
    expect(sendTime(at('2026-12-03T00:30:00Z'), SH, NIGHTS)).toEqual(at('2026-12-03T00:30:00Z'));
  });

  it('never after the deadline: if quiet hours last past it, just before they start', () => {
    // Deadline Tue 1 Dec 08:00 (00:00Z). -2h = 06:00, inside the night Mon 21:30–Tue 08:30, which ends after
    // the deadline → Mon 21:29 (13:29Z). The deadline notice itself waits for 08:30 (00:30Z).
    expect(dueTimes('2026-12-01T00:00:00Z', '-2h', NIGHTS)).toEqual({
      '-2h': '2026-11-30T13:29:00.000Z',
      deadline: '2026-12-01T00:30:00.000Z',
    });
    // Deadline 23:00 (15:00Z): -1h = 22:00 → the night ends 08:30 next day, after the deadline → 21:29 (13:29Z).
    expect(dueTimes('2026-12-01T15:00:00Z', '-1h', NIGHTS)['-1h']).toBe('2026-12-01T13:29:00.000Z');
  });

  it('quiet weekends join the nights around them into one stretch', () => {
    // Deadline Mon 7 Dec 09:00 (01:00Z). Quiet from Fri 4 Dec 21:30 to Mon 7 Dec 08:30.
    // -3d = Fri 09:00 (01:00Z), a weekday morning: as is.
    // -1d = Sun 09:00: weekend → Mon 08:30 (00:30Z), still before the deadline.
    // -2h = Mon 07:00: night → Mon 08:30 too.
    expect(dueTimes('2026-12-07T01:00:00Z', '-3d,-1d,-2h', NIGHTS_AND_WEEKENDS)).toEqual({
      '-3d': '2026-12-04T01:00:00.000Z',
      '-1d': '2026-12-07T00:30:00.000Z',
      '-2h': '2026-12-07T00:30:00.000Z',
      deadline: '2026-12-07T01:00:00.000Z',
    });
    // Without quiet weekends, Sunday 09:00 is fine.
    expect(dueTimes('2026-12-07T01:00:00Z', '-1d', NIGHTS)['-1d']).toBe('2026-12-06T01:00:00.000Z');
  });

  it('a weekend stretch that runs past the deadline sends on Friday before 21:30', () => {
    // Deadline Sun 6 Dec 20:00 (12:00Z), -1d = Sat 20:00: the stretch Fri 21:30–Mon 08:30 ends after it
    // → Fri 4 Dec 21:29 (13:29Z). The deadline notice waits for Mon 7 Dec 08:30 (00:30Z).
    expect(dueTimes('2026-12-06T12:00:00Z', '-1d', NIGHTS_AND_WEEKENDS)).toEqual({
      '-1d': '2026-12-04T13:29:00.000Z',
      deadline: '2026-12-07T00:30:00.000Z',
    });
  });

  it('with quiet hours off, at the nominal time even at night', () => {
    expect(dueTimes('2026-12-01T15:00:00Z', '-1h', { nightly: null, weekends: false })['-1h']).toBe(
      '2026-12-01T14:00:00.000Z',
    );
  });
});

describe('catching up after downtime', () => {
  const campaign = { deadline: at('2026-12-04T09:00:00Z'), tz: SH, quiet: NIGHTS, offsets: offsets('-3d,-1d,-2h') };
  const jobs = planJobs(campaign);
  const upTo = (now: Date) => jobs.filter((j) => j.dueAt <= now);

  it('sends only the latest missed nudge and drops the older ones', () => {
    // Down from Mon to Thu 17:30 (09:30Z): -3d and -1d are due; -1d goes out, -3d is dropped.
    const sel = selectDue(campaign, upTo(at('2026-12-03T09:30:00Z')), at('2026-12-03T09:30:00Z'));
    expect(sel.run?.slot).toBe('-1d');
    expect(sel.skip.map((j) => j.slot)).toEqual(['-3d']);
  });

  it('after the deadline, the deadline notice replaces every nudge', () => {
    const now = at('2026-12-04T10:00:00Z');
    const sel = selectDue(campaign, upTo(now), now);
    expect(sel.run?.slot).toBe('deadline');
    expect(sel.skip.map((j) => j.slot)).toEqual(['-3d', '-1d', '-2h']);
  });

  it('a catch-up that lands at night waits for the morning, claiming nothing', () => {
    // Back up Thu 23:00 (15:00Z) with -1d missed: quiet until Fri 08:30, which is before the deadline → wait.
    const now = at('2026-12-03T15:00:00Z');
    expect(selectDue(campaign, upTo(now), now)).toEqual({ run: null, skip: [], wait: true });
  });
});

describe('the nudge texts (templates/nudges.yaml)', () => {
  it('load, and a template missing a text is refused naming the file and the key', () => {
    expect(loadNudgeTexts().nudge).toContain('回复「继续」接着填');
    const dir = mkdtempSync(join(tmpdir(), 'tianbao-nudges-'));
    try {
      const file = join(dir, 'nudges.yaml');
      writeFileSync(
        file,
        readFileSync(new URL('../templates/nudges.yaml', import.meta.url), 'utf8').replace(/^overdue:.*$/m, ''),
      );
      expect(() => loadNudgeTexts(file)).toThrow(`${file}: overdue:`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { fill } from '../engine/texts.js';
import { loadTemplate } from '../templates/load-template.js';

// Campaign wording is data (templates/nudges.yaml), checked at load like the chat texts.
const KEYS = [
  'assign',
  'nudge',
  'nudge_late',
  'next_question',
  'next_submit',
  'overdue',
  'summary_header',
  'summary_done',
  'summary_late',
  'summary_done_item',
  'summary_late_item',
  'status_header',
  'status_left',
  'status_passed',
  'status_closed',
  'line_submitted',
  'line_editing',
  'line_open',
  'line_new',
  'no_campaigns',
  'no_assignees',
  'urged',
  'urged_none',
  'urged_recently',
  'unknown_campaign',
  'score_pending',
  'console_link',
  'console_off',
  'review_returned',
  'review_items',
  'review_item',
  'review_approved',
] as const;
export type NudgeKey = (typeof KEYS)[number];
export type NudgeTexts = Record<NudgeKey, string>;

const schema = z.object(Object.fromEntries(KEYS.map((k) => [k, z.string().min(1)])) as Record<NudgeKey, z.ZodString>);

const defaultFile = fileURLToPath(new URL('../../templates/nudges.yaml', import.meta.url));

export function loadNudgeTexts(file = process.env.TIANBAO_NUDGES ?? defaultFile): NudgeTexts {
  return loadTemplate(schema, file, '提醒模板');
}

let cached: NudgeTexts | undefined;

export function nt(key: NudgeKey, vars: Record<string, string | number> = {}): string {
  cached ??= loadNudgeTexts();
  return fill(cached[key], vars);
}

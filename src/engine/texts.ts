import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadTemplate } from '../templates/load-template.js';

// Message wording is data (templates/messages.yaml) so a deployer can reword the bot without code.
const KEYS = [
  'greeting',
  'choose_form',
  'offer_single',
  'offer_single_continue',
  'no_forms',
  'unknown_choice',
  'offer_continue',
  'start_form',
  'notes',
  'question_field',
  'question_indicator',
  'question_default',
  'question_stated',
  'question_points',
  'ask_indicator',
  'recorded_field',
  'recorded_item',
  'recorded_manual',
  'ask_manual',
  'manual_score_recorded',
  'derived',
  'derived_pending',
  'ask_reason',
  'ask_reason_manual',
  'reason_recorded',
  'invalid',
  'invalid_hint',
  'invalid_hint_skip',
  'cannot_skip',
  'skipped',
  'help',
  'help_none',
  'progress',
  'progress_next',
  'progress_done',
  'back_first',
  'edit_unknown',
  'edit_ambiguous',
  'preview_header',
  'preview_line',
  'preview_total',
  'provisional',
  'review_header',
  'review_missing',
  'review_unsettled',
  'review_missing_reasons',
  'review_ready',
  'review_blocked',
  'submitted',
  'submitted_lost',
  'submitted_nolost',
  'report_sent',
  'report_failed',
  'after_submit',
  'confirm_restart',
  'restarted',
  'restart_cancelled',
  'paused',
  'resumed',
  'snapshot_lost',
  'flow_gone',
  'explain_back',
  'explain_more',
  'suggest_unavailable',
  'explain_field',
  'message_too_long',
  'control_rebuilt',
  'switch_submitted',
  'after_submit_score',
  'confirm_pending',
  'confirm_answer',
  'review_nudge',
  'edit_derived',
  'edit_reason_field',
  'reason_kept',
  'reason_example',
  'reason_is_question',
  'manual_range',
  'list_more',
  'submit_unchanged',
  'report_retry',
  'current_answer',
  'current_reason',
  'help_commands',
  'help_submitted',
  'help_review',
  'help_reason',
  'review_lost',
  'review_lost_more',
  'review_all_full',
  'preview_page',
  'preview_last_page',
  'menu_page',
  'menu_last_page',
  'menu_state_open',
  'menu_state_submitted',
  'menu_matches',
  'menu_reask',
  'menu_reask_continue',
  'menu_help',
  'reason_recorded_text',
  'reason_yesno',
  'reason_not_owed',
  'reason_not_answered',
  'draft_pending',
  'check_correction',
  'check_reason',
  'check_choose',
  'check_choose_again',
  'preview_no_more',
  'returned_note',
  'reopened_all',
] as const;
export type TextKey = (typeof KEYS)[number];

const schema = z.object(Object.fromEntries(KEYS.map((k) => [k, z.string().min(1)])) as Record<TextKey, z.ZodString>);

const defaultFile = fileURLToPath(new URL('../../templates/messages.yaml', import.meta.url));

export type Texts = Record<TextKey, string>;

export function loadTexts(file = process.env.TIANBAO_MESSAGES ?? defaultFile): Texts {
  return loadTemplate(schema, file, '消息模板');
}

let cached: Texts | undefined;
export function texts(): Texts {
  cached ??= loadTexts();
  return cached;
}

const compiled = new Map<string, string[]>();

/** Fills {name} placeholders; unknown placeholders stay visible so a broken template is noticed. */
export function fill(template: string, vars: Record<string, string | number>): string {
  // Split once per template: odd positions are placeholder names (the review fills ~60 lines a turn).
  let parts = compiled.get(template);
  if (!parts) {
    parts = template.split(/\{(\w+)\}/);
    compiled.set(template, parts);
  }
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const k = parts[i];
    out += (k in vars ? String(vars[k]) : `{${k}}`) + parts[i + 1];
  }
  return out;
}

export function t(key: TextKey, vars: Record<string, string | number> = {}): string {
  return fill(texts()[key], vars);
}

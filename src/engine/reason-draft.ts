// 「帮我写」 without a language model: a 偏差原因 from the item's own figures, plus numbered lists of the
// usual causes and measures for that kind of indicator (templates/reason-drafts.yaml). Never a blank to fill.
import { z } from 'zod';
import { formatScore } from '../core/scoring/round.js';
import type { ItemScore } from '../core/types.js';
import { cachedTemplate, templatePath } from '../templates/load-template.js';
import { composeReason } from './answer-facts.js';
import type { DraftOffer } from './control.js';
import { fill } from './texts.js';

const phrase = z.string().min(1).max(40);
const list = z.array(phrase).min(1).max(6);
const schema = z.object({
  lead: z.string().min(1),
  offer: z.string().min(1),
  kinds: z.array(z.object({ match: z.string().min(1), causes: list, measures: list })),
  default: z.object({ causes: list, measures: list }),
});
type DraftTexts = z.infer<typeof schema>;

/** The draft wording, read and checked once (the engine reads it at start: a broken file stops it there). */
export function draftTexts(): DraftTexts {
  return cachedTemplate(schema, templatePath('reason-drafts.yaml'), '偏差原因草稿文件');
}

/**
 * The offer for an item that fell short: its figures as the lead, the kind's lists, and a whole draft
 * (lead, first cause, first measure), or `text` when a model wrote the draft.
 *
 * @example
 * draftFor(item).text // "信访事项办结率年度指标值≥95%，实际完成93%，得36分（满分40分）。主要原因：个别事项情况复杂…"
 */
export function draftFor(item: ItemScore, text?: string | null): DraftOffer {
  const T = draftTexts();
  const where = `${item.level1} ${item.level2} ${item.name}`;
  const kind = T.kinds.find((k) => safeTest(k.match, where)) ?? T.default;
  const lead = fill(T.lead, {
    name: item.name,
    target: item.target,
    actual: item.display ?? '—',
    score: item.score === null ? '—' : formatScore(item.score),
    max: formatScore(item.max),
  });
  const offer: DraftOffer = { lead, text: '', causes: [...kind.causes], measures: [...kind.measures] };
  offer.text = text?.trim() || composeReason(offer, [], []);
  return offer;
}

/** The offer as the person reads it: the draft, then the numbered lists on one line each. */
export function offerText(d: DraftOffer): string {
  const T = draftTexts();
  const causes = d.causes.map((c, i) => `${i + 1}.${c}`).join(' ');
  const measures = d.measures.map((m, i) => `${d.causes.length + i + 1}.${m}`).join(' ');
  return fill(T.offer, { draft: d.text, causes, measures, example: `2 ${d.causes.length + 1}` });
}

function safeTest(pattern: string, text: string): boolean {
  try {
    return new RegExp(pattern).test(text);
  } catch {
    return false;
  }
}

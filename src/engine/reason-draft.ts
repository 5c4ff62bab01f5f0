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

/**
 * A wording with {placeholders}: only the names the program fills (anything else would reach a person as
 * 「{nmae}」), and those it cannot do without.
 */
const wording = (known: string[], needed: string[] = []) =>
  z
    .string()
    .min(1)
    .superRefine((s, ctx) => {
      const used = [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const u of used)
        if (!known.includes(u))
          ctx.addIssue({ code: 'custom', message: `不认识的占位符 {${u}}（可用：${known.join('、')}）` });
      for (const n of needed) if (!used.includes(n)) ctx.addIssue({ code: 'custom', message: `缺少占位符 {${n}}` });
    });

/** A kind's `match`: a regular expression that must compile (a broken one would silently never match). */
const pattern = z
  .string()
  .min(1)
  .refine(
    (p) => {
      try {
        new RegExp(p);
        return true;
      } catch {
        return false;
      }
    },
    { message: '不是有效的正则表达式' },
  );

const schema = z.object({
  lead: wording(['name', 'target', 'actual', 'score', 'max']),
  offer: wording(['draft', 'causes', 'measures', 'example'], ['draft', 'causes', 'measures']),
  kinds: z.array(z.object({ match: pattern, causes: list, measures: list })),
  default: z.object({ causes: list, measures: list }),
});
type DraftTexts = z.infer<typeof schema>;

/** templates/reason-drafts.yaml, or the deployer's own wording (TIANBAO_REASON_DRAFTS). */
export function draftTextsFile(): string {
  return process.env.TIANBAO_REASON_DRAFTS || templatePath('reason-drafts.yaml');
}

/**
 * The draft wording, read and checked once (the engine reads it at start: a broken file stops it there,
 * never in the middle of a chat).
 *
 * @example
 * draftTexts().default.causes[0] // "项目实施进度滞后"
 */
export function draftTexts(): DraftTexts {
  return cachedTemplate(schema, draftTextsFile(), '偏差原因草稿文件');
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
  const kind = T.kinds.find((k) => new RegExp(k.match).test(where)) ?? T.default;
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

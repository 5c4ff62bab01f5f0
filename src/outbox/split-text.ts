/** Texts longer than this are split; WeChat truncates or rejects very long messages. */
export const DEFAULT_MAX_CHARS = 1800;

// Split points from the most to the least natural: paragraphs, lines, sentence ends.
const LEVELS: RegExp[] = [/(?<=\n[ \t]*\n)/, /(?<=\n)/, /(?<=[。！？!?；;…])/];

/**
 * Splits a long text into messages of at most `max` UTF-16 units, at the most natural boundary
 * that fits: blank lines, then line ends, then sentence ends, then (last resort) anywhere.
 */
export function splitText(text: string, max = DEFAULT_MAX_CHARS): string[] {
  if (max < 1) throw new RangeError('max must be positive');
  return split(text, max, 0)
    .map((c) => c.replace(/^\s*\n/, '').replace(/\s+$/, ''))
    .filter((c) => c.length > 0);
}

function split(text: string, max: number, level: number): string[] {
  if (text.length <= max) return [text];
  if (level >= LEVELS.length) return hardCut(text, max);
  const parts = text.split(LEVELS[level]).filter(Boolean);
  if (parts.length <= 1) return split(text, max, level + 1);
  const chunks: string[] = [];
  let cur = '';
  for (const p of parts) {
    if (p.length > max) {
      if (cur) chunks.push(cur);
      cur = '';
      chunks.push(...split(p, max, level + 1));
    } else if (cur.length + p.length > max) {
      chunks.push(cur);
      cur = p;
    } else cur += p;
  }
  if (cur) chunks.push(cur);
  return chunks;
}

/** Never cuts a surrogate pair in half (an emoji or a rare 汉字 stays whole). */
function hardCut(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let n = max;
    const code = rest.charCodeAt(n - 1);
    if (n > 1 && code >= 0xd800 && code <= 0xdbff) n--;
    out.push(rest.slice(0, n));
    rest = rest.slice(n);
  }
  if (rest) out.push(rest);
  return out;
}

/**
 * Characters that change how text is shown without being seen: direction overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069), direction marks (U+200E/U+200F, U+061C), zero-width spaces and
 * joiners (U+200B–U+200D, U+2060–U+2064, U+FEFF), tag characters (U+E0000–U+E007F, invisible text
 * an LLM reads), the soft hyphen — every Unicode "format" character — and control characters other
 * than tab and line breaks. A reversed "89%" that shows as "98%" in a .docx is a wrong number.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what must go.
const INVISIBLE = /[\p{Cf}\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/gu;

const PICTOGRAPH = /\p{Extended_Pictographic}/u;
/** What may stand between a pictograph and the joiner: an emoji presentation selector or a skin tone. */
const EMOJI_TAIL = /[\uFE0F\u{1F3FB}-\u{1F3FF}]/u;

/**
 * The text without invisible format and control characters, so what is stored, scored and printed is
 * what the person saw. The one exception is the zero-width joiner inside an emoji sequence (👩‍👩‍👧),
 * which only draws several emoji as one. Pure; idempotent.
 *
 * @example stripInvisible('9\u202E8%') // '98%'
 * @example stripInvisible('偏差\u200b原因') // '偏差原因'
 */
export function stripInvisible(text: string): string {
  if (!/[\p{Cf}\p{Cc}]/u.test(text)) return text;
  return text.replace(INVISIBLE, (c, at: number) => (c === '\u200D' && joinsEmoji(text, at) ? c : ''));
}

function joinsEmoji(text: string, at: number): boolean {
  const before = [...text.slice(Math.max(0, at - 4), at)];
  let i = before.length - 1;
  while (i >= 0 && EMOJI_TAIL.test(before[i] as string)) i--;
  const after = text.codePointAt(at + 1);
  return (
    i >= 0 &&
    PICTOGRAPH.test(before[i] as string) &&
    after !== undefined &&
    PICTOGRAPH.test(String.fromCodePoint(after))
  );
}

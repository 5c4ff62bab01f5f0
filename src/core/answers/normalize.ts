// Chat text arrives with full-width characters, zero-width joiners pasted from documents,
// and sentence punctuation; the answer readers want one plain spelling.

const ZERO_WIDTH = /[\u00AD\u180E\u200B-\u200F\u2060-\u2064\uFEFF]/g;
// Marks NFKC leaves alone but people use as ASCII ones.
const PUNCT: Record<string, string> = { '−': '-', '–': '-', '—': '-', '〜': '~', '﹣': '-', '．': '.' };
const PUNCT_CHARS = new RegExp(`[${Object.keys(PUNCT).join('')}]`, 'g');
const QUOTES = /^["'“”‘’「」『』《》]+|["'“”‘’「」『』《》]+$/g;
const TRAILING = /[。.!！~～,，;；、]+$/;

/** Free text as it should be kept: same characters, without invisible ones or outer spaces. */
export function cleanText(text: string): string {
  return text.normalize('NFC').replace(ZERO_WIDTH, '').replace(/\r\n?/g, '\n').trim();
}

/**
 * An answer spelled plainly for matching: NFKC (full-width digits, ％ and （） become ASCII),
 * no zero-width characters, single spaces, no surrounding quotes or closing sentence marks.
 */
export function normalizeAnswer(text: string): string {
  let s = text.normalize('NFKC').replace(ZERO_WIDTH, '');
  // One pass over the string, not an array of its characters: every answer of every turn passes here.
  s = s.replace(PUNCT_CHARS, (c) => PUNCT[c]);
  s = s.replace(/\s+/g, ' ').trim();
  s = s.replace(QUOTES, '').trim();
  return s.replace(TRAILING, '').trim();
}

/** normalizeAnswer without any spaces: "97.5 %" and "150 件" read like "97.5%" and "150件". */
export function compactAnswer(text: string): string {
  return normalizeAnswer(text).replace(/ /g, '');
}

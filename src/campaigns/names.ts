/**
 * "张三,李四、王五" → the names, in order, once each: the one contact-list parser, for the settings
 * (ADMIN_CONTACTS, ALLOWED_CONTACTS), the CLI (--assign) and the console. Names are person keys (the
 * bot owner's 备注), which may hold spaces: "Wang Wei" is one person, so only , 、 ; and line breaks
 * (full-width ones too) separate names.
 */
export function parseContactList(s: string | undefined): string[] {
  const names = (s ?? '')
    .normalize('NFKC')
    .split(/[,、;\n]/)
    .map((x) => x.trim())
    .filter(Boolean);
  return [...new Set(names)];
}

export const splitNames = parseContactList;

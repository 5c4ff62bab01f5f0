/** "张三,李四、 王五" → the names, in order, once each. Names are the WeChat channel's person keys. */
export function splitNames(text: string): string[] {
  const names = text
    .normalize('NFKC')
    .split(/[,，、;；\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return [...new Set(names)];
}

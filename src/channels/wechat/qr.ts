import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { wechatTexts } from './texts.js';

// qrcode ships no types; only these two calls are used.
interface QrLib {
  toFile(path: string, text: string, opts?: { width?: number; margin?: number }): Promise<void>;
  toString(text: string, opts: { type: 'terminal'; small?: boolean }): Promise<string>;
}
const QRCode = createRequire(import.meta.url)('qrcode') as QrLib;

/** Where the login QR code can be seen: the terminal, a PNG in the data dir, and a URL for a browser. */
export async function showLoginQr(
  qrcode: string,
  pngPath: string,
  terminal: NodeJS.WritableStream | null,
): Promise<{ png: string; url: string }> {
  mkdirSync(dirname(pngPath), { recursive: true });
  await QRCode.toFile(pngPath, qrcode, { width: 360, margin: 2 });
  const url = `https://wechaty.js.org/qrcode/${encodeURIComponent(qrcode)}`;
  if (terminal) {
    terminal.write(`\n${wechatTexts.terminalScan(pngPath)}\n`);
    terminal.write(await QRCode.toString(qrcode, { type: 'terminal', small: true }));
    terminal.write(`\n${wechatTexts.terminalQrUrl(url)}\n\n`);
  }
  return { png: pngPath, url };
}

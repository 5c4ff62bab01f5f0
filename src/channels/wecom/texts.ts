import { z } from 'zod';
import { fill } from '../../engine/texts.js';
import { loadTemplate, templatePath } from '../../templates/load-template.js';

// What the WeCom channel itself says is data (templates/wecom.yaml), checked at load like the chat texts.
const KEYS = [
  'welcome',
  'refused',
  'text_only',
  'group_to_private',
  'stale_button',
  'file_too_big',
  'file_download_failed',
  'card_title',
  'parked',
  'parked_text',
  'parked_file',
  'terminal_connected',
  'terminal_reconnecting',
  'terminal_auth_failed',
  'terminal_replaced',
  'terminal_unreachable',
] as const;
type Key = (typeof KEYS)[number];

const schema = z.object(Object.fromEntries(KEYS.map((k) => [k, z.string().min(1)])) as Record<Key, z.ZodString>);

/** Reads and checks templates/wecom.yaml (or TIANBAO_WECOM_TEXTS); a broken file throws naming the key. */
export function loadWecomTemplates(file = process.env.TIANBAO_WECOM_TEXTS ?? templatePath('wecom.yaml')) {
  return loadTemplate(schema, file, '企业微信消息模板');
}

let cached: Record<Key, string> | undefined;
const tpl = (k: Key, vars: Record<string, string | number> = {}) => {
  cached ??= loadWecomTemplates();
  return fill(cached[k], vars);
};

/** The channel's texts, filled. Read lazily: a test or a deployer may point TIANBAO_WECOM_TEXTS elsewhere. */
export const wecomTexts = {
  welcome: () => tpl('welcome'),
  refused: () => tpl('refused'),
  textOnly: () => tpl('text_only'),
  groupToPrivate: () => tpl('group_to_private'),
  staleButton: () => tpl('stale_button'),
  fileTooBig: (mb: number) => tpl('file_too_big', { mb }),
  fileDownloadFailed: () => tpl('file_download_failed'),
  cardTitle: () => tpl('card_title'),
  parked: (to: string, what: string, error: string) => tpl('parked', { to, what, error }),
  parkedText: (excerpt: string) => tpl('parked_text', { excerpt }),
  parkedFile: (name: string) => tpl('parked_file', { name }),
  terminalConnected: (url: string, bot: string) => tpl('terminal_connected', { url, bot }),
  terminalReconnecting: (attempt: number, seconds: number) => tpl('terminal_reconnecting', { attempt, seconds }),
  terminalAuthFailed: (error: string) => tpl('terminal_auth_failed', { error }),
  terminalReplaced: () => tpl('terminal_replaced'),
  terminalUnreachable: (url: string, error: string) => tpl('terminal_unreachable', { url, error }),
};

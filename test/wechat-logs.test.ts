import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, fatalLine, loggerFromSettings } from '../src/app/log.js';
import { loadSettings } from '../src/app/settings.js';
import { StorageError } from '../src/store/open-database.js';

// Issue 12, item 16: errors were logged as their message only, and nothing kept secrets out of the log.
function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { stream, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('structured logs', () => {
  it('one JSON object per event, errors with their stack', () => {
    const { stream, records } = capture();
    const log = createLogger({ stream });
    log('error', 'message_failed', { id: 'm1', error: new TypeError('boom') });
    const [r] = records();
    expect(r).toMatchObject({ level: 50, event: 'message_failed', id: 'm1' });
    const error = r.error as { type: string; message: string; stack: string };
    expect(error.type).toBe('TypeError');
    expect(error.message).toBe('boom');
    expect(error.stack.split('\n')[1]).toMatch(/^\s+at /);
  });

  it('never writes the token or the passphrase, wherever they appear', () => {
    const { stream, records } = capture();
    const env = loadSettings({
      WECHATY_PUPPET_SERVICE_TOKEN: 'puppet_workpro_s3cr3t',
      FRIEND_PASSPHRASE: '绩效暗号2026',
    }).env;
    const log = loggerFromSettings(env, stream);
    log('info', 'wechat_starting', { token: 'puppet_workpro_s3cr3t', puppet: 'wechaty-puppet-service' });
    log('error', 'wechaty_error', { error: new Error('401 for token puppet_workpro_s3cr3t') });
    log('warn', 'friendship', { hello: '我的暗号是 绩效暗号2026', nested: { api_key: 'sk-123' } });
    const text = JSON.stringify(records());
    expect(text).not.toContain('s3cr3t');
    expect(text).not.toContain('绩效暗号2026');
    expect(text).not.toContain('sk-123');
    expect(records()[0].token).toBe('[redacted]');
    expect((records()[1].error as { message: string }).message).toBe('401 for token [redacted]');
  });

  it('below LOG_LEVEL nothing is written', () => {
    const { stream, records } = capture();
    createLogger({ stream, level: 'warn' })('info', 'message', {});
    expect(records()).toEqual([]);
  });

  it('a fatal storage fault or setting is one line with its exit code; anything else is left to crash loudly', () => {
    expect(fatalLine(new StorageError('磁盘已满'))).toEqual({ message: '磁盘已满', exitCode: 3 });
    expect(fatalLine(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))?.exitCode).toBe(3);
    expect(fatalLine(new Error('bug'))).toBeUndefined();
  });
});

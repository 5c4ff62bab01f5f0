import type { WechatRows } from '../../store/wechat-rows.js';

/** Small facts the channel must remember across restarts (e.g. an unexpected logout to announce). */
export class ChannelState {
  constructor(private readonly rows: Pick<WechatRows, 'getState' | 'setState' | 'deleteState'>) {}

  /** @example await state.get<{ at: number }>('unexpected_logout') */
  async get<T>(key: string): Promise<T | undefined> {
    const v = await this.rows.getState(key);
    return v === undefined ? undefined : (JSON.parse(v) as T);
  }

  /** @example await state.set('unexpected_logout', { at: Date.now() }) */
  async set(key: string, value: unknown): Promise<void> {
    await this.rows.setState(key, JSON.stringify(value));
  }

  /** @example await state.delete('unexpected_logout') */
  async delete(key: string): Promise<void> {
    await this.rows.deleteState(key);
  }
}

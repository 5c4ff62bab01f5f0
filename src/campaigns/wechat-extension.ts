// Plugs campaigns into the WeChat runner: `runWechat(argv, campaignExtension)` (src/cli/wechat-command.ts).
import type { WechatExtension } from '../cli/wechat-command.js';
import { startCampaignRuntime } from './runtime.js';

/** Starts polling the schedule with the channel's outbox and answers the coordinators' 汇总 / 催办. */
export const campaignExtension: WechatExtension = ({ app, outbox, config }) => {
  const rt = startCampaignRuntime({
    store: app.store,
    engine: app.engine,
    flows: app.catalog,
    campaigns: app.campaigns,
    outbox,
    admins: [...config.admins],
  });
  return { isAllowed: (key) => rt.isAssignee(key), hooks: [rt.adminHook] };
};

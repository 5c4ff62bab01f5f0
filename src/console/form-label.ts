// One name per form on every console page — the core's flowLabel (单位 · 项目或表名 · 年度, and 第N版 once
// re-imported), the same the chat's menu and the campaigns use — so two forms never look alike.
import { flowLabel, type Labelled } from '../core/flow/label.js';

/** The label of one form, e.g. 正定县信访局 · 信访专项业务费 · 2022年度. */
export function formLabel(f: Labelled): string {
  return flowLabel(f);
}

/** Labels of a list of forms; when two would still read the same, the form's file id tells them apart. */
export function formLabels(flows: Array<Labelled & { id: string }>): Map<string, string> {
  const base = new Map(flows.map((f) => [f.id, flowLabel(f)]));
  const seen = new Map<string, number>();
  for (const l of base.values()) seen.set(l, (seen.get(l) ?? 0) + 1);
  return new Map(
    flows.map((f) => {
      const l = base.get(f.id)!;
      return [f.id, (seen.get(l) ?? 0) > 1 ? `${l}（${f.id}）` : l];
    }),
  );
}

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A 60-indicator form, as large as the biggest real 自评表, with a rule on every item. */
export function writeSixtyFlow(dir: string): string {
  return writeBenchFlow(dir, 60);
}

/** A form of n indicators (60: the biggest real one; 240: to show a turn's cost does not grow with the form). */
export function writeBenchFlow(dir: string, n: number): string {
  mkdirSync(dir, { recursive: true });
  const groups = ['产出指标', '效益指标', '满意度指标'];
  const rules = ['100%计满分，每低于1%扣1分，扣完为止', '达95%得满分，每减少5%扣0.5分，扣完为止', '按实际完成比例计分'];
  const id = n === 60 ? 'bench-sixty' : `bench-${n}`;
  const lines = [
    `id: ${id}`,
    'version: 1',
    `title: 基准测试自评表${n}项`,
    'year: 2025',
    `total: ${n * 2}`,
    'indicators:',
  ];
  for (let i = 0; i < n; i++) {
    lines.push(
      `  - id: item_${i + 1}`,
      `    level1: ${groups[i % 3]}`,
      `    level2: 第${Math.floor(i / 6) + 1}组`,
      `    name: 指标${i + 1}完成率`,
      `    weight: 2`,
      `    target: "≥95%"`,
      `    rule: "${rules[i % 3]}"`,
    );
  }
  const file = join(dir, `${id}.yaml`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

// A tiny arithmetic language for derived indicators ("budget_spent / budget_total * 100").
// Hand-written rather than eval'd: flows are data from deployers and must not run code.

export type Expr =
  | { t: 'num'; v: number }
  | { t: 'id'; name: string }
  | { t: 'neg'; e: Expr }
  | { t: 'bin'; op: '+' | '-' | '*' | '/'; a: Expr; b: Expr };

export type ParseFormula = { ok: true; expr: Expr; ids: string[] } | { ok: false; reason: string };

export function parseFormula(src: string): ParseFormula {
  const text = src.replace(/×/g, '*').replace(/÷/g, '/').replace(/（/g, '(').replace(/）/g, ')');
  const tokens = text.match(/\s*([A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?|[-+*/()]|\S)/g)?.map((s) => s.trim()) ?? [];
  let i = 0;
  const ids = new Set<string>();
  const fail = (reason: string): never => {
    throw new FormulaError(reason);
  };
  const primary = (): Expr => {
    const tok = tokens[i++];
    if (tok === undefined) return fail('公式意外结束');
    if (/^\d/.test(tok)) return { t: 'num', v: Number(tok) };
    if (/^[A-Za-z_]/.test(tok)) {
      ids.add(tok);
      return { t: 'id', name: tok };
    }
    if (tok === '-') return { t: 'neg', e: primary() };
    if (tok === '(') {
      const e = sum();
      if (tokens[i++] !== ')') fail('缺少右括号');
      return e;
    }
    return fail(`无法识别的符号 "${tok}"`);
  };
  const product = (): Expr => {
    let a = primary();
    while (tokens[i] === '*' || tokens[i] === '/') {
      const op = tokens[i++] as '*' | '/';
      a = { t: 'bin', op, a, b: primary() };
    }
    return a;
  };
  const sum = (): Expr => {
    let a = product();
    while (tokens[i] === '+' || tokens[i] === '-') {
      const op = tokens[i++] as '+' | '-';
      a = { t: 'bin', op, a, b: product() };
    }
    return a;
  };
  try {
    if (tokens.length === 0) fail('公式为空');
    const expr = sum();
    if (i < tokens.length) fail(`多余的内容 "${tokens.slice(i).join('')}"`);
    return { ok: true, expr, ids: [...ids] };
  } catch (e) {
    if (e instanceof FormulaError) return { ok: false, reason: e.message };
    throw e;
  }
}

class FormulaError extends Error {}

export type EvalResult = { ok: true; value: number } | { ok: false; reason: string; missing?: string[] };

/** Evaluates with the given numbers; a missing input or a division by zero is a reason, not a throw. */
export function evaluate(
  expr: Expr,
  vars: Record<string, number | undefined>,
  labels: Record<string, string> = {},
): EvalResult {
  const missing: string[] = [];
  let divZero: string | null = null;
  const go = (e: Expr): number => {
    switch (e.t) {
      case 'num':
        return e.v;
      case 'id': {
        const v = vars[e.name];
        if (v === undefined || !Number.isFinite(v)) {
          missing.push(e.name);
          return NaN;
        }
        return v;
      }
      case 'neg':
        return -go(e.e);
      case 'bin': {
        const a = go(e.a);
        const b = go(e.b);
        if (e.op === '/' && b === 0) divZero = e.b.t === 'id' ? (labels[e.b.name] ?? e.b.name) : '0';
        return e.op === '+' ? a + b : e.op === '-' ? a - b : e.op === '*' ? a * b : a / b;
      }
    }
  };
  const value = go(expr);
  if (missing.length) {
    const names = [...new Set(missing)].map((m) => labels[m] ?? m);
    return { ok: false, reason: `需要先填写：${names.join('、')}`, missing: [...new Set(missing)] };
  }
  if (divZero !== null) return { ok: false, reason: `${divZero}为0，无法计算` };
  return { ok: true, value };
}

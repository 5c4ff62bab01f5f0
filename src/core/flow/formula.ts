// A tiny arithmetic language for derived indicators ("budget_spent / budget_total * 100").
// Hand-written rather than eval'd: flows are data from deployers and must not run code.

export type Expr =
  | { t: 'num'; v: number }
  | { t: 'id'; name: string }
  | { t: 'neg'; e: Expr }
  | { t: 'bin'; op: '+' | '-' | '*' | '/'; a: Expr; b: Expr };

export type ParseFormula = { ok: true; expr: Expr; ids: string[] } | { ok: false; reason: string };

/** A formula is one short line of arithmetic; longer or deeper ones are mistakes or attacks. */
export const FORMULA_MAX_LENGTH = 500;
export const FORMULA_MAX_DEPTH = 30;

export function parseFormula(src: string): ParseFormula {
  if (typeof src !== 'string') return { ok: false, reason: '公式应为文字' };
  if (src.length > FORMULA_MAX_LENGTH)
    return { ok: false, reason: `公式太长（${src.length}个字符，最多${FORMULA_MAX_LENGTH}个）` };
  const text = src.replace(/×/g, '*').replace(/÷/g, '/').replace(/（/g, '(').replace(/）/g, ')');
  const tokens = text.match(/\s*([A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?|[-+*/()]|\S)/g)?.map((s) => s.trim()) ?? [];
  let i = 0;
  let depth = 0;
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
    if (tok === '-' || tok === '(') {
      // Checked before recursing: a 10,000-deep formula is refused, not a stack overflow.
      if (++depth > FORMULA_MAX_DEPTH) fail(`括号或负号嵌套太深（最多${FORMULA_MAX_DEPTH}层）`);
      let e: Expr;
      if (tok === '-') e = { t: 'neg', e: primary() };
      else {
        e = sum();
        if (tokens[i++] !== ')') fail('缺少右括号');
      }
      depth--;
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

const PRECEDENCE = { '+': 1, '-': 1, '*': 2, '/': 2 } as const;
const SIGN = { '+': '+', '-': '−', '*': '×', '/': '÷' } as const;

/**
 * A formula as people write it: "全年执行数 ÷ 全年预算数 × 100%". `name` gives each id its words (or its
 * number, to show the arithmetic); a closing "× 100" of a percent reads "× 100%".
 */
export function formulaText(expr: Expr, name: (id: string) => string, percent = false): string {
  const go = (e: Expr, parent = 0, right = false): string => {
    switch (e.t) {
      case 'num':
        return String(e.v);
      case 'id':
        return name(e.name);
      case 'neg':
        return `−${go(e.e, 3)}`;
      case 'bin': {
        const p = PRECEDENCE[e.op];
        const body = `${go(e.a, p)} ${SIGN[e.op]} ${go(e.b, p, true)}`;
        return p < parent || (right && p === parent) ? `（${body}）` : body;
      }
    }
  };
  if (percent && expr.t === 'bin' && expr.op === '*' && expr.b.t === 'num' && expr.b.v === 100)
    return `${go(expr.a, 2)} × 100%`;
  return go(expr);
}

const compiled = new WeakMap<object, ParseFormula>();

/** The formula of a loaded indicator, parsed once and kept with the indicator. */
export function compiledFormula(owner: { formula?: string }): ParseFormula | undefined {
  if (owner.formula === undefined) return undefined;
  let p = compiled.get(owner);
  if (!p) {
    p = parseFormula(owner.formula);
    compiled.set(owner, p);
  }
  return p;
}

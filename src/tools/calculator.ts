/** A calculation the calculator cannot do; the message is shown to the model and the user. */
export class CalculatorError extends Error {
  override readonly name = 'CalculatorError';
}

const MAX_LENGTH = 1000;
const MAX_DEPTH = 64;

const CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E };
const FUNCTIONS: Record<string, { arity: [number, number]; apply: (...args: number[]) => number }> = {
  sqrt: { arity: [1, 1], apply: Math.sqrt },
  abs: { arity: [1, 1], apply: Math.abs },
  round: { arity: [1, 2], apply: (x, digits = 0) => Math.round(x * 10 ** digits) / 10 ** digits },
  floor: { arity: [1, 1], apply: Math.floor },
  ceil: { arity: [1, 1], apply: Math.ceil },
  min: { arity: [1, Infinity], apply: Math.min },
  max: { arity: [1, Infinity], apply: Math.max },
  pow: { arity: [2, 2], apply: Math.pow },
  exp: { arity: [1, 1], apply: Math.exp },
  ln: { arity: [1, 1], apply: Math.log },
  log: { arity: [1, 1], apply: Math.log10 },
  sin: { arity: [1, 1], apply: Math.sin },
  cos: { arity: [1, 1], apply: Math.cos },
  tan: { arity: [1, 1], apply: Math.tan },
};

type Token = { kind: 'number'; value: number; at: number } | { kind: 'name'; value: string; at: number } | { kind: 'op'; value: string; at: number };

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s+|(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(\*\*|[-+*/%^(),])/y;
  while (pattern.lastIndex < expression.length) {
    const at = pattern.lastIndex;
    const match = pattern.exec(expression);
    if (!match) throw new CalculatorError(`unexpected character "${expression[at]}" at position ${at + 1}`);
    if (match[1] !== undefined) tokens.push({ kind: 'number', value: Number(match[1]), at });
    else if (match[2] !== undefined) tokens.push({ kind: 'name', value: match[2].toLowerCase(), at });
    else if (match[3] !== undefined) tokens.push({ kind: 'op', value: match[3] === '**' ? '^' : match[3], at });
  }
  return tokens;
}

/**
 * Evaluates arithmetic without eval: + - * / % ^ (right-associative, binds tighter than unary minus),
 * parentheses, decimals, the functions above and the constants pi and e.
 */
export function evaluateExpression(expression: string): number {
  if (expression.trim() === '') throw new CalculatorError('the expression is empty');
  if (expression.length > MAX_LENGTH) throw new CalculatorError(`the expression is longer than ${MAX_LENGTH} characters`);
  const tokens = tokenize(expression);
  let position = 0;
  let depth = 0;

  const peek = () => tokens[position];
  const describe = (token: Token | undefined) => (token ? `"${token.value}" at position ${token.at + 1}` : 'the end of the expression');
  const isOp = (value: string) => peek()?.kind === 'op' && peek()?.value === value;
  const expect = (value: string) => {
    if (!isOp(value)) throw new CalculatorError(`expected "${value}" but found ${describe(peek())}`);
    position += 1;
  };

  function parseSum(): number {
    let value = parseProduct();
    while (isOp('+') || isOp('-')) {
      const op = tokens[position++]!.value;
      const right = parseProduct();
      value = op === '+' ? value + right : value - right;
    }
    return value;
  }

  function parseProduct(): number {
    let value = parseUnary();
    while (isOp('*') || isOp('/') || isOp('%')) {
      const op = tokens[position++]!.value;
      const right = parseUnary();
      if ((op === '/' || op === '%') && right === 0) throw new CalculatorError('division by zero');
      value = op === '*' ? value * right : op === '/' ? value / right : value % right;
    }
    return value;
  }

  function parseUnary(): number {
    if (isOp('-') || isOp('+')) {
      const op = tokens[position++]!.value;
      return nested(() => (op === '-' ? -parseUnary() : parseUnary()));
    }
    return parsePower();
  }

  function parsePower(): number {
    const base = parsePrimary();
    if (!isOp('^')) return base;
    position += 1;
    return base ** nested(parseUnary);
  }

  function parsePrimary(): number {
    const token = peek();
    if (token?.kind === 'number') {
      position += 1;
      return token.value;
    }
    if (token?.kind === 'op' && token.value === '(') {
      position += 1;
      const value = nested(parseSum);
      expect(')');
      return value;
    }
    if (token?.kind === 'name') {
      position += 1;
      if (isOp('(')) return parseCall(token.value);
      const constant = CONSTANTS[token.value];
      if (constant === undefined) throw new CalculatorError(`unknown name "${token.value}"; known constants: pi, e`);
      return constant;
    }
    throw new CalculatorError(`expected a number but found ${describe(token)}`);
  }

  function parseCall(name: string): number {
    const fn = FUNCTIONS[name];
    if (!fn) throw new CalculatorError(`unknown function "${name}"; known: ${Object.keys(FUNCTIONS).join(', ')}`);
    expect('(');
    const args: number[] = [];
    if (!isOp(')')) {
      do args.push(nested(parseSum));
      while (isOp(',') && ++position);
    }
    expect(')');
    const [least, most] = fn.arity;
    if (args.length < least || args.length > most) {
      const wanted = least === most ? `${least}` : most === Infinity ? `at least ${least}` : `${least} to ${most}`;
      const plural = (most === Infinity ? least : most) === 1 ? '' : 's';
      throw new CalculatorError(`${name} takes ${wanted} argument${plural}, got ${args.length}`);
    }
    return fn.apply(...args);
  }

  function nested(parse: () => number): number {
    if (++depth > MAX_DEPTH) throw new CalculatorError(`the expression is nested more than ${MAX_DEPTH} levels deep`);
    try {
      return parse();
    } finally {
      depth -= 1;
    }
  }

  const result = parseSum();
  if (position < tokens.length) throw new CalculatorError(`unexpected ${describe(peek())}`);
  if (Number.isNaN(result)) throw new CalculatorError('the result is not a real number');
  if (!Number.isFinite(result)) throw new CalculatorError('the result is too large');
  // Hide binary floating-point noise such as 0.1 + 0.2 = 0.30000000000000004.
  return Number(result.toPrecision(15));
}

import { describe, expect, it } from 'vitest';
import { evaluateExpression } from './calculator.js';

describe('evaluateExpression', () => {
  it.each([
    ['1 + 2', 3],
    ['2 + 3 * 4', 14],
    ['(2 + 3) * 4', 20],
    ['10 / 4', 2.5],
    ['10 % 4', 2],
    ['7 - 10', -3],
    ['-3 + 5', 2],
    ['--3', 3],
    ['+4', 4],
    ['2 ^ 10', 1024],
    ['2 ** 3', 8],
    ['2 ^ 3 ^ 2', 512],
    ['-2 ^ 2', -4],
    ['(-2) ^ 2', 4],
    ['2 ^ -1', 0.5],
    ['0.1 + 0.2', 0.3],
    ['.5 * 4', 2],
    ['1e3 + 1.5e-1', 1000.15],
    ['sqrt(16) + abs(-2)', 6],
    ['round(2.5)', 3],
    ['round(3.14159, 2)', 3.14],
    ['floor(-1.5) + ceil(1.2)', 0],
    ['min(3, 1, 2) + max(4, 9)', 10],
    ['pow(2, 8)', 256],
    ['PI * 2', 6.28318530718],
    ['e', 2.71828182846],
    ['log(1000) + ln(e)', 4],
    ['sin(0) + cos(0)', 1],
    ['((((1))))', 1],
    ['  12  ', 12],
  ])('%s = %s', (expression, expected) => {
    expect(evaluateExpression(expression)).toBeCloseTo(expected, 9);
  });

  it.each([
    ['', 'the expression is empty'],
    ['1 / 0', 'division by zero'],
    ['5 % 0', 'division by zero'],
    ['1 +', 'expected a number but found the end of the expression'],
    ['(1 + 2', 'expected ")" but found the end of the expression'],
    ['1 + 2)', 'unexpected ")" at position 6'],
    ['2 3', 'unexpected "3" at position 3'],
    ['1,000', 'unexpected "," at position 2'],
    ['foo(1)', 'unknown function "foo"'],
    ['x + 1', 'unknown name "x"; known constants: pi, e'],
    ['sqrt(1, 2)', 'sqrt takes 1 argument, got 2'],
    ['pow(2)', 'pow takes 2 arguments, got 1'],
    ['min()', 'min takes at least 1 argument, got 0'],
    ['sqrt(-1)', 'the result is not a real number'],
    ['10 ^ 400', 'the result is too large'],
    ['process.exit(1)', 'unexpected character "." at position 8'],
    ['alert`1`', 'unexpected character "`"'],
    ['2 & 3', 'unexpected character "&"'],
    ['('.repeat(100) + '1' + ')'.repeat(100), 'nested more than 64 levels'],
    ['1+'.repeat(600) + '1', 'longer than 1000 characters'],
  ])('rejects %j with a clear message', (expression, message) => {
    expect(() => evaluateExpression(expression)).toThrow(message);
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPriceTable } from './price-table.js';

describe('the price table', () => {
  it('prices the catalogue by default, per million tokens', () => {
    const prices = createPriceTable();
    expect(prices.costOf('openai/gpt-4o', { input_tokens: 1_000_000, output_tokens: 100_000 })).toBeCloseTo(2.5 + 1, 10);
    expect(prices.costOf('local/demo', { input_tokens: 500, output_tokens: 500 })).toBe(0);
    expect(prices.costOf('openai-compatible/unknown', { input_tokens: 1, output_tokens: 1 })).toBeUndefined();
  });

  it('takes PRICES as JSON or as a file, over the defaults, with provider wildcards', () => {
    const json = createPriceTable('{"openai/gpt-4o": {"input": 5, "output": 20}, "openai-compatible/*": {"input": 0, "output": 0}}');
    expect(json.costOf('openai/gpt-4o', { input_tokens: 2_000, output_tokens: 1_000 })).toBeCloseTo(0.03, 10);
    expect(json.costOf('openai-compatible/llama', { input_tokens: 9, output_tokens: 9 })).toBe(0);
    const file = join(mkdtempSync(join(tmpdir(), 'prices-')), 'prices.json');
    writeFileSync(file, '{"anthropic/claude-opus-4-1": {"input": 15, "output": 75}}');
    expect(createPriceTable(file).priceOf('anthropic/claude-opus-4-1')).toEqual({ input: 15, output: 75 });
  });

  it('refuses a bad PRICES with a line naming it', () => {
    expect(() => createPriceTable('{"openai/gpt-4o": {"input": -1, "output": 2}}')).toThrow(/^PRICES: openai\/gpt-4o\.input/);
    expect(() => createPriceTable('{not json')).toThrow(/^PRICES: is not valid JSON/);
    expect(() => createPriceTable('/no/such/prices.json')).toThrow(/^PRICES: cannot read the file/);
    expect(() => createPriceTable('{"x/y": {"input": 1, "output": 1, "cached": 1}}')).toThrow(/^PRICES:/);
  });
});

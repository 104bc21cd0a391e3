import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Usage } from '../domain/index.js';

/** US dollars per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
}

/**
 * Built-in list prices of the catalogue's models (per million tokens, USD, as published when this was written;
 * override with PRICES). Local models cost nothing.
 */
const DEFAULT_PRICES: Record<string, ModelPrice> = {
  'local/demo': { input: 0, output: 0 },
  'openai/gpt-4o-mini': { input: 0.15, output: 0.6 },
  'openai/gpt-4o': { input: 2.5, output: 10 },
  'anthropic/claude-sonnet-4-5': { input: 3, output: 15 },
  'anthropic/claude-haiku-4-5': { input: 1, output: 5 },
  'ollama/llama3.2': { input: 0, output: 0 },
};

const priceSchema = z.strictObject({ input: z.number().min(0).max(10_000), output: z.number().min(0).max(10_000) });
const pricesSchema = z.record(z.string().min(1).max(300), priceSchema);

export interface PriceTable {
  /** The price of a model; undefined when neither the defaults nor PRICES know it. */
  priceOf(model: string): ModelPrice | undefined;
  /** What a run's tokens cost in USD; undefined for a model without a price. */
  costOf(model: string, usage: Pick<Usage, 'input_tokens' | 'output_tokens'>): number | undefined;
}

/**
 * The price table: built-in defaults, then PRICES on top — JSON `{"<provider>/<model>": {"input": 2.5, "output": 10}}`
 * (USD per million tokens) or the path of a file holding it. A model of a whole provider costs nothing when
 * PRICES says so for `<provider>/*` (e.g. `"ollama/*": {"input": 0, "output": 0}`). Throws "PRICES: …" when invalid.
 */
export function createPriceTable(prices?: string): PriceTable {
  const table = new Map(Object.entries(DEFAULT_PRICES));
  for (const [model, price] of Object.entries(readPrices(prices))) table.set(model, price);
  const priceOf = (model: string) => table.get(model) ?? table.get(`${model.split('/')[0]}/*`);
  return {
    priceOf,
    costOf(model, usage) {
      const price = priceOf(model);
      if (!price) return undefined;
      return (usage.input_tokens * price.input + usage.output_tokens * price.output) / 1_000_000;
    },
  };
}

function readPrices(prices: string | undefined): Record<string, ModelPrice> {
  if (prices === undefined || prices.trim() === '') return {};
  const text = prices.trim();
  let json = text;
  if (!text.startsWith('{')) {
    try {
      json = readFileSync(text, 'utf8');
    } catch {
      throw new Error(`PRICES: cannot read the file "${text}" (give a JSON object or the path of a JSON file).`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error('PRICES: is not valid JSON (expected {"<provider>/<model>": {"input": <USD per 1M tokens>, "output": <USD per 1M tokens>}}).');
  }
  const result = pricesSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new Error(`PRICES: ${issue.path.join('.') || '(root)'}: ${issue.message}.`);
  }
  return result.data;
}

import * as fc from 'fast-check';

/** The subset of JSON Schema (as @fastify/swagger prints zod schemas) the fuzz test needs. */
export type JsonSchema = Record<string, any>;

function nest(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

/** Values attackers send: deep nesting, NUL, huge or odd strings, wrong types. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(nest(65), nest(4_000)) },
  { weight: 3, arbitrary: fc.constantFrom('a\u0000b', '\u0000', 'hello\u0000world') },
  { weight: 2, arbitrary: fc.constantFrom('x'.repeat(300_000), '\ud800', '%00', '../../etc/passwd', '<script>alert(1)</script>', '', ' ') },
  { weight: 2, arbitrary: fc.constantFrom(-1, 0, 2 ** 53 + 1, 1e308, -0.5, true, null, [], {}, [null], { '': null }, { '\u0000': 1 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** A hostile variant of one generated leaf: text keeps its start (so it still looks valid) and gains a NUL. */
function spoil(original: unknown, hostile: unknown, keepShape: boolean): unknown {
  if (keepShape && typeof original === 'string') return `${original}\u0000${original}`;
  if (keepShape && original !== null && typeof original === 'object') return { ...original, nested: nest(4_000) };
  return hostile;
}

function resolve(schema: JsonSchema, components: Record<string, JsonSchema>): JsonSchema {
  const ref = schema.$ref as string | undefined;
  return ref ? (components[ref.split('/').pop()!] ?? {}) : schema;
}

export interface SchemaContext {
  components: Record<string, JsonSchema>;
  /** Ids that exist on the server, so generated uuids sometimes name real objects. */
  knownIds: string[];
  /** Values that exist for a property name (e.g. a fastworkflow `user_id` with a session), mostly used as they are. */
  fieldValues?: Record<string, string[]>;
  /** Leave optional properties out: the plainest valid request. */
  requiredOnly?: boolean;
}

function patterned(pattern: string): fc.Arbitrary<string> | undefined {
  try {
    return fc.stringMatching(new RegExp(pattern), { size: 'xsmall' });
  } catch {
    return undefined;
  }
}

/** Mostly-valid values for a schema: the fuzzer starts here so hostile leaves reach past validation. */
export function arbitraryFromSchema(input: JsonSchema, context: SchemaContext, depth = 0): fc.Arbitrary<unknown> {
  const { components } = context;
  const schema = resolve(input, components);
  if (depth > 6) return fc.constant(null);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (Array.isArray(schema.enum) && schema.enum.length) return fc.constantFrom(...schema.enum);
  const choices = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (choices?.length) return fc.oneof(...choices.map((s) => arbitraryFromSchema(s, context, depth + 1)));
  if (Array.isArray(schema.allOf) && schema.allOf.length) return arbitraryFromSchema(schema.allOf[0], context, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  const nullable = schema.nullable === true || (Array.isArray(schema.type) && schema.type.includes('null'));
  const base = ((): fc.Arbitrary<unknown> => {
    switch (type) {
      case 'string':
        if (schema.format === 'uuid') return context.knownIds.length ? fc.oneof(fc.uuid(), fc.constantFrom(...context.knownIds)) : fc.uuid();
        if (schema.format === 'email') return fc.emailAddress();
        if (schema.format === 'uri') return fc.constantFrom('http://127.0.0.1:9/x', 'https://example.com/a');
        return (schema.pattern && patterned(schema.pattern)) || fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 24, 24) });
      case 'integer':
        return fc.integer({ min: schema.minimum ?? -10, max: Math.min(schema.maximum ?? 1000, 1_000_000) });
      case 'number':
        return fc.double({ min: schema.minimum ?? -10, max: schema.maximum ?? 1000, noNaN: true });
      case 'boolean':
        return fc.boolean();
      case 'array':
        return fc.array(arbitraryFromSchema(schema.items ?? {}, context, depth + 1), { minLength: schema.minItems ?? 0, maxLength: 3 });
      case 'object': {
        const required = new Set<string>(schema.required ?? []);
        const properties = Object.entries<JsonSchema>(schema.properties ?? {}).filter(([key]) => !context.requiredOnly || required.has(key));
        if (properties.length === 0 && schema.additionalProperties) {
          const values = schema.additionalProperties === true ? {} : schema.additionalProperties;
          return fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), arbitraryFromSchema(values, context, depth + 1), { maxKeys: 3 });
        }
        const known = (key: string) => context.fieldValues?.[key] ?? [];
        const shape = Object.fromEntries(
          properties.map(([key, s]) => {
            const generated = arbitraryFromSchema(s, context, depth + 1);
            return [key, known(key).length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known(key)) }, { weight: 1, arbitrary: generated }) : generated];
          }),
        );
        return fc.record(shape, { requiredKeys: properties.map(([key]) => key).filter((key) => required.has(key)) });
      }
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  })();
  return nullable ? fc.option(base, { nil: null }) : base;
}

/** Replaces one leaf (or adds one key) somewhere inside a generated value with a hostile value. */
export function withHostileLeaf(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(valid, hostileValue, fc.nat(), fc.string({ maxLength: 8 }), fc.boolean()).map(([value, hostile, pick, extraKey, keepShape]) => {
    const slots: Array<{ parent: any; key: string | number }> = [];
    const walk = (node: unknown) => {
      if (node === null || typeof node !== 'object') return;
      for (const key of Object.keys(node)) {
        slots.push({ parent: node, key: Array.isArray(node) ? Number(key) : key });
        walk((node as any)[key]);
      }
    };
    walk(value);
    if (slots.length === 0) return value !== null && typeof value === 'object' ? { ...value, [extraKey || 'x']: hostile } : hostile;
    const slot = slots[pick % slots.length]!;
    slot.parent[slot.key] = spoil(slot.parent[slot.key], hostile, keepShape);
    return value;
  });
}

/** Every variant of `valid` with exactly one leaf spoiled: strings gain a NUL, anything else becomes 4,000-deep JSON. */
export function spoiledVariants(valid: unknown, limit = 24): unknown[] {
  const paths: Array<Array<string | number>> = [];
  const walk = (node: unknown, path: Array<string | number>) => {
    paths.push(path);
    if (node === null || typeof node !== 'object') return;
    for (const key of Object.keys(node)) walk((node as any)[key], [...path, Array.isArray(node) ? Number(key) : key]);
  };
  walk(valid, []);
  return paths.slice(0, limit).map((path) => {
    const copy = structuredClone(valid);
    if (path.length === 0) return typeof copy === 'string' ? `${copy}\u0000` : nest(4_000);
    const parent = path.slice(0, -1).reduce((node: any, key) => node[key], copy) as any;
    const key = path.at(-1)!;
    parent[key] = typeof parent[key] === 'string' ? `${parent[key]}\u0000x` : nest(4_000);
    return copy;
  });
}

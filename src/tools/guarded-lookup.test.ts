import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { blockNonPublicAddresses } from './address-policy.js';
import { createGuardedLookup } from './guarded-lookup.js';

/** Resolves through a guarded lookup whose DNS answers are `answers`. */
function lookUp(answers: LookupAddress[]): Promise<{ error: Error | null; address: unknown }> {
  const lookup = createGuardedLookup(blockNonPublicAddresses, (_host, callback) => callback(null, answers));
  return new Promise((resolve) => lookup('api.example', { all: true }, (error, address) => resolve({ error, address })));
}

describe('createGuardedLookup', () => {
  it.each([
    ['::ffff:0:7f00:1', 6, 'a loopback address (127.0.0.1 inside an IPv4-translated address)'],
    ['64:ff9b::a9fe:a9fe', 6, 'a link-local address (169.254.169.254 inside a NAT64 address)'],
    ['2002:a00:1::1', 6, 'a private address (10.0.0.1 inside a 6to4 address)'],
    ['198.18.0.7', 4, 'a benchmarking address'],
  ])('refuses a name whose DNS answer is %s', async (address, family, reason) => {
    const { error } = await lookUp([{ address: '93.184.216.34', family: 4 }, { address, family }]);
    expect(error?.message).toBe(`refused: api.example resolves to ${address}, ${reason}; set ALLOW_PRIVATE_TOOL_URLS=true to allow private addresses`);
  });

  it('hands the socket the checked public answers', async () => {
    const answers = [{ address: '93.184.216.34', family: 4 }, { address: '2606:4700::1111', family: 6 }];
    expect(await lookUp(answers)).toEqual({ error: null, address: answers });
  });
});

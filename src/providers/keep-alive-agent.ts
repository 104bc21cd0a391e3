import http from 'node:http';
import https from 'node:https';

/** One pooled agent per provider; idle sockets are dropped after 4 s, before typical server keep-alive limits. */
export function keepAliveAgent(url: URL): http.Agent {
  const options = { keepAlive: true, scheduling: 'lifo' as const, timeout: 4_000 };
  return url.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
}

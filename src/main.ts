import { createSwitchboard } from './app.js';
import { ConfigError, loadConfig } from './config/config.js';

/** Process entry: read config, open storage, build the app, listen, shut down gracefully. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }

  let switchboard;
  try {
    switchboard = await createSwitchboard(config, { print: (line) => console.log(line) });
  } catch (error) {
    // storage reports an unreachable DATABASE_URL as "DATABASE_URL: …": one clear line, no stack
    const message = error instanceof Error ? error.message : String(error);
    console.error(`Start-up failed: ${message}`);
    process.exit(1);
  }

  const address = await switchboard.http.listen({ port: config.port, host: config.host });
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const baseUrl = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${new URL(address).port}`;
  for (const line of switchboard.bootstrap.describe(baseUrl)) console.log(line);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    switchboard.http.log.info({ signal }, 'shutting down: no new runs; waiting for running ones');
    void switchboard.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Shutdown failed', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main();

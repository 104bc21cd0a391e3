import { pathToFileURL } from 'node:url';
import { loadConfig } from './config/config.js';
import {
  createSecretBox,
  decodeKey,
  discardNewKeyFile,
  generateKeyBase64,
  keyIdOf,
  loadOrCreateKeyFile,
  promoteNewKeyFile,
  stageNewKeyFile,
} from './crypto/index.js';
import { rotateSecrets, toolSecrets, webhookSecrets, type RotationReport } from './crypto/rotate-secrets.js';
import { openDatabase } from './storage/open-database.js';

export type RotateKeyResult = RotationReport<'tools' | 'webhooks'> & {
  oldKeyId: string;
  newKeyId: string;
};

/**
 * `npm run rotate-key`: re-encrypts every tool secret and agent webhook secret with a new key, in one
 * transaction. With the key file (no SECRET_KEY), the new key is NEW_SECRET_KEY or generated, staged as
 * secret.key.new, and after the commit becomes secret.key with the old one kept as secret.key.old. With
 * SECRET_KEY set, NEW_SECRET_KEY is required and the operator swaps the variable afterwards. Prints key
 * ids and counts, never a key or a secret.
 */
export async function runRotateKey(env: Record<string, string | undefined>, print: (line: string) => void): Promise<RotateKeyResult> {
  const config = loadConfig(env);
  const wanted = env.NEW_SECRET_KEY?.trim() || undefined;
  if (wanted !== undefined) {
    try {
      decodeKey(wanted);
    } catch {
      throw new Error('NEW_SECRET_KEY: must be 32 bytes encoded as base64 (try: openssl rand -base64 32)');
    }
  }

  const usesKeyFile = config.secretKey === undefined;
  let currentKey: string;
  let otherKeys: string[] = [];
  let newKey: string;
  let resumed = false;
  if (usesKeyFile) {
    const keyFile = await loadOrCreateKeyFile(config.dataDir);
    currentKey = keyFile.keyBase64;
    otherKeys = keyFile.otherKeysBase64;
    const staged = await stageNewKeyFile(config.dataDir, wanted ?? generateKeyBase64());
    if (staged.resumed && wanted !== undefined && staged.keyBase64 !== wanted) {
      throw new Error('NEW_SECRET_KEY: an interrupted rotation left DATA_DIR/secret.key.new; run again without NEW_SECRET_KEY to finish it first');
    }
    ({ keyBase64: newKey, resumed } = staged);
  } else {
    if (wanted === undefined) {
      throw new Error('NEW_SECRET_KEY: is required when SECRET_KEY is set in the environment (try: openssl rand -base64 32)');
    }
    currentKey = config.secretKey!;
    newKey = wanted;
  }

  const oldKeyId = keyIdOf(currentKey);
  const newKeyId = keyIdOf(newKey);
  print(`${resumed ? 'Resuming rotation' : 'Rotating tool and webhook secrets'} from key ${oldKeyId} to key ${newKeyId}`);
  const oldBox = createSecretBox({ keys: [currentKey, ...otherKeys].map((keyBase64) => ({ keyBase64 })), currentKeyId: oldKeyId });
  const newBox = createSecretBox({ keys: [{ keyBase64: newKey }] });

  let report: RotationReport<'tools' | 'webhooks'>;
  try {
    const storage = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      const sources = { tools: toolSecrets(storage.tools), webhooks: webhookSecrets(storage.webhooks) };
      report = await rotateSecrets({ sources, database: storage.database, oldBox, newBox });
    } finally {
      await storage.database.close();
    }
  } catch (error) {
    // Nothing was written with a freshly staged key, so it can go; a resumed one may already be in use.
    if (usesKeyFile && !resumed) await discardNewKeyFile(config.dataDir);
    throw error;
  }

  const { tools, webhooks } = report;
  const alreadyCurrent = tools.secretsAlreadyCurrent + webhooks.secretsAlreadyCurrent;
  print(`Re-encrypted ${tools.secretsResealed} secrets of ${tools.ownersUpdated} tools and the webhook secrets of ${webhooks.ownersUpdated} agents (${alreadyCurrent} already used the new key).`);
  if (usesKeyFile) {
    await promoteNewKeyFile(config.dataDir);
    print(`DATA_DIR/secret.key now holds key ${newKeyId}; the previous key ${oldKeyId} is kept in DATA_DIR/secret.key.old.`);
    print('Restart every server instance so it uses the new key.');
  } else {
    print(`Now set SECRET_KEY to the value of NEW_SECRET_KEY (key ${newKeyId}) and restart every server instance.`);
  }
  return { ...report, oldKeyId, newKeyId };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // The one other entry point besides main.ts: NEW_SECRET_KEY belongs to this command, not to Config.
  runRotateKey(process.env, (line) => console.log(line)).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`rotate-key failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}

export { createSecretBox, keyIdOf, decodeKey, type SecretBoxKey } from './secret-box.js';
export {
  loadOrCreateKeyFile,
  readKeyFile,
  generateKeyBase64,
  stageNewKeyFile,
  promoteNewKeyFile,
  discardNewKeyFile,
  KEY_FILE_NAME,
  OLD_KEY_FILE_NAME,
  NEW_KEY_FILE_NAME,
  type KeyFile,
} from './key-file.js';
export { createPasswordHasher } from './password-hasher.js';
export { sha256 } from './sha256.js';
export { createTokenIssuer, hashToken } from './token-issuer.js';
export { rotateSecrets, type RotationReport } from './rotate-secrets.js';

// Which names hold a credential: the grammar detector redacts the value of any name this says yes
// to, whatever the value looks like. A name is split into its words (`DB_PASSWORD`, `clientSecret`,
// `--api-key`, `db.password`) and judged by its last word, the one that says what it holds:
// `password_file` holds a path, `credentialsId` an id, `max_tokens` a count.
import { cached } from './verdict-cache.ts';

/** Last words that name a credential by themselves. */
const HEADS = new Set([
  'password', 'passwd', 'passphrase', 'passcode', 'pwd', 'pw', 'pass', 'pword', 'passw', 'secret', 'token', 'apikey', 'credential',
  'credentials', 'creds', 'cred', 'auth', 'authkey', 'privatekey', 'secretkey', 'accesskey', 'apitoken', 'authtoken', 'bearer',
  'pat', 'pin', 'otp', 'totp', 'mfa', 'psk', 'dsn', 'sas', 'sessionid', 'sessiontoken', 'storepass', 'keypass', 'srcstorepass',
  'deststorepass', 'srckeypass', 'destkeypass', 'kspass', 'rootpass', 'dbpass', 'adminpass', 'userpass',
  'clientsecret', 'appsecret', 'masterkey', 'licensekey', 'encryptionkey', 'signingkey', 'webhooksecret', 'connectionstring',
]);

/** Longer words whose end names a credential (`PGPASSWORD`, `MYSQL_PWD` splits already, `GITHUBTOKEN`). */
const HEAD_ENDINGS = ['password', 'passwd', 'passphrase', 'secret', 'token', 'apikey', 'credential', 'credentials', 'privatekey', 'secretkey', 'accesskey'];

/** `key` names a credential only after one of these (`api_key`, `private-key`, `ibm_key`, `sl_key`). */
const KEY_QUALIFIERS = new Set([
  'api', 'access', 'secret', 'private', 'auth', 'client', 'app', 'consumer', 'master', 'signing', 'encryption', 'account', 'shared',
  'service', 'admin', 'deploy', 'ssh', 'gpg', 'pgp', 'license', 'subscription', 'storage', 'sl', 'ibm', 'softlayer', 'session',
  'hmac', 'jwt', 'crypto', 'wallet', 'mnemonic', 'seed', 'root', 'write', 'read', 'ingest', 'management', 'primary', 'secondary',
  'sas', 'function', 'host', 'router', 'webhook', 'bot', 'personal', 'partner', 'merchant', 'live', 'test', 'prod', 'publishable',
]);

/** `id` names a credential only after these (`access_id` of IBM COS HMAC keys, `accessId`); a `sessionId` of a transcript names a conversation. */
const ID_QUALIFIERS = new Set(['access', 'secret']);

/**
 * Words that say a name holds no credential: a form's anti-forgery token (`authenticity_token`), a
 * public or publishable token meant for browsers, and names that say the value is not real
 * (`fake_password`, `not_secret`, `example_token`).
 */
const FORM_WORDS = new Set(['csrf', 'xsrf', 'authenticity', 'csrfmiddlewaretoken', 'nonce', 'public', 'publishable', 'not', 'no', 'non',
  'fake', 'dummy', 'example', 'sample', 'mock', 'placeholder', 'nonmatching', 'invalid', 'expired', 'revoked']);

/** Plural and counting forms that look like credentials and are not (`max_tokens`, `tokens_in`). */
const NOT_HEADS = new Set(['tokens', 'tokenizer', 'secrets', 'passwords', 'keys', 'signatures', 'passes', 'pins']);

/**
 * The words of a name, lower case: `clientSecret` -> client, secret; `DB_PASSWORD` -> db, password;
 * `--api-key` -> api, key; `spring.datasource.password` -> spring, datasource, password.
 */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * True when `name` names a credential: its last word is a credential word (or ends with a long
 * one), or is `key`/`id` after a qualifier, or the name is a credential word with a number after it.
 *
 * @example
 * isCredentialName('DB_PASSWORD') // true
 * isCredentialName('password_file') // false
 * isCredentialName('max_tokens') // false
 */
export function isCredentialName(name: string): boolean {
  return credentialNameVerdict(name);
}

const credentialNameVerdict = cached(judgeCredentialName);

function judgeCredentialName(name: string): boolean {
  const words = nameWords(name);
  while (words.length > 1 && /^\d+$/.test(words.at(-1)!)) words.pop(); // `password2`, `token_1`
  const head = words.at(-1);
  if (head === undefined || NOT_HEADS.has(head) || words.some((word) => FORM_WORDS.has(word))) return false;
  // `pass` alone is a verdict, a test count or a keyword as often as a password: only `db_pass`, `--pass`... name one.
  if (head === 'pass' && words.length === 1 && !/^-/.test(name)) return false;
  if (HEADS.has(head)) return true;
  const before = words.at(-2);
  if (head === 'key') return before !== undefined && KEY_QUALIFIERS.has(before);
  if (head === 'id') return before !== undefined && ID_QUALIFIERS.has(before);
  return head.length > 6 && HEAD_ENDINGS.some((ending) => head.endsWith(ending) && !head.endsWith(`${ending}s`));
}

// Which names hold a credential: the grammar detector redacts the value of any name this says yes
// to, whatever the value looks like. A name is split into its words (`DB_PASSWORD`, `clientSecret`,
// `--api-key`, `db.password`) and judged by its last word, the one that says what it holds:
// `password_file` holds a path, `credentialsId` an id, `max_tokens` a count. Words that only say
// which one (`_PROD`, `_OLD`, `_BACKUP`, `_RW`, `_V2`) are read past first: `DB_PASSWORD_PROD` is a password.
import { cached } from './verdict-cache.ts';

/** Last words that name a credential by themselves. */
const HEADS = new Set([
  'password', 'passwd', 'passphrase', 'passcode', 'pwd', 'pw', 'pass', 'pword', 'passw', 'secret', 'token', 'apikey', 'credential',
  'credentials', 'creds', 'cred', 'auth', 'authkey', 'privatekey', 'secretkey', 'accesskey', 'apitoken', 'authtoken', 'bearer',
  'accessid', 'secretid', 'pat', 'pin', 'otp', 'totp', 'mfa', 'psk', 'dsn', 'sas', 'sessionid', 'sessiontoken', 'storepass', 'keypass', 'srcstorepass',
  'deststorepass', 'srckeypass', 'destkeypass', 'kspass', 'rootpass', 'dbpass', 'adminpass', 'userpass',
  'clientsecret', 'appsecret', 'masterkey', 'licensekey', 'encryptionkey', 'signingkey', 'webhooksecret', 'connectionstring',
  // Redis's server and replica passwords (`requirepass`, `masterauth`), and the word for password in other languages.
  'requirepass', 'masterauth', 'passwort', 'kennwort', 'motdepasse', 'mdp', 'senha', 'wachtwoord', 'losenord', 'salasana', 'passord',
  'adgangskode', 'heslo', 'haslo', 'jelszo', 'sifre',
  // A wallet's words and a vault's unseal share are credentials by their own name (`MNEMONIC`, `Vault unseal:`).
  'mnemonic', 'unseal',
]);

/**
 * Last words that say which of several values a name holds, not what it holds: an environment, a
 * version, a role, a copy. They are read past (`OPENAI_API_KEY_BACKUP` -> `OPENAI_API_KEY`), but
 * never a word that says what the value is instead (`password_file`, `token_url`, `secret_name`).
 */
const QUALIFIERS = new Set([
  'prod', 'production', 'prd', 'dev', 'development', 'staging', 'stage', 'stg', 'test', 'testing', 'qa', 'uat', 'preprod', 'sandbox',
  'live', 'local', 'ci', 'old', 'new', 'prev', 'previous', 'next', 'current', 'curr', 'legacy', 'orig', 'original', 'latest', 'rotated',
  'tmp', 'temp', 'backup', 'bak', 'alt', 'fallback', 'primary', 'secondary', 'main', 'default', 'override', 'initial', 'rw', 'ro',
  'readonly', 'readwrite', 'admin', 'base', 'value', 'val', 'raw', 'plain', 'plaintext', 'b64', 'base64', 'hex', 'string', 'str',
  'confirm', 'confirmation', 'again', 'repeat', 'encoded',
]);

/**
 * True when `word` only says which of several values a cell or a name holds (`staging`, `prod`,
 * `rotated`), not what it is: a table's cell of one such word is no value.
 *
 * @example
 * isQualifierWord('Staging') // true
 */
export const isQualifierWord = (word: string) => QUALIFIERS.has(word.toLowerCase());

/** Longer words whose end names a credential (`PGPASSWORD`, `MYSQL_PWD` splits already, `GITHUBTOKEN`). */
const HEAD_ENDINGS = ['password', 'passwd', 'passphrase', 'secret', 'token', 'apikey', 'credential', 'credentials', 'privatekey', 'secretkey', 'accesskey'];

/**
 * Words one of which every credential name holds (case folded): its last word, or its last word's
 * ending, or the qualifier before a `key`, `code` or `id` (which name a credential only after one).
 * A rule woken by keywords that reads any credential name takes its keywords from here, so a name
 * the judge accepts is never one no keyword finds.
 */
export const CREDENTIAL_NAME_WORDS: readonly string[] = [...HEADS, ...HEAD_ENDINGS, 'key', 'code', 'accessid', 'access_id', 'access-id', 'access.id'];

/** `key` names a credential only after one of these (`api_key`, `private-key`, `ibm_key`, `sl_key`). */
const KEY_QUALIFIERS = new Set([
  'api', 'access', 'secret', 'private', 'auth', 'client', 'app', 'consumer', 'master', 'signing', 'encryption', 'account', 'shared',
  'service', 'admin', 'deploy', 'ssh', 'gpg', 'pgp', 'license', 'subscription', 'storage', 'sl', 'ibm', 'softlayer', 'session',
  'hmac', 'jwt', 'crypto', 'wallet', 'mnemonic', 'seed', 'root', 'write', 'read', 'ingest', 'management', 'primary', 'secondary',
  'sas', 'function', 'host', 'router', 'webhook', 'bot', 'personal', 'partner', 'merchant', 'live', 'test', 'prod', 'publishable',
  'application', 'routing', 'integration', 'stream', 'global', 'decryption', 'wifi', 'wlan', 'wireless', 'wpa', 'wpa2', 'wpa3', 'wep',
  'network', 'unseal', 'recovery',
]);

/** `code` or `codes` names a credential only after these (`recovery codes`, `backup_code`, `2fa code`); a `status_code` is a number. */
const CODE_QUALIFIERS = new Set(['recovery', 'backup', 'verification', 'security', 'access', 'auth', 'authentication', 'authorization',
  '2fa', 'mfa', 'otp', 'totp', 'login', 'unlock', 'activation', 'pairing', 'sms', 'puk', 'pin', 'emergency', 'rescue']);

/**
 * `answer` (a security question's), `words` and `phrase` (a wallet's or a device's recovery words) name
 * a credential only after these: `security answer`, `recovery words`, `seed phrase`; an `answer` alone is prose.
 */
const ANSWER_QUALIFIERS = new Set(['security', 'secret', 'recovery', 'challenge']);
const WORD_LIST_QUALIFIERS = new Set(['recovery', 'seed', 'backup', 'mnemonic', 'secret', 'wallet', 'pass']);

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
  // `password2`, `token_1`, `DB_PASSWORD_PROD`, `GITHUB_TOKEN_RW`, `SECRET_KEY_BASE`, `TOKEN_V2`.
  while (words.length > 1 && (/^(?:v?\d+)$/.test(words.at(-1)!) || QUALIFIERS.has(words.at(-1)!))) words.pop();
  const head = words.at(-1);
  if (head === undefined || NOT_HEADS.has(head) || words.some((word) => FORM_WORDS.has(word))) return false;
  // `pass` alone is a verdict, a test count or a keyword as often as a password: only `db_pass`, `--pass`... name one.
  if (head === 'pass' && words.length === 1 && !/^-/.test(name)) return false;
  if (HEADS.has(head)) return true;
  const before = words.at(-2);
  if (before === 'pin' && head === 'number') return true; // `pinNumber`
  if ((head === 'code' || head === 'codes') && before !== undefined && CODE_QUALIFIERS.has(before)) return true; // `pin_code`, `recovery codes`
  if (head === 'content') return before === 'key'; // netsh's `Key Content`: a Wi-Fi profile's key
  if (head === 'answer') return before !== undefined && ANSWER_QUALIFIERS.has(before); // `security_answer`
  if (head === 'words' || head === 'phrase') return before !== undefined && WORD_LIST_QUALIFIERS.has(before); // `recovery words`, `seed phrase`
  if (head === 'key') return before !== undefined && KEY_QUALIFIERS.has(before);
  if (head === 'id') return before !== undefined && ID_QUALIFIERS.has(before);
  if (head === 'ident') return before === 'auth'; // Yarn's `npmAuthIdent`: a `user:password` pair
  return head.length > 6 && HEAD_ENDINGS.some((ending) => head.endsWith(ending) && !head.endsWith(`${ending}s`));
}

/**
 * Words before `key` that say what a key looks things up by, not what it unlocks: `cache_key`,
 * `sortKey`, `idempotency_key`, `s3_object_key`, `i18n` keys, a map's or a React list's key.
 */
const LOOKUP_KEY_WORDS = new Set(['cache', 'sort', 'partition', 'range', 'foreign', 'idempotency', 'idempotent', 'dedup', 'dedupe', 'deduplication',
  'unique', 'composite', 'object', 'row', 'map', 'hash', 'lookup', 'group', 'field', 'column', 'index', 'public', 'pub', 'query', 'state',
  'react', 'i18n', 'translation', 'message', 'dict', 'config', 'setting', 'settings', 'env', 'registry', 'event', 'metric', 'cursor', 'page',
  'shard', 'bucket', 's3', 'blob', 'file', 'path', 'name', 'label', 'tag', 'sign', 'lock', 'queue', 'topic', 'route', 'local', 'storage', 'list',
  'item', 'entry', 'record', 'request', 'trace', 'correlation', 'upload', 'download', 'image', 'asset', 'media', 'store', 'redis', 'kv', 'db',
  'table', 'primary', 'next', 'prev', 'last', 'first', 'sequence', 'version', 'schema', 'type', 'kind', 'mode', 'hot', 'short', 'shortcut',
  'keyboard', 'escape', 'enter', 'tab', 'mod', 'modifier', 'meta', 'alt', 'ctrl', 'shift', 'music', 'piano', 'sub', 'parent', 'child', 'node']);

/**
 * True when `name` is some service's key (`ledgerKey`, `SNYK_KEY`, `hubspot_api_key` aside): `key`
 * after a word that names no lookup. Only a value that reads as a key makes it a credential (the
 * caller's test): a cache key's value is a word.
 *
 * @example
 * namesServiceKey('ledgerKey') // true
 * namesServiceKey('cache_key') // false
 */
export function namesServiceKey(name: string): boolean {
  const words = nameWords(name);
  while (words.length > 1 && (/^(?:v?\d+)$/.test(words.at(-1)!) || QUALIFIERS.has(words.at(-1)!))) words.pop();
  if (words.length < 2 || words.at(-1) !== 'key' || words.some((word) => FORM_WORDS.has(word) || LOOKUP_KEY_WORDS.has(word))) return false;
  return /^[a-z][a-z0-9]{2,}$/.test(words.at(-2)!);
}

/**
 * Services whose name alone labels their key in a configuration (`cloudflare: <key>`, `HEROKU=<uuid>`,
 * a secrets file keyed by provider). The value must read as an issued key as well (the caller's test).
 */
export const SERVICE_NAMES: readonly string[] = ['cloudflare', 'sourcegraph', 'sentry', 'heroku', 'vercel', 'netlify', 'datadog', 'newrelic',
  'pagerduty', 'sendgrid', 'mailgun', 'mailchimp', 'twilio', 'stripe', 'github', 'gitlab', 'bitbucket', 'dockerhub', 'digitalocean', 'linode',
  'vultr', 'hetzner', 'fastly', 'algolia', 'mapbox', 'hubspot', 'snyk', 'sonarqube', 'sonarcloud', 'circleci', 'travis', 'jfrog', 'artifactory',
  'okta', 'auth0', 'openai', 'anthropic', 'huggingface', 'replicate', 'cohere', 'pinecone', 'supabase', 'firebase', 'planetscale', 'doppler',
  'pulumi', 'databricks', 'snowflake', 'segment', 'mixpanel', 'amplitude', 'intercom', 'zendesk', 'shopify', 'paypal', 'braintree', 'plaid',
  'coinbase', 'binance', 'airtable', 'notion', 'asana', 'trello', 'atlassian', 'dropbox', 'postman', 'grafana', 'dynatrace', 'splunk',
  'contentful', 'cloudinary', 'mapquest', 'messagebird', 'sumologic', 'launchdarkly', 'rollbar', 'bugsnag', 'honeycomb', 'logdna', 'loggly',
  'papertrail', 'pusher', 'ably', 'telnyx', 'vonage', 'nexmo', 'plivo', 'postmark', 'sparkpost', 'mandrill', 'brevo', 'sendinblue'];
const SERVICE_NAME_SET = new Set(SERVICE_NAMES);

/**
 * True when `name` is a service's name alone, perhaps with `api` (`cloudflare`, `HEROKU_API`, `sentry.api`).
 *
 * @example
 * namesServiceAlone('cloudflare') // true
 * namesServiceAlone('cloudflare_zone') // false
 */
export function namesServiceAlone(name: string): boolean {
  const words = nameWords(name);
  while (words.length > 1 && (/^(?:v?\d+)$/.test(words.at(-1)!) || QUALIFIERS.has(words.at(-1)!) || words.at(-1) === 'api')) words.pop();
  return words.length === 1 && SERVICE_NAME_SET.has(words[0]!);
}

/** Last words of a name whose secret is a list of words (a wallet's seed, a device's recovery words). */
const WORD_LIST_HEADS = new Set(['mnemonic', 'words', 'phrase']);

/**
 * True when `name` holds a list of words (`Mnemonic`, `Recovery words`, `seed phrase`): its value is
 * words where another credential's is one token.
 *
 * @example
 * namesWordList('Recovery words') // true
 * namesWordList('DB_PASSWORD') // false
 */
export const namesWordList = (name: string) => WORD_LIST_HEADS.has(nameWords(name).at(-1) ?? '');

/** Names of a secret that is a short number (`pin`, `passcode`): four digits are one there, where elsewhere they are a count. */
const NUMERIC_HEADS = new Set(['pin', 'pincode', 'passcode', 'otp', 'totp']);

/**
 * True when `name` holds a secret that is a short number, a PIN or a passcode.
 *
 * @example
 * namesNumericSecret('card_pin') // true
 * namesNumericSecret('DB_PASSWORD') // false
 */
export function namesNumericSecret(name: string): boolean {
  const words = nameWords(name);
  const last = words.at(-1) ?? '';
  const beforeLast = words.at(-2);
  return NUMERIC_HEADS.has(last) || (beforeLast === 'pin' && (last === 'code' || last === 'number'));
}

/**
 * The word for password (or token) in languages a label line may be written in, as people write it:
 * a label ending with one names a credential (`Пароль:`, `Новый пароль:`, `密码：`, `mot de passe :`).
 * Written in Latin letters without marks too (`slaptazodis`), as people type them on an ASCII keyboard.
 */
export const LABEL_WORDS: readonly string[] = ['passwort', 'kennwort', 'mot de passe', 'mdp', 'contraseña', 'contrasena', 'contrasenya', 'clave', 'senha', 'wachtwoord', 'wagwoord',
  'lösenord', 'losenord', 'wlan-schlüssel', 'wlan-schluessel', 'wlan-passwort', 'netzwerkschlüssel', 'salasana', 'salasõna', 'salasona', 'passord', 'adgangskode', 'lykilorð', 'lykilord', 'heslo', 'hasło', 'haslo', 'jelszó', 'jelszo',
  'parola', 'parolă', 'parole', 'parool', 'parol', 'geslo', 'lozinka', 'zaporka', 'šifra', 'sifra', 'slaptažodis', 'slaptazodis', 'fjalëkalimi', 'fjalekalimi',
  'cyfrinair', 'pasahitza', 'pasfhocal', 'contrasinal', 'palavra-passe', 'toegangscode', 'zugangscode', "code d'accès", "code d'acces",
  // Their forms in a sentence, where the language declines them (`Для пароля`, `паролем`, `hasłem`, `Passwörter`).
  'пароля', 'паролем', 'паролю', 'пароле', 'пароли', 'паролі', 'hasła', 'hasla', 'hasłem', 'haslem', 'hesla', 'heslem', 'heslu', 'passwörter', 'passwoerter',
  'κωδικό', 'κωδικού',
  'kata sandi', 'sandi', 'kata laluan', 'nenosiri', 'şifre', 'şifresi', 'sifre', 'şifrə', 'mật khẩu', 'mat khau',
  'пароль', 'парола', 'лозинка', 'гасло', 'токен', 'нууц үг', 'құпия сөз', 'сырсөз', 'գաղտնաբառ', 'პაროლი',
  '密码', '密碼', '口令', '令牌', '密钥', '秘钥', '通行码', '通行碼', 'パスワード', 'パスコード', '合言葉', '暗証番号', 'トークン', '비밀번호', '비번', '패스워드', '암호', '토큰',
  'κωδικός', 'κωδικός πρόσβασης', 'συνθηματικό', 'كلمة المرور', 'كلمة السر', 'رمز عبور', 'گذرواژه', 'پاس ورڈ', 'סיסמה', 'סיסמא',
  'पासवर्ड', 'कूटशब्द', 'পাসওয়ার্ড', 'கடவுச்சொல்', 'పాస్‌వర్డ్', 'పాస్వర్డ్', 'ಪಾಸ್‌ವರ್ಡ್', 'ಪಾಸ್ವರ್ಡ್', 'പാസ്‌വേഡ്', 'പാസ്വേഡ്', 'પાસવર્ડ', 'ਪਾਸਵਰਡ', 'මුරපදය',
  'รหัสผ่าน', 'ລະຫັດຜ່ານ', 'ពាក្យសម្ងាត់', 'စကားဝှက်', 'የይለፍ ቃል'];
const LABEL_ENDING = new RegExp(`(?:^|[\\s_-])(?:${LABEL_WORDS.join('|')})$`, 'iu');

/** The words of LABEL_WORDS written in Latin-1 letters alone: the keyword pass can find them (their longest ASCII stretch). */
export const LATIN_CREDENTIAL_WORDS: readonly string[] = LABEL_WORDS.filter((word) => /^[a-z\u00c0-\u00ff '-]+$/.test(word));

/**
 * True when a label (the text before a label line's colon) names a credential in another language:
 * it ends with the word for password, after at most two more words (`Новый пароль`).
 *
 * @example
 * isCredentialLabel('Пароль') // true
 * isCredentialLabel('Ошибка') // false
 */
export function isCredentialLabel(label: string): boolean {
  const trimmed = label.trim();
  return trimmed.split(/\s+/).length <= 4 && LABEL_ENDING.test(trimmed.toLocaleLowerCase());
}


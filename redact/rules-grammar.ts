// The second detector's rule table: credential grammar. Where the first table knows credentials by
// their shape (a vendor's prefix, a checksum), these know them by where they are written: the value
// of a name that holds a credential, of a command-line flag, of a URL's user info, of a header, of
// a label line. The value may look like anything; only the place decides.
import { isCredentialName } from './credential-names.ts';
import { isCredentialValue, startsConfigLine } from './credential-values.ts';
import { isTemplateOnly } from './placeholders.ts';
import { looksLikeSecretValue, TYPE_NAME } from './rule-checks.ts';
import { fill, j, type MatchContext, type Rule } from './rule.ts';

/** Words every credential name holds one of: the rules wake only on lines with one (the keyword pass). */
const CREDENTIAL_WORDS = ['password', 'passwd', 'passphrase', 'passcode', 'pass=', 'pass:', 'pass"', "pass'", 'pass ', '_pass', '-pass', 'pass_',
  'pwd', 'secret', 'token', 'apikey', 'api_key', 'api-key', 'credential', 'creds', 'auth', 'private_key', 'privatekey', 'private-key',
  'access_key', 'accesskey', 'access-key', '_pw', '-pw', 'pw=', 'pw:', 'pw"', "pw'", '_key', '-key', 'key"', 'key:', 'key=', 'dsn',
  'pin=', 'pin:', '_pat=', '_pat:', '_pat"', 'access_id', 'accessid', 'bearer', 'mfa', 'otp', 'storepass', 'keypass'];

/** A quoted value (any characters, escapes kept) or an unquoted one (up to a space or a delimiter). */
const VALUE = String.raw`(?:(?<quote>["'\x60])(?<value>(?:(?!\k<quote>)[^\\\n]|\\.){1,400})\k<quote>|(?<value>\$\{[^}\s]{1,100}\}|\{\{[^}\n]{1,100}\}\}|\{[^{}\s]{1,100}\}|[^\s"'\x60<>,;)}\]\\]{1,400}))`;

/** Hosts of public model providers and local machines: their URLs name no private service. */
const PUBLIC_SERVICE_HOST = /^(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|host\.docker\.internal|(?:[\w-]+\.)*(?:openai\.com|anthropic\.com|openrouter\.ai|googleapis\.com|mistral\.ai|groq\.com|together\.xyz|together\.ai|deepseek\.com|fireworks\.ai|x\.ai|cohere\.(?:ai|com)|perplexity\.ai|huggingface\.co|azure\.com|amazonaws\.com|github\.com|githubusercontent\.com|example\.(?:com|org|net)))$/i;

/** True when `url` points at a host that is neither a public provider nor this machine. */
function isPrivateServiceUrl(url: string): boolean {
  const host = /^https?:\/\/(?:[^@/\s]*@)?(\[[^\]]+\]|[^:/\s?#]+)/i.exec(url)?.[1] ?? '';
  return host.length > 0 && !PUBLIC_SERVICE_HOST.test(host) && !/^\$|^\{|^<|^%/.test(host);
}

/** The value after a short flag: bare (`-pX`, `-p X`), or in single or double quotes (`-p'X'`, `-p "X"`). */
const FLAG_VALUE = String.raw`(?:'(?<value>[^'\n]{1,200})'|"(?<value>[^"\n]{1,200})"|(?<value>[^\s"'\-][^\s"']{0,200}))`;

/** The named groups of a grammar match. */
const groupsOf = (context: MatchContext) => context.match.groups ?? {};

/** The value of a name that holds a credential, judged as a literal when quoted or on a configuration line of its own. */
function acceptNamed(value: string, context: MatchContext): boolean {
  const groups = groupsOf(context);
  const name = groups['name'];
  // `pass` alone names a password only beside a quoted value (`auth: { user: 'x', pass: 'v' }`).
  const passAlone = name !== undefined && /^pass$/i.test(name) && groups['quote'] !== undefined;
  if (name === undefined || (!isCredentialName(name) && !passAlone)) return false;
  // A URL (a DSN, a connection string) holds its secret in its user info: url-credentials judges that.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return false;
  const nameAt = context.match.index + (context.match[0].indexOf(name));
  const op = groups['op'] ?? '=';
  // A line of its own (.env, YAML), or `NAME=value` with nothing around the `=` (a shell word, a
  // query string, an echoed line): there a bare word is a literal. In code (`x = y`) it is a variable.
  const tight = op === '=' && !/\s/.test(context.text[nameAt + name.length + (groups['nq']?.length ?? 0)] ?? ' ');
  const configLine = (startsConfigLine(context.text, nameAt) && (op === '=' || op === ':' || op === ' ')) || tight;
  // Backticks around words are a command (`$(…)` of old) or a code span in prose, not a literal.
  if (groups['quote'] === '`' && /\s/.test(value)) return false;
  return isCredentialValue(value, { quoted: groups['quote'] !== undefined, configLine });
}

export const GRAMMAR_RULES: readonly Rule[] = [
  {
    id: 'url-credentials', description: 'user:password inside a URL or connection string',
    keywords: ['://'], neverPlaceholder: true,
    // The user may be empty (`redis://:pw@host`). Only a template or a mask stands in for a URL's password.
    // The password may hold `#`, `/`, `?` unescaped (an invalid URL, and a common one): it runs to the `@` before the host.
    pattern: /[a-z][a-z0-9+.-]*:\/\/([^\s:/?#@"'<>[\]\\]*:[^\s@"'<>\\]{1,200}?)@(?=[A-Za-z0-9[])/gi,
    accept: (value, { match }) => {
      const user = value.slice(0, value.indexOf(':'));
      const password = value.slice(value.indexOf(':') + 1);
      const scheme = match[0].slice(0, match[0].indexOf(':'));
      // A default account written out (`postgres:postgres@`, `mongodb://mongodb:mongodb@`) is documentation.
      return !isTemplateOnly(password) && !/^(?:password|passwd|pass|pwd|secret|changeme)$/i.test(password)
        && password !== user && password.toLowerCase() !== scheme.toLowerCase();
    },
    truePositives: [j('postgres://app:', 'Pa55w0rd', '@db:5432/x'), j('https://bot:', fill(20), '@github.com/o/r.git'), j('redis://:', 'p', 'w-8kq2', '@cache:6379')],
    falsePositives: ['https://example.org/a@b', 'postgres://app:${DB_PASSWORD}@db/x', 'https://user@host/path', 'https://{USER}:{PASS}@host/',
      'postgres://$(PGUSER):$(PGPASSWORD)@db/x', 'mysql://root:REPLACE_WITH_PASSWORD@db/x', 'https://user:password@host/'],
  },
  {
    id: 'connection-password', description: 'Password= in an ADO.NET, JDBC or ODBC connection string',
    keywords: ['password=', 'pwd='], keywordsIgnoreCase: true,
    pattern: /(?:^|[;\s"'?&])(?:password|pwd)\s*=\s*([^;"'\s&]{4,})/gi,
    accept: (value) => !/^[./]/.test(value) && /\d|[!@#$%^&*+=~]/.test(value) && isCredentialValue(value, { quoted: false, configLine: false }),
    truePositives: [j('Server=db;User Id=sa;Pass', 'word=hunt3r;'), 'jdbc:mysql://db/x?user=app&password=s3cret!'],
    falsePositives: ['Password=<password>;', 'pwd=/repo/src', 'pwd = m.group(1)'],
  },
  {
    id: 'auth-header', description: 'Authorization, Cookie or API-key header value',
    keywords: ['authorization', 'cookie', 'x-api-key', 'x-auth-token', 'x-vault-token', 'private-token', 'x-goog-api-key', 'api-key:'],
    keywordsIgnoreCase: true,
    pattern:
      /(?:(?:proxy-)?authorization|x-api-key|x-auth-token|x-vault-token|private-token|x-goog-api-key|api-key)["']?\s*[:=]\s*["']?(?:(?:bearer|basic|token|digest|bot)\s+)?([^\s"'<>,\\]{6,})|(?:set-)?cookie["']?\s*:\s*["']?([^\r\n"'<>]{6,})/gi,
    // `Bearer <token>`: the regex falls back to reading the scheme word as the value.
    accept: (value) => !TYPE_NAME.test(value.replace(/\W+$/, '')) && !/^(?:bearer|basic|token|digest|bot|negotiate)$/i.test(value),
    truePositives: [j('Authorization: Bearer ', fill(30)), j('Cookie: session=', fill(24), '; theme=dark'), j('-H "X-Api-Key: ', fill(32), '"')],
    falsePositives: ['authorization: none', 'cookie: string;', 'Authorization: Bearer ${TOKEN}'],
  },
  {
    id: 'seed-phrase', description: 'wallet seed or recovery phrase next to its name (12 to 24 words)',
    keywords: ['mnemonic', 'seed phrase', 'seed_phrase', 'seed-phrase', 'recovery phrase', 'recovery_phrase', 'secret phrase', 'seed words'],
    keywordsIgnoreCase: true,
    pattern: /(?:mnemonic|seed[ _-]?(?:phrase|words)|recovery[ _-]?phrase|secret[ _-]?phrase)["']?\s*[:=]?\s*["']?((?:[a-z]{3,8}[ ,]+){11,23}[a-z]{3,8})/gi,
    truePositives: ['MNEMONIC="abandon ability able about above absent absorb abstract absurd abuse access accident"'],
    falsePositives: ['the mnemonic is stored in the vault'],
  },
  {
    id: 'credential-label', description: 'a label line of a credential dump or a note (Password: two words), its value to the end of the line',
    keywords: ['pass', 'pwd', 'secret', 'token', 'api key', 'apikey', 'api_key', 'pin'], keywordsIgnoreCase: true, neverPlaceholder: true,
    pattern: /^[ \t]*(?:[-*>#|]+[ \t]*)?(?:\*\*)?(?<name>(?:[A-Za-z][\w-]*[ \t])?(?:password|passwd|pass|pwd|passphrase|passcode|secret|token|api[ _-]?key|pin))(?:\*\*)?[ \t]*(?:\([^)\n]{0,40}\))?[ \t]*(?::|=(?!=))[ \t]*(?:\*\*)?(?<value>[^\s*`=:&"'][^\n]{0,200}?)(?:\*\*)?[ \t]*\|?[ \t]*$/gi,
    // A quoted value is the assignment rule's; a value in prose (three words and more) or a type annotation is no password.
    accept: (value, context) => (isCredentialName(groupsOf(context)['name'] ?? '') || /^pass$/i.test(groupsOf(context)['name'] ?? '')) && !/^["'\x60]/.test(value)
      && !/^[\w$.]+(?:\.|\[|\()/.test(value)
      && !TYPE_NAME.test(value.split(/[\s|[,=]/)[0] ?? '') && !/^(?:str|int|bool|bytes|Optional|SecretStr)\b/.test(value)
      && isCredentialValue(value, { quoted: false, configLine: true }) && !/^(?:[a-z]+\s){3,}/i.test(value),
    truePositives: ['Username: admin\nPassword: sunshine', j('- **Password**: ', 'Winter2026 autumn'), 'pass: pl41nt3xt'],
    falsePositives: ['Password: required', 'Password: see the vault entry for this host', 'Token: none'],
  },
  {
    id: 'credential-assignment',
    description: 'the value assigned to a credential name, in any language or config format (= := ::= ?= => : and typed declarations)',
    keywords: CREDENTIAL_WORDS, keywordsIgnoreCase: true, neverPlaceholder: true, anchor: 'name',
    pattern: new RegExp(String.raw`(?<![\w.$@-])(?<nq>["'\x60]?)(?<name>[A-Za-z_$@][\w.$@-]{0,80})\k<nq>` +
      String.raw`(?:\s*:\s*[A-Za-z_][\w.<>\[\]|]{0,40}(?=\s*=)|[ \t]+(?:string|\[\]byte)(?=[ \t]*=))?` +
      String.raw`[ \t]*(?<op>:{1,3}=|\?=|\+=|\.=|=>|[!=]==?|=|:|->)[ \t]*` + VALUE, 'gi'),
    accept: acceptNamed,
    truePositives: [
      j('DB_PASS', 'WORD=hunter2'), j('password := "', 'correct horse', '"'), j('export PGPASS', 'WORD=s3cr3t-', 'db'), j('API_TOKEN ?= ', fill(20)),
      j("'password' => '", 'Winter2026', "'"), j('var apiToken string = "', fill(24), '"'), j('"client_secret": "', fill(24), '"'),
      j('discord_client_secret: ', '8', '1234567890123456'), j('cloudant_pw: "', 'pl41n', '"'), j('API_PASS', 'WORD=sunsh1ne'),
    ],
    falsePositives: ['password = config.password', 'token = getToken()', 'PASSWORD_MIN_LENGTH=12345678', 'password: string',
      'max_tokens: 4096', 'password_file: /run/secrets/db', 'auth: true', 'credentialsId: ${CRED}', 'password = user_password',
      'tokens_in: 1234567890', 'secret_length = X25519.secret_length'],
  },
  {
    id: 'credential-argument', description: 'a credential passed as the value beside its name in a call: setProperty("X_TOKEN", "v"), getenv("API_KEY", "v")',
    keywords: CREDENTIAL_WORDS, keywordsIgnoreCase: true, neverPlaceholder: true, near: { before: 120, after: 640 },
    pattern: new RegExp(String.raw`\(\s*(?<nq>["'])(?<name>[\w.:-]{1,80})\k<nq>\s*,\s*` + VALUE.replace('{1,400}', '{1,400}'), 'gi'),
    accept: (value, context) => isCredentialName(groupsOf(context)['name'] ?? '') && isCredentialValue(value, { quoted: groupsOf(context)['quote'] !== undefined, configLine: false }),
    truePositives: [j('System.setProperty("DB_TOKEN", "', fill(16), '")'), j('os.getenv("api_key", "', 'k3y-', fill(12), '")')],
    falsePositives: ['os.getenv("API_KEY", None)', 'setProperty("token_count", "3")'],
  },
  {
    id: 'credential-element', description: 'the text of an XML element named for a credential (<password>v</password>), also on a line of its own',
    keywords: CREDENTIAL_WORDS, keywordsIgnoreCase: true, neverPlaceholder: true, near: { before: 120, after: 1200 }, lines: 2,
    pattern: /<(?<name>[\w:.-]{1,80})(?:\s[^<>]{0,200})?>\s*(?<value>[^<>\s](?:[^<>\n]{0,400}?[^<>\s])?)\s*<\/\k<name>>/gi,
    accept: (value, context) => isCredentialName(groupsOf(context)['name'] ?? '') && isCredentialValue(value, { quoted: true, configLine: false }),
    truePositives: [j('<password>', 'Winter2026!', '</password>'), j('<apiToken>\n  ', fill(20), '\n</apiToken>')],
    falsePositives: ['<password></password>', '<token>${TOKEN}</token>'],
  },
  {
    id: 'credential-attribute-pair', description: 'key="Password" value="v" and name="db.password" value="v" (NuGet ClearTextPassword, .NET config, HTML forms)',
    keywords: ['value='], keywordsIgnoreCase: true, neverPlaceholder: true,
    pattern: /(?:key|name|id)\s*=\s*(?<nq>["'])(?<name>[^"'\n]{1,80})\k<nq>\s+(?:[\w-]+\s*=\s*["'][^"'\n]*["']\s+)*value\s*=\s*(?<quote>["'])(?<value>[^"'\n]{1,400})\k<quote>/gi,
    accept: (value, context) => isCredentialName(groupsOf(context)['name'] ?? '') && isCredentialValue(value, { quoted: true, configLine: false }),
    truePositives: [j('<add key="ClearTextPassword" value="', 'hunter2x', '" />'), j('<input name="password" value="', 'pl41n-text', '">')],
    falsePositives: ['<add key="Username" value="bob" />', '<input name="password" value="">'],
  },
  {
    id: 'credential-flag', description: 'the value of a command-line flag named for a credential (--password X, --api-key=X, -storepass X)',
    keywords: CREDENTIAL_WORDS, keywordsIgnoreCase: true, neverPlaceholder: true, anchor: 'name',
    pattern: new RegExp(String.raw`(?<![\w-])(?<name>--?[A-Za-z][\w-]{0,60})(?:=|[ \t]+)(?!-)` + VALUE, 'g'),
    accept: (value, context) => isCredentialName(groupsOf(context)['name'] ?? '')
      && isCredentialValue(value, { quoted: groupsOf(context)['quote'] !== undefined, configLine: true }),
    truePositives: [j('mysql --password ', 'hunter2'), j('--api-key=', fill(20)), j('keytool -storepass ', 'ch4ng3d1t'), j('wget --http-password="', 'a b c', '"')],
    falsePositives: ['--password-file /run/secrets/x', '--token $GITHUB_TOKEN', 'docker login --password-stdin', '--max-tokens 4096'],
  },
  {
    id: 'credential-command', description: 'a password a command takes by position or short flag: curl -u user:pass, mysql -pX, sshpass -p X, docker login -p X, redis-cli -a X, htpasswd -b, smbclient -U u%p, openssl pass:X, aws configure set',
    keywords: ['curl', 'wget', '-u ', '--user', 'mysql', 'mariadb', 'sshpass', 'login', 'redis-cli', 'htpasswd', 'smbclient', 'pass:', 'configure set', 'ldap', '/user:',
      'mongo', 'sqlcmd', 'bcp ', 'osql', 'zip ', '7z ', '7za ', 'sudo -S'],
    keywordsIgnoreCase: true, neverPlaceholder: true,
    pattern: new RegExp([
      String.raw`(?<![\w-])(?:-u|--user|--proxy-user)(?:[ \t]+|=)?(?:(?<quote>["'])(?<value>[^"'\n:\s]*:[^"'\n]+)\k<quote>|(?<value>[^\s:"'\\]*:[^\s"'\\]+))`,
      String.raw`\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlsh|mariadb(?:-dump)?)\b[^\n|;&]*?[ \t]-p` + FLAG_VALUE,
      String.raw`\bsshpass\b[^\n|;&]*?[ \t]-p[ \t]*` + FLAG_VALUE,
      String.raw`\b(?:docker|podman|nerdctl|buildah|skopeo|helm|oras|crane)(?:[ \t]+registry)?[ \t]+login\b[^\n|;&]*?[ \t]-p[ \t]*` + FLAG_VALUE,
      String.raw`\bredis-cli\b[^\n|;&]*?[ \t](?:-a|--pass)[ \t]+` + FLAG_VALUE,
      String.raw`\b(?:mongosh|mongo|mongodump|mongorestore|mongoexport|mongoimport)\b[^\n|;&]*?[ \t]-p[ \t]*` + FLAG_VALUE,
      String.raw`\b(?:sqlcmd|bcp|osql)\b[^\n|;&]*?[ \t]-P[ \t]*` + FLAG_VALUE,
      String.raw`\bzip\b[^\n|;&]*?[ \t](?:-P|--password)[ \t]+` + FLAG_VALUE,
      String.raw`\b7za?\b[^\n|;&]*?[ \t]-p` + FLAG_VALUE,
      String.raw`\becho[ \t]+` + FLAG_VALUE + String.raw`[ \t]*\|[ \t]*sudo[ \t]+-S\b`,
      String.raw`\bhtpasswd[ \t]+-[a-zA-Z]*b[a-zA-Z]*[ \t]+\S+[ \t]+\S+[ \t]+(?<value>[^\s"']{1,200})`,
      String.raw`\bsmbclient\b[^\n|;&]*?[ \t]-U[ \t]*(?<value>[^\s%"']+%[^\s"']+)`,
      String.raw`(?:-passin|-passout|-pass|-password|-passphrase)[ \t]+pass:(?<value>[^\s"']{1,200})`,
      String.raw`\bconfigure[ \t]+set[ \t]+(?<name>[\w.-]+)[ \t]+(?<value>[^\s"']{1,200})`,
      String.raw`\bldap\w*\b[^\n|;&]*?[ \t]-w[ \t]+` + FLAG_VALUE,
      String.raw`\/user:\S+[ \t]+(?<value>[^\s/"'][^\s"']{0,200})`,
      // A command as an argument list (a tool call's JSON): ["mysql", "-uroot", "-pX"].
      String.raw`\[[ \t]*"(?:mysql|mysqldump|mysqladmin|mariadb|sshpass|redis-cli|mongosh)"[^\]\n]*?"-[pPa](?<value>[^"\n]{1,200})"`,
    ].join('|'), 'gi'),
    accept: (value, context) => {
      const name = groupsOf(context)['name'];
      if (name !== undefined && !isCredentialName(name)) return false;
      const password = value.includes(':') && /^(?:-u|--user|--proxy-user)/i.test(context.match[0]) ? value.slice(value.indexOf(':') + 1) : value;
      return !isTemplateOnly(password) && isCredentialValue(password, { quoted: false, configLine: true });
    },
    truePositives: [j('curl -u admin:', 'hunter2 https://x'), j('mysql -u root -p', 'S3cret!'), j('sshpass -p ', 'pl41n ssh host'), j('docker login -u me -p ', 'dckr-pw1'),
      j('redis-cli -a ', 'r3dis-pass'), j('aws configure set aws_secret_access_key ', fill(40))],
    falsePositives: ['curl -u "$USER:$PASS" https://x', 'mysql -p', 'mysql -u root -p -h db', 'aws configure set region us-east-1'],
  },
  {
    id: 'credential-prose', description: 'a password named in a sentence: the password is "v", set the password to v, password was v',
    keywords: ['password', 'passphrase', 'passcode', 'pin ', 'secret', 'token'], keywordsIgnoreCase: true, neverPlaceholder: true,
    pattern: /\b(?<name>password|passphrase|passcode|pin|secret|token)\s+(?:is|was|to|of|as|becomes|remains|(?:set|changed|reset)\s+to)\s*:?\s+(?:(?<quote>["'\x60])(?<value>[^"'\x60\n]{4,100})\k<quote>|(?<value>[^\s"'\x60<>(),;]{6,100}))/gi,
    accept: (value, context) => {
      const quoted = groupsOf(context)['quote'] !== undefined;
      const bare = value.replace(/[.!?]+$/, '');
      return (quoted || looksLikeSecretValue(bare) || /^\d{4,}$/.test(bare)) && isCredentialValue(bare, { quoted, configLine: false });
    },
    truePositives: [j('set password to "', 'benchmark', 'pass"'), j('the password is ', 'hunter2x'), j('Your PIN is ', '483920')],
    falsePositives: ['the password is stored in the vault', 'password to "password"', 'the token is expired', 'the password is ${PASS}'],
  },
  {
    id: 'credential-prompt', description: 'what was typed at a Password: prompt of a terminal transcript, on the line after it',
    keywords: ['password:', 'passphrase:', 'passcode:', 'pin:', 'password for'], keywordsIgnoreCase: true, neverPlaceholder: true, lines: 1,
    pattern: /(?:^|[\s>])(?:[\w.@-]+'s\s+)?(?:password|passphrase|passcode|pin)(?:\s+for\s+\S+)?[ \t]*:[ \t]*\r?\n[ \t]*(?<value>[^\s]{4,200})[ \t]*\r?$/gim,
    accept: (value) => isCredentialValue(value, { quoted: false, configLine: true }) && !/^(?:login|last|sorry|authentication|permission|access)\b/i.test(value),
    truePositives: [j('Password: \n', 'flag{d31675}', '\n')],
    falsePositives: ['Password: \nLogin incorrect', '[sudo] password for me: \nSorry, try again.'],
  },
  {
    id: 'service-url', description: "the URL of a private model or proxy endpoint (base_url, api_base, *_BASE_URL, endpoint) whose host is not a public provider's",
    keywords: ['base_url', 'baseurl', 'base-url', 'api_base', 'apibase', 'api-base', 'base_uri', 'endpoint', '_host'], keywordsIgnoreCase: true, neverPlaceholder: true, anchor: 'name',
    pattern: new RegExp(String.raw`(?<![\w.$@-])(?<nq>["'\x60]?)(?<name>[A-Za-z_$@][\w.$@-]{0,80})\k<nq>[ \t]*(?<op>:=|=>|=|:)[ \t]*(?<quote>["'\x60]?)(?<value>https?:\/\/[^\s"'\x60<>]{4,300})`, 'gi'),
    accept: (value, context) => /(?:base_?ur[li]|api_?base|endpoint|_host)$/i.test(groupsOf(context)['name'] ?? '') && isPrivateServiceUrl(value),
    truePositives: [j('OPENAI_BASE_URL=http://', 'gpu-box-7', ':8000/v1'), j('"api_base": "https://llm.', 'corp-', 'intra.net/v1"'), j('base_url="http://', '10.2.3.4', ':4000"')],
    falsePositives: ['base_url="https://api.openai.com/v1"', 'OPENAI_BASE_URL=http://localhost:8000/v1', 'api_base: https://openrouter.ai/api/v1', 'endpoint = "https://example.com/x"'],
  },
  {
    id: 'credential-argument-list', description: 'a credential flag and its value as items of an argument list: ["--password", "v"]',
    keywords: ['pass', 'pwd', 'secret', 'token', 'api-key', 'api_key', 'apikey'], keywordsIgnoreCase: true, neverPlaceholder: true,
    pattern: /"(?<name>--?[A-Za-z][\w-]{0,60})"[ \t]*,[ \t]*"(?<value>[^"\n]{1,400})"/g,
    accept: (value, context) => isCredentialName(groupsOf(context)['name'] ?? '') && isCredentialValue(value, { quoted: true, configLine: false }),
    truePositives: [j('{"argv":["mysqldump","--password","', 'hunter2x', '","ledger"]}')],
    falsePositives: ['["--password-file", "/run/secrets/db"]', '["--token", "$GITHUB_TOKEN"]'],
  },
  {
    id: 'credential-sql', description: "a password set in SQL: IDENTIFIED BY 'v', WITH PASSWORD 'v', PASSWORD('v'), PASSWORD = 'v'",
    keywords: ['identified by', 'password', 'passwd'], keywordsIgnoreCase: true, neverPlaceholder: true,
    pattern: /\b(?:identified[ \t]+(?:with[ \t]+\w+[ \t]+)?by(?:[ \t]+password)?|(?:with|set)[ \t]+(?:encrypted[ \t]+|unencrypted[ \t]+)?password(?:[ \t]*=)?|password[ \t]*\(|login[ \t]+password[ \t]*=)[ \t]*(?:'(?<value>(?:[^'\n]|'')+)'|"(?<value>[^"\n]+)"|N'(?<value>[^'\n]+)')/gi,
    accept: (value) => isCredentialValue(value, { quoted: true, configLine: false }),
    truePositives: [j("CREATE USER 'app'@'%' IDENTIFIED BY '", 'Winter2026', "';"), j("ALTER USER app WITH PASSWORD '", 's3cret-pw', "';"), j("SET PASSWORD = PASSWORD('", 'pl41n-pw', "');")],
    falsePositives: ["ALTER USER app WITH PASSWORD ''", "IDENTIFIED BY '${DB_PASSWORD}'"],
  },
  {
    id: 'credential-name-value', description: 'a name and value pair whose name is a credential: Kubernetes env (- name: DB_PASSWORD / value: v), {"name": "X_TOKEN", "value": "v"}',
    keywords: ['name:', '"name"', "'name'"], keywordsIgnoreCase: true, neverPlaceholder: true, lines: 2,
    pattern: /(?:"name"|'name'|\bname)[ \t]*:[ \t]*(?<nq>["']?)(?<name>[\w.-]{1,80})\k<nq>[ \t]*,?[ \t]*(?:\r?\n[ \t-]*)?(?:"value"|'value'|\bvalue)[ \t]*:[ \t]*(?:"(?<value>[^"\n]{1,400})"|'(?<value>[^'\n]{1,400})'|(?<value>[^\s,}"']{1,400}))/g,
    accept: (value, context) => isCredentialName(groupsOf(context)['name'] ?? '') && isCredentialValue(value, { quoted: true, configLine: false }),
    truePositives: [j('env:\n  - name: DB_PASSWORD\n    value: ', 'Xq8x2pl41n', '\n'), j('{"name":"POSTGRES_PASSWORD","value":"', 'pgpw-2026', '"}')],
    falsePositives: ['- name: DB_PASSWORD\n  valueFrom:\n    secretKeyRef: {}', '{"name": "LOG_LEVEL", "value": "debug"}'],
  },
  {
    id: 'credential-default', description: "a credential's default value in a template or a variable: {{ db_password | default('v') }}, variable \"db_password\" { default = \"v\" }",
    keywords: ['default(', 'variable "', 'default:'], keywordsIgnoreCase: true, neverPlaceholder: true, lines: 4,
    pattern: /(?<name>[\w.]{2,80})[ \t]*\|[ \t]*default\([ \t]*(?:'(?<value>[^'\n]{1,200})'|"(?<value>[^"\n]{1,200})")|variable[ \t]+"(?<name>[\w.-]{1,80})"[ \t]*\{[^}]{0,400}?\bdefault[ \t]*=[ \t]*"(?<value>[^"\n]{1,200})"/g,
    accept: (value, context) => isCredentialName(groupsOf(context)['name'] ?? '') && isCredentialValue(value, { quoted: true, configLine: false }),
    truePositives: [j("password: \"{{ db_password | default('", 'Xq8x2pl41n', "') }}\""), j('variable "db_password" {\n  type = string\n  default = "', 'tf-pw-2026', '"\n}')],
    falsePositives: ['{{ region | default("us-east-1") }}', 'variable "db_password" {\n  sensitive = true\n}'],
  },
  {
    id: 'credential-after-name', description: 'a secret-looking value after a credential word and a space (.netrc `password x`, `token x`)',
    keywords: ['password', 'passwd', 'pwd', 'secret', 'token', 'apikey', 'api_key'], keywordsIgnoreCase: true,
    pattern: /(?<![\w-])(?<name>password|passwd|pwd|secret|token|apikey|api_key)[ \t]+(?<value>[^\s"'<>=:\\]{4,200})(?=[\s"'<>,;)\\]|$)/gi,
    accept: (value, { text, match }) => {
      if (TYPE_NAME.test(value) || /^(?:is|was|for|of|and|or|to|in|the|with|from|file|field|reset|expired|required)$/i.test(value)) return false;
      // A .netrc: `machine h login u password p` on one line, or `password p` as a line of its own.
      const lineOfItsOwn = /^[ \t]*$/.test(text.slice(0, match.index)) && /^[ \t]*$/.test(text.slice(match.index + match[0].length));
      return looksLikeSecretValue(value) || /\b(?:machine|login|default)\b/.test(text.slice(0, match.index))
        || (lineOfItsOwn && isCredentialValue(value, { quoted: false, configLine: true }));
    },
    truePositives: [j('machine example.net login me password ', 'sunshine'), j('token ', fill(24))],
    falsePositives: ['the password is stored in the vault', 'password reset link', 'token expired', 'amount of the token transferred\\n\\n## x'],
  },
];

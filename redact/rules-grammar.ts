// The second detector's rule table: credential grammar. Where the first table knows credentials by
// their shape (a vendor's prefix, a checksum), these know them by where they are written: the value
// of a name that holds a credential, of a command-line flag, of a URL's user info, of a header, of
// a label line. The value may look like anything; only the place decides.
import { isCredentialLabel, isCredentialName, LATIN_CREDENTIAL_WORDS, nameWords, namesNumericSecret, namesServiceAlone, namesServiceKey, namesWordList, SERVICE_NAMES } from './credential-names.ts';
import { isChosenPhrase, isChosenWord, isCredentialValue, isPassphrase, looksDrawn, looksDrawnInAnyScript, NOTE_WORD, PAGE_QUOTE, startsConfigLine, STOP_WORDS } from './credential-values.ts';
import { isPlaceholder, isTemplateOnly } from './placeholders.ts';
import { BREAKING_TAG } from '../contract/breaking-tags.ts';
import { credentialPhrase, passwordWordBefore, WORDS_BETWEEN } from './credential-phrases.ts';
import { pageTextValue } from './page-values.ts';
import { FOLDED_CHAR } from './text-bytes.ts';
import { acceptKubernetesData } from './kubernetes-data.ts';
import { looksLikeSecretValue, TYPE_NAME } from './rule-checks.ts';
import { fill, groupsOf, j, type MatchContext, type Rule } from './rule.ts';

/** Words every credential name holds one of: the rules wake only on lines with one (the keyword pass). */
const CREDENTIAL_WORDS = ['password', 'passwd', 'passphrase', 'passcode', 'pass=', 'pass:', 'pass"', "pass'", 'pass ', '_pass', '-pass', 'pass_',
  'pwd', 'secret', 'token', 'apikey', 'api_key', 'api-key', 'credential', 'creds', 'auth', 'private_key', 'privatekey', 'private-key',
  'access_key', 'accesskey', 'access-key', '_pw', '-pw', 'pw=', 'pw:', 'pw"', "pw'", '_key', '-key', 'key"', 'key:', 'key=', 'key =', 'dsn',
  'pin=', 'pin:', '"pin"', "'pin'", 'pin_c', 'pin_n', '_pin', '_pat=', '_pat:', '_pat"', 'access_id', 'accessid', 'bearer', 'mfa', 'otp', 'storepass', 'keypass', 'appid=', 'jwt=',
  'requirepass', 'masterauth', 'psk'];

/** A quoted value (any characters, escapes kept) or an unquoted one (up to a space or a delimiter). */
const VALUE = String.raw`(?:(?<quote>["'\x60])(?<value>(?:(?!\k<quote>)[^\\\n]|\\.){1,400})\k<quote>|(?<value>\$\{[^}\s]{1,100}\}|\{\{[^}\n]{1,100}\}\}|\{[^{}\s]{1,100}\}|[^\s"'\x60<>,;)}\]\\]{1,400}))`;

/** Hosts of public model providers and local machines: their URLs name no private service. */
const PUBLIC_SERVICE_HOST = /^(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|host\.docker\.internal|(?:[\w-]+\.)*(?:openai\.com|anthropic\.com|openrouter\.ai|googleapis\.com|mistral\.ai|groq\.com|together\.xyz|together\.ai|deepseek\.com|fireworks\.ai|x\.ai|cohere\.(?:ai|com)|perplexity\.ai|huggingface\.co|azure\.com|amazonaws\.com|github\.com|githubusercontent\.com|example\.(?:com|org|net)))$/i;

/**
 * This machine, a container's service name (one label: `db`, `cache`), or a host reserved for
 * documentation and tests (RFC 2606 and 6761): a default password written for one is no one's secret.
 */
function isLocalOrDocumentationHost(host: string): boolean {
  return !host.includes('.') || /^(?:127\.\d+\.\d+\.\d+|0\.0\.0\.0|host\.docker\.internal)$/.test(host)
    || /(?:^|\.)(?:example\.(?:com|org|net)|example|test|invalid|localhost|local)$/i.test(host);
}

/** True when `url` points at a host that is neither a public provider nor this machine. */
function isPrivateServiceUrl(url: string): boolean {
  const host = /^https?:\/\/(?:[^@/\s]*@)?(\[[^\]]+\]|[^:/\s?#]+)/i.exec(url)?.[1] ?? '';
  return host.length > 0 && !PUBLIC_SERVICE_HOST.test(host) && !/^\$|^\{|^<|^%/.test(host);
}

/** The value after a short flag: bare (`-pX`, `-p X`), or in single or double quotes (`-p'X'`, `-p "X"`). */
const FLAG_VALUE = String.raw`(?:'(?<value>[^'\n]{1,200})'|"(?<value>[^"\n]{1,200})"|(?<value>[^\s"'\-][^\s"']{0,200}))`;


/**
 * Parameters of a URL's query that carry a credential under a name no assignment uses for one:
 * `&key=` (Google, Render, WeCom), `&appid=` (OpenWeather), `&pass=`, `&jwt=`, `&hapikey=` (HubSpot).
 */
const QUERY_CREDENTIAL = /^(?:key|appid|hapikey|pass|jwt)$/i;

/** A value that reads as a key, not a word or a path: 16 characters or more of a token's alphabet, letters and digits mixed. */
const KEY_SHAPED = /^(?=[^/]*\d)(?=[^/]*[A-Za-z])[A-Za-z0-9_\-.~%+=]{16,}$/;

/** A key's value as services issue them: a UUID, 32 hex digits or more, or 24 characters or more of a token's alphabet with four digits among them. */
const RANDOM_KEY = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32,}|(?=(?:[^\d]*\d){4})[A-Za-z0-9_\-+/=]{24,})$/i;

const UUID = /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
/** What no issued key holds (a UUID's groups are judged each alone): a character eight times running (`0000000000…`), a stretch typed three times over (`abcd1234abcd1234abcd1234`). */
const HAND_MADE = /(.)\1{7}|(.{3,8})\2\2/;

/** The value of a name that holds a credential, judged as a literal when quoted or on a configuration line of its own. */
function acceptNamed(value: string, context: MatchContext): boolean {
  const groups = groupsOf(context);
  const name = groups['name'];
  if (name === undefined) return false;
  const nameAt = context.match.index + (context.match[0].indexOf(name));
  const op = groups['op'] ?? '=';
  const inQuery = op === '=' && /[?&;]/.test(context.text[nameAt - 1] ?? '') && QUERY_CREDENTIAL.test(name);
  // `pass` alone names a password only beside a quoted value (`auth: { user: 'x', pass: 'v' }`) or in a query.
  const passAlone = /^pass$/i.test(name) && groups['quote'] !== undefined;
  // `const ledgerKey = "<uuid>"`, `cloudflare: <key>`: a service's key, by a value no lookup key has (a cache key is a word or a path).
  // After an escaped line break (`\nidempotency_key` in a JS string) the name starts past its escape letter.
  const keyName = context.text[nameAt - 1] === '\\' ? name.slice(1) : name;
  const serviceKey = !isCredentialName(name) && (namesServiceKey(keyName) || namesServiceAlone(keyName)) && RANDOM_KEY.test(value) && !HAND_MADE.test(UUID.test(value) ? value.replace(/-/g, '\n') : value)
    && looksLikeSecretValue(value);
  if (!isCredentialName(name) && !passAlone && !inQuery && !serviceKey) return false;
  // A URL (a DSN, a connection string) holds its secret in its user info: url-credentials judges that.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return false;
  // A value that is its own name in capitals (`access_token=ACCESS_TOKEN`) stands for what goes there, as
  // `$ACCESS_TOKEN` would; `ledger-api-token` under LEDGER_API_TOKEN is a value someone chose.
  // In a page its closing quote is an entity (`ACCESS_TOKEN&quot;`), which the value runs into.
  const bare = value.replace(/&(?:quot|apos|#0?39|#x27)$/i, '');
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(bare) && bare === name.toUpperCase().replace(/-/g, '_')) return false;
  if (inQuery && /^(?:key|appid|hapikey)$/i.test(name) && !KEY_SHAPED.test(value)) return false;
  // A line of its own (.env, YAML), or `NAME=value` with nothing around the `=` (a shell word, a
  // query string, an echoed line): there a bare word is a literal. In code (`x = y`) it is a variable.
  // A YAML block scalar (`password: |`) holds a literal whatever its line.
  const tight = op === '=' && !/\s/.test(context.text[nameAt + name.length + (groups['nq']?.length ?? 0)] ?? ' ');
  const configLine = (startsConfigLine(context.text, nameAt) && (op === '=' || op === ':' || op === ' ')) || tight || groups['block'] !== undefined;
  // Backticks around words are a command (`$(…)` of old) or a code span in prose, not a literal.
  if (groups['quote'] === '`' && /\s/.test(value)) return false;
  // `creds: admin / v`: the word before the slash is the user; credential-prose takes the password.
  const end = context.match.index + context.match[0].length;
  if (groups['quote'] === undefined && /^[ \t]+\/[ \t]+\S/.test(context.text.slice(end, end + 4))) return false;
  // In a page an unquoted value ends where a tag or a quote does, escaped (`none&lt;/b&gt;`, `config.yml&quot;}`,
  // read up to the entity's `;`) as in the text (`none</b>`, `config.yml"}`).
  const shown = groups['quote'] === undefined ? value.replace(ESCAPED_END, '') : value;
  const envLine = tight && op === '=' && startsConfigLine(context.text, nameAt);
  return isCredentialValue(shown, { quoted: groups['quote'] !== undefined, configLine, numeric: namesNumericSecret(name), envLine });
}

/** A name compared with a literal, perhaps a member (`this.password`, `cfg->db_pass`, `Config::API_TOKEN`). */
const COMPARED_NAME = String.raw`(?<name>[A-Za-z_$][\w$]*(?:(?:\.|->|::)[A-Za-z_$][\w$]*){0,4})`;
/** Functions that compare two strings (C, PHP, Python, Node, Go, Ruby) and the assertions of tests that do. */
const COMPARE_CALL = String.raw`(?:strn?cmp|strn?casecmp|_?stricmp|wcscmp|compare_digest|timingSafeEqual|hash_equals|secure_compare|ConstantTimeCompare|` +
  String.raw`assert(?:Equals?|Same|_eq|_equal|Equal)|assert_eq!|assert_ne!)`;

/**
 * `operand` perhaps inside a conversion to bytes or a string, or encoded after: Go's `[]byte(token)`,
 * Node's `Buffer.from("v")`, Python's `b"v"` and `token.encode()`, Java's `pw.getBytes()`.
 */
const CONVERTED = (operand: string) => String.raw`(?:(?:\[\]byte|bytes|str|string|String|Buffer\.from|[A-Za-z_][\w.]{0,30}\.encode)\([ \t]*|b(?=["']))?` +
  operand + String.raw`(?:\.(?:encode|getBytes|as_bytes|to_bytes)\([^()\n]{0,20}\))?[ \t]*\)?`;
/** A shell case on a variable, to its first arm's line: `case "$PASSWORD" in\n  (`. */
const CASE_HEAD = String.raw`\bcase[ \t]+"?\$\{?(?<name>[A-Za-z_]\w{0,80})\}?"?[ \t]+in[ \t]*\r?\n[ \t]*\(?[ \t]*`;
/** A case pattern's bare word: no glob, quote, variable or escape (`*`, `"$X"`, `[0-9]*` compare with no literal). */
const CASE_WORD = String.raw`[^\s|()*?"'[\\$]{1,200}`;
/** Any one pattern of an arm, to read past. */
const CASE_PATTERN = String.raw`(?:'[^'\n]{0,200}'|"[^"\n]{0,200}"|[^\s|()'"]{1,200})`;

/** A quoted literal: the credential a call or a pair is given. */
const QUOTED_VALUE = String.raw`(?<quote>["'\x60])(?<value>(?:(?!\k<quote>)[^\\\n]|\\.){1,400})\k<quote>`;
/**
 * A quoted literal that `after` follows, matched from its closing quote: `cue` (the start of `after`,
 * without groups) is checked first, then the literal read backwards by a lookbehind. Searched forwards
 * from every quote, a window of code or prose (apostrophes, JSON's quotes) cost each quote a search
 * to the next one and back. With `doubled`, a doubled quote is one inside the literal (SQL's `'it''s'`).
 */
const literalBefore = (cue: string, after: string, doubled = false) => ['"', "'", '\\x60'].map((quote) =>
  String.raw`${quote}(?=${cue})(?<=${quote}(?<value>(?:[^${quote}\\\n]|\\.${doubled ? `|${quote}${quote}` : ''}){1,400})${quote})${after}`).join('|');
/** Any one argument before it: a literal or an expression without commas (`url`, `$dsn`, `this.user`, `cfg["user"]`). */
const ARGUMENT = String.raw`(?:"[^"\n]{0,200}"|'[^'\n]{0,200}'|[\w.$>\[\]"'-]{1,80})`;

/** A user and a password as a pair (`auth=("user", "v")`, `'auth' => ['user', 'v']`): the password is the second. */
const PAIR_VALUE = String.raw`[(\[][ \t]*${ARGUMENT}[ \t]*,[ \t]*${QUOTED_VALUE}`;

/**
 * The keys under which an object holds the value its parent's key names: a plain `value`, and the type
 * tags of typed JSON (DynamoDB's `S`, Firestore's and protobuf's `stringValue`/`string_value`, Secrets
 * Manager's `SecretString`, a `plaintext`).
 */
const TAGGED_VALUE_KEYS = String.raw`value|s|string_?value|secret_?string|plain_?text`;
/** A key of a name/value pair, quoted or not, and its `:` or `=`: `"Name": `, `key=`, `ParameterValue: `. */
const PAIR_KEY = (words: string) => String.raw`(?<![\w-])["']?(?:${words})["']?[ \t]*[:=][ \t]*`;
/**
 * Between two fields of one object: a comma, a line break, or both; never a YAML list's dash, which
 * opens another object. Never nothing: a bare scalar and the next field's key are runs of one class,
 * and a field list that could split a run between them tried every split (40^4 for `q: bbbb…: bbbb…: `).
 */
const PAIR_GAP = String.raw`[ \t]*(?:,[ \t]*(?:\r?\n[ \t]*)?|\r?\n[ \t]*)`;
/**
 * Another field of the same object between the name and the value: a key and a scalar (`"Type": "SecureString"`,
 * `sensitive: true`) or a short flat list or object (`"targets": []`). A bare scalar ends where its field does
 * (a comma, a line's end, the object's brace): it is read whole or not at all.
 */
const PAIR_FIELD = String.raw`["']?[\w-]{1,40}["']?[ \t]*:[ \t]*(?:"[^"\n]{0,200}"|'[^'\n]{0,200}'|[\w.-]{1,40}(?=[ \t]*(?:,|\r?\n|\}|$))|\[[^[\]\n]{0,200}\]|\{[^{}\n]{0,200}\})`;
/** The value of a name/value pair, quoted, a YAML block scalar's line, or bare (up to a backslash: in an escaped string, `\n` starts the next line). */
const PAIRED_VALUE = String.raw`(?:"(?<value>[^"\n]{1,400})"|'(?<value>[^'\n]{1,400})'|[|>][-+]?[1-9]?[ \t]*\r?\n[ \t]+(?<value>[^\s]{1,400})(?=[ \t]*\r?(?:\n|$))|(?<value>[^\s,}"'\\]{1,400}))`;

/**
 * A heredoc's body as the value (Terraform's `password = <<EOT`, `<<-EOT`, Ruby's `<<~EOS`, PHP's
 * `<<<EOT`): its lines up to the line of its tag, twenty at most.
 */
const HEREDOC_VALUE = String.raw`<<<?[-~]?(?<hq>["']?)(?<tag>[A-Za-z_]\w{0,20})\k<hq>[ \t]*\r?\n[ \t]*` +
  String.raw`(?<value>[^\s][^\n]{0,400}(?:\n(?![ \t]*\k<tag>\b)[^\n]{0,400}){0,20})\r?\n[ \t]*\k<tag>\b`;

/**
 * An unquoted value that brackets do not end: a `)`, `]` or `}` the value goes on past (`Jr5)cobalt(Wen31`,
 * `Hq4(lantern)*Vox82`, `Lo3[heron]-Pim52`), and a last one that closes a bracket of the value's own word (`Tb7(ember)`);
 * `f(password=x)` still ends at its `)`, which closes no `(` after the `=`, and `[]byte(…)` at its
 * `]`, which closes an empty pair (code's, not a password's). Each run is bounded and
 * ends where the next begins, so nothing is tried twice.
 */
const BRACKETED_WORD = String.raw`[^\s"'\x60<>,;)}\]\\]{1,400}(?:(?<![([{])[)\]}]{1,4}[^\s"'\x60<>,;)}\]\\]{1,400}){0,4}` +
  String.raw`(?:[)\]}](?<=[\s=:][^\s=:()[\]{}]{0,100}[([{][^\s=:()[\]{}]{0,100}[)\]}]))?`;

/**
 * A .env line's value: the rest of its line (`DB_PASSWORD=Zf4,kelp,Wun13`), as dotenv and Docker
 * read it, up to a ` #` comment. `NAME=` at the start of a line, with nothing around the `=`. Words
 * apart (`Ek9 tern Qob68`) only where a line next to it is one too (the file's shape): a command's
 * `PGPASSWORD=x psql …` has its value in the first word.
 */
const ENV_LINE_NAME = String.raw`[ \t]{0,20}(?:export[ \t]+)?[A-Za-z_][\w.-]{0,80}=`;
const ENV_LINE_WORD = String.raw`[^\s"'\x60#\\][^\s"'\x60\\]{0,400}`;
const ENV_LINE_VALUE = String.raw`(?<=(?:^|\n)${ENV_LINE_NAME})(?<value>${ENV_LINE_WORD}` +
  String.raw`(?:(?:(?=[^\n]{0,400}\n${ENV_LINE_NAME})|(?<=(?:^|\n)${ENV_LINE_NAME}[^\n]{0,400}\n${ENV_LINE_NAME}[^\n]{0,400}))(?:[ \t]{1,4}${ENV_LINE_WORD}){1,8})?)` +
  String.raw`(?=[ \t]*(?:[ \t]#[^\n]*)?\r?(?:\n|$))`;

/**
 * The value of an assignment where it continues past its line: a YAML block scalar (`password: |`,
 * `>-`) whose lines are indented below the name, a quoted value on the line after `"password":`,
 * and a .properties value continued with a backslash. A diff's `+` or `-` may open each line.
 */
const BLOCK_VALUE = String.raw`(?<block>[|>][-+]?[1-9]?[-+]?)[ \t]*(?:#[^\n]*)?\r?\n(?:[+-]?[ \t]*\r?\n)*[+-]?(?<indent>[ \t]+)` +
  String.raw`(?<value>[^\s#][^\n]{0,400}(?:\n[+-]?\k<indent>[^\s][^\n]{0,400}){0,20})`;
const ASSIGNED_VALUE = String.raw`(?:${BLOCK_VALUE}|${HEREDOC_VALUE}|${PAIR_VALUE}|${ENV_LINE_VALUE}|(?:\r?\n[+-]?[ \t]*(?=["']))?` +
  VALUE.replace(String.raw`[^\s"'\x60<>,;)}\]\\]{1,400}`, String.raw`${BRACKETED_WORD}(?:\\\r?\n[ \t]*[^\s"'\x60<>,;)}\]\\]{1,400}){0,8}`) + ')';

/**
 * Commands that read a password on stdin: what is echoed or fed into them is one (`echo X | sudo -S`,
 * `printf X | docker secret create db -`, `passwd --stdin app <<< X`).
 */
const STDIN_SINK = String.raw`(?:sudo[ \t]+-S|passwd[ \t]+--stdin|(?:docker|podman)[ \t]+secret[ \t]+create|gh[ \t]+secret[ \t]+set|kinit|cryptsetup|vault[ \t]+login|(?:npx[ \t]+)?wrangler[ \t]+secret[ \t]+put|smbpasswd|(?:openssl[ \t]+passwd|mkpasswd)[ \t]+-{1,2}stdin|(?:docker|podman|nerdctl|buildah|skopeo|helm|oras|crane)(?:[ \t]+registry)?[ \t]+login\b[^\n|;&]*--password-stdin)\b`;

/** htpasswd's leading flags (`-b -c`, `-nbB`, `-C 10`): the password is on the command line only with `-b`, after the user (and the file, without `-n`). */
const HTPASSWD_FLAGS = String.raw`(?:[ \t]+-[A-Za-z]+(?:[ \t]+\d+)?)`;

/** The prompts of a protocol transcript: redis-cli's `host:6379>`, curl -v's `>`, swaks's `~>`, a log's `-->` or `C:`. */
const TRANSCRIPT_PROMPT = String.raw`(?:[\w.-]+:\d{2,5}(?:\[\d+\])?>|redis>|-->|->|~>|>|C:)`;

/** SASL mechanisms and replies: what follows AUTH when no password does (`AUTH LOGIN`, `AUTH failed`). */
const SASL_WORDS = /^(?:login|plain|cram-md5|digest-md5|scram-sha-\d+|xoauth2|oauthbearer|external|gssapi|ntlm|anonymous|ok|failed|required)$/i;

/** A label line up to its value, its label in the group `label`: `- **Пароль (БД)**: `. */
const LABEL_LINE = /^[ \t]*(?:[-*>#|]+[ \t]*)?(?:\*\*)?(?<label>[^:=*()]{1,60}?)[ \t]*(?:\([^)\n]{0,40}\)[ \t]*)?(?:\*\*)?[ \t]*(?:\([^)\n]{0,40}\))?[ \t]*[:=][ \t]*(?:\*\*)?$/;

/**
 * The words a label line ends with when it names a credential (`Password:`, `Login secret:`, `Kennwort:`,
 * `Recovery words:`), after at most one more word: one list for a value on the label's line and for one
 * on the line below it (the accept judges the whole name). Other scripts' words are isCredentialLabel's.
 */
const LABEL_NAME = String.raw`(?:[A-Za-z][\w'-]*[ \t])?(?:password|passwd|pass|pwd|passphrase|passcode|secret|token|api[ _-]?key|pin|psk|codes?|key|key[ \t]content|` +
  String.raw`(?:question[ \t])?answer|unseal|mnemonic|words|phrase|combo|combination|maiden[ \t]name|passwort|kennwort|mot[ \t]de[ \t]passe|mdp|clave|senha|wachtwoord|passord|adgangskode|heslo)`;

/** Keywords one of which every LABEL_NAME holds. Words whose every anchor is a common trigram (`salasana`, `parola`) would slow the keyword pass for all text: not here. */
const LABEL_KEYWORDS: readonly string[] = ['pass', 'pwd', 'secret', 'token', 'api key', 'apikey', 'api_key', 'pin', 'kennwort', 'mdp', 'clave', 'senha', 'wachtwoord',
  'adgangskode', 'heslo:', 'psk', 'codes', 'code:', 'code =', 'code=', 'key:', 'key =', 'key=', 'answer:', 'answer :', 'key content', 'unseal', 'mnemonic', 'words:', 'phrase:',
  'combo', 'combination', 'maiden name'];

/**
 * A label's name and its separator: what stands before the value, at its line's start or after the line's
 * first sentence (`Recovery set. Security answer: v`, `The wallet was created. Mnemonic:`).
 */
const LABEL_HEAD = String.raw`^(?:[^\n.!?]{0,120}[.!?][ \t]{1,4})?[ \t]*(?:[-*>#|]+[ \t]*)?(?:\*\*)?(?<name>${LABEL_NAME})(?:\*\*)?` +
  // What the credential is for, named with an article (`Password for the router:`, `PIN of my card:`): other words
  // after `for` are a log's sentence (`Accepted password for deploy from build-7:`).
  String.raw`(?:[ \t]+(?:for|of)[ \t]+(?:the|a|an|my|our|your|this|that)[ \t]+[\w.-]{1,30}(?:[ \t]+[\w.-]{1,30})?)?[ \t]*(?:\([^)\n]{0,40}\))?[ \t]*`;

/** A list of words a wallet or a device shows as its secret (6 to 24 of them): `tallow mirth quarry lumen vesper argent`. */
const WORD_LIST = /^(?:[a-z]{3,8}[ ,]{1,2}){5,23}[a-z]{3,8}$/;

/** Words of a sentence that no wallet's list holds: `Recovery words: write them down and keep them safe` is advice. */
const SENTENCE_WORD = new RegExp(String.raw`(?:^|[ ,])(?:${STOP_WORDS}|them|they|your|you|its?|this|that|these|those|are|be|of|on|with|here|there|shown|printed|listed)(?=$|[ ,])`, 'i');

/**
 * A password as people make one under a label: one token of 8 to 64 characters with letters and digits
 * run together (`winter2025`, `Sommer2024!`), no date in it. Words joined by dashes (`see-runbook`,
 * `min-length-12`, `done-2026-12-01`) are a note, not a password.
 *
 * @example
 * isPasswordShaped('winter2025') // true
 * isPasswordShaped('see-runbook') // false
 */
function isPasswordShaped(value: string): boolean {
  return /^\S{8,64}$/.test(value) && /[A-Za-z][0-9]|[0-9][A-Za-z]/.test(value) && !/\d{4}-\d{2}-\d{2}/.test(value);
}

/**
 * A label naming a secret people choose rather than one a machine draws: a password, a passphrase, a
 * PIN, a Wi-Fi key, or the word for password in another language. Under one, a plain word or a short
 * phrase is the value (`WPA key:` / `correcthorse`, `Passphrase:` / `my cat likes tuna`).
 */
const CHOSEN_SECRET_LABEL = /(?:^|[\s_-])(?:password|passwd|pwd|passphrase|pass[ \t]phrase|passcode|pin|psk|(?:recovery|seed|secret|backup)[ \t]phrase|(?:wpa[23]?|wi-?fi|wlan|network|pre-?shared|security)[ \t_-]?key|(?:secret|security)[ \t](?:question[ \t])?answer|maiden[ \t]name)$/i;
/** A code a keypad or a dial takes: its digits are the value however short (`Door code:` / `73914#`, `Safe combination:` / `32-17-45`). */
const KEYPAD_LABEL = /(?:^|[\s_-])(?:(?:door|gate|garage|alarm|lock|safe|entry|access|keypad|building|locker)[ \t]code|(?:safe|lock)[ \t](?:combo|combination))$/i;
const KEYPAD_CODE = /^[#*]?\d(?:[ -]?\d){3,15}[#*]?$/;
const namesChosenSecret = (name: string) => CHOSEN_SECRET_LABEL.test(name.trim()) || KEYPAD_LABEL.test(name.trim()) || isCredentialLabel(name);

/**
 * A value people choose, as it stands alone on the line under its label: one word that is no state or
 * type word (`correcthorse`, `Tangerine`, `Ромашка`; not `required`, `reset`, `customer_id`), or a
 * passphrase of two to twelve words in any case without a note's words (`violet quarry`, `Purple monkey
 * dishwasher`, `saffron, thistle, cobalt`; not `see the vault entry`, `Login incorrect`, `Access Denied`).
 * A note after it in brackets (`Tangerine (rotate monthly)`) and a full stop are read past.
 *
 * @example
 * isChosenValue('violet quarry') // true
 * isChosenValue('same as the router label') // false
 */
function isChosenValue(value: string): boolean {
  const text = value.trim().replace(/[ \t]*\([^()\n]{1,60}\)$/, '').replace(/[.!?]$/, '');
  // One word, not words joined by hyphens (`see-runbook`, `ver-el-runbook`, `см-хранилище` are notes, as isPasswordShaped reads them).
  if (!/\s/.test(text)) return /^[^\s_.]{4,64}$/.test(text) && !NOTE_WORD.test(text) && !/^\p{L}+(?:-\p{L}+)+$/u.test(text)
    && isCredentialValue(text, { quoted: false, configLine: true });
  return isPassphrase(text);
}

/** True when `value` is a list of words a wallet or a device issued, not a sentence about them. */
const isWordList = (value: string) => WORD_LIST.test(value) && !SENTENCE_WORD.test(value);

/**
 * The value of a label line: neither quoted (the assignment rule's) nor a type annotation, a call or
 * prose (three words and more), and a value by isCredentialValue's measure on a line of its own.
 */
function isLabelValue(value: string, numeric: boolean, words = false, phrase = false): boolean {
  // A wallet's or a device's words are the one value that is words (`Recovery words: tallow mirth …`).
  if (words) return isWordList(value.trim());
  // A passphrase (`my cat likes tuna`) is words too, where the caller read it as one (isChosenValue).
  return !/^["'\x60]/.test(value) && !/^[\w$.]+(?:\.|\[|\()/.test(value)
    && !TYPE_NAME.test(value.split(/[\s|[,=]/)[0] ?? '') && !/^(?:str|int|bool|bytes|Optional|SecretStr)\b/.test(value)
    && isCredentialValue(value, { quoted: false, configLine: true, numeric }) && (phrase || !/^(?:\p{L}+\s){3,}/iu.test(value));
}

/** True when a label line's name names a credential: a credential's name, `pass` alone, or the word for password in another language. */
const namesLabel = (name: string) => isCredentialName(name) || /^pass$/i.test(name) || isCredentialLabel(name);

/** A type after a field's name, as Go and Rust declare one: a pointer, a slice, a map, a package's type (`oauth2.Token`). */
const DECLARED_TYPE = /^(?:[*&]|\[\d*\]|(?:map|chan|func)\b|(?:[a-z][a-z0-9]*\.)[A-Z]\w*$)/;

/**
 * `value` up to the first tag a browser shows as a break (contract/breaking-tags.ts): what follows is
 * another block of the page, however the source lines run.
 *
 * @example
 * beforeBreakingTag('v </pre><details>') // 'v '
 */
function beforeBreakingTag(value: string): string {
  for (let at = value.indexOf('<'); at >= 0; at = value.indexOf('<', at + 1)) if (BREAKING_TAG.test(value.slice(at, at + 16))) return value.slice(0, at);
  return value;
}

/** An escaped tag or quote and what follows it, at a bare value's end: where the value ends in a page. */
const ESCAPED_END = new RegExp(`(?:&lt;|${PAGE_QUOTE})[\\s\\S]*$|&(?:lt|gt|quot|apos|#0*3[49]|#x0*2[27])$`, 'i');

/** Arrows a listing puts between a name and its value (`PGPASSWORD → v`, `dbPassword ⇒ v`). */
const ARROWS = new Set(['→', '⇒', '⟶', '⟹', '➔', '➜', '↦', '⇨']);

/** What a sentence calls a credential: a password and its kin, a secret, a token, a key of a kind that is one (`the API key is v`). */
const PROSE_NAME = String.raw`password|passwd|pwd|pw|pass(?=[ \t]+(?:is|was)\b)|passphrase|passcode|pin(?:[ \t]+(?:code|number))?|(?:alarm|door|gate|garage|safe|lock|entry|keypad|building|locker)[ \t]code|secret|token|(?:api|access|private|secret|auth|signing|encryption|license|master|deploy|client)[ \t_-]?key`;
/** PROSE_NAME's words alone; a name that is more (`PGPASSWORD`, `db_token`) counts when it names a credential. */
const PROSE_NAME_ALONE = new RegExp(`^(?:${PROSE_NAME})$`, 'i');
/** A variable's name that ends in a credential word (`PGPASSWORD is now v`, `the DB_PASSWORD was v`). */
const PROSE_COMPOUND_NAME = String.raw`[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+){0,3}_?(?:password|passwd|pwd|secret|token)`;
const PROSE_COMPOUND_ALONE = new RegExp(`^(?:${PROSE_COMPOUND_NAME})$`, 'i');
/** How a sentence says a name holds a value: is, was, is now, was changed to, switched to, has become, now reads, will be. */
const PROSE_VERB = String.raw`(?:(?:(?:is|was|has\s+been|got|will\s+be)\s+)?(?:set|changed|reset|updated|rotated|switched)\s+to|(?:is|was)(?:\s+(?:now|still|currently|temporarily))?|will\s+be|(?:should|must|shall)\s+be|equals|(?:now\s+)?reads|(?:has\s+)?become|to|of|as|becomes|became|remains)`;

/** The names of a secret a person chooses in a sentence (a password, a PIN), not a machine's (a token, a key). */
/** The word for password in the languages credential-prose reads written in Latin letters (Latin-1's as \x escapes, as the folded text holds them). */
const FOREIGN_PROSE_WORD = String.raw`passwort|kennwort|mot[ \t]+de[ \t]+passe|contrase(?:\xf1|n)a|senha|wachtwoord|l(?:\xf6|o)senord|salasana`;
const CHOSEN_PROSE_NAME = new RegExp(`^(?:password|passwd|pwd|pw|passphrase|passcode|pin(?:[ \\t]+(?:code|number))?|${FOREIGN_PROSE_WORD})$`, 'i');
/** Those of another language: their states have that language's endings. */
const FOREIGN_PROSE_NAME = new RegExp(`^(?:${FOREIGN_PROSE_WORD})$`, 'i');

/** Keywords of the sentences in other languages credential-prose reads (ASCII pieces the keyword pass can find). */
const PROSE_OTHER_LANGUAGES_WORDS = ['passwort', 'kennwort', 'mot de passe', 'contrase', 'senha', 'wachtwoord', 'senord', 'salasana'];

/** The kinds of key PROSE_NAME names, as the keyword pass finds them (`api key`, `api_key`, `api-key`, `apikey`). */
const PROSE_KEY_WORDS = ['api', 'access', 'private', 'secret', 'auth', 'signing', 'encryption', 'license', 'master', 'deploy', 'client']
  .flatMap((kind) => [' ', '\t', '_', '-', ''].map((joint) => `${kind}${joint}key`));

/**
 * A value in prose: quoted (any characters), or one bare word (four characters or more: a PIN) up
 * to an escape of an escaped string (a JSON line), whose `\n` starts the next line (`expired\nmax_token`);
 * another backslash is the value's own (`Hq4lantern\Vox82`).
 */
const PROSE_VALUE = String.raw`(?:(?<quote>["'\x60])(?<value>[^"'\x60\n]{4,100})\k<quote>|\xab(?<value>[^\xbb\n]{4,100})\xbb|(?<value>(?:[^\s"'\x60<>(),;\\]|\\(?![nrtu"\\])|(?<=[A-Za-z])'(?=[A-Za-z])){4,100}))`;

/**
 * A word that ends its clause (a sign, a quote, the line's end, or a script without blanks after it:
 * `ромашка.`, `Sonnenblume` at a line's end, `sakuramochi です`): the one place a plain word after a
 * sentence's `is` is its value (isChosenWord judges the word).
 */
// A word in another script must be followed by a sign or the line's end: before a blank, every long word of its prose would be
// one, and the sentence rule that starts at each of them would judge them all.
const CLAUSE_LAST_WORD = String.raw`(?:[A-Za-z]{5,40}(?=[ \t]*\x80)|[^\s"'\x60<>(),;\\\xbb.!?:\x80]{5,40}(?=[.,;!?)"'&\\\xbb]|[ \t]*\r?(?:\n|$))|\x80{5,40}(?=[.,;!?)"'&\\\xbb]|[ \t]*\r?(?:\n|$)))`;
/** What follows such a word, in its real characters: a clause's end, or a word that adds only when (`for now`, `too`). */
const CLAUSE_END = /^(?:[ \t]*(?:[.,;!?)\]」』）。、！？…»"']|&(?:quot|apos|#0*3[49]|#x0*2[27]);|\\[n"]|です|でした|だ|입니다|이에요|예요|\r?(?:\n|$))|[ \t]+(?:for[ \t]+now|now|too|as[ \t]+well|by[ \t]+default|again|though|and|but|after|before|since|until|yesterday|today|earlier)\b)/u;
/** Code's words before a name (`if password is sentinel`, `assert self.pin is UNSET`): a comparison, not a sentence. */
const CODE_BEFORE = /\b(?:if|elif|assert|while|and|or|not|return|unless|until)[ \t]+(?:[\w.]+\.)?$/;

/** True when the word of `bare` at `start` of the context's window ends its clause. */
const endsClause = (context: MatchContext, start: number, bare: string) => CLAUSE_END.test(context.slice(start + bare.length, Math.min(context.text.length, start + bare.length + 12)));

/**
 * A value after the word for password in another language: one word, perhaps in quotes, with a digit
 * or a sign in it or a passphrase's four words (what a person sets as a password: the lookahead lets
 * the pattern step past the sentence's own words, `wurde auf`, to it). Glued to words of a script
 * without blanks (`密码是Ke7…`) it starts with a Latin letter or a digit; after a blank with any letter
 * (`пароль Ёлка-Хвоя-Ключ47`). An opening quote is tried last: a letter beyond Latin-1 folds to the byte
 * a `「` does. A closing quote or the sentence's next words are the accept's to leave.
 */
const LANGUAGE_VALUE = String.raw`(?:(?<=\x80)(?=[A-Za-z0-9])|[ \t]*[:=][ \t]*|[ \t]+)(?:["'\x60\xab\x80][ \t]?)??` +
  String.raw`(?=[^\s"'\x60<>(),;\\\xbb]{0,99}?[0-9!@#$%^&*+=~]|[a-z]{3,20}(?:-[a-z]{3,20}){3}|${CLAUSE_LAST_WORD})(?<value>[^\s"'\x60<>(),;\\\xbb]{4,100})`;

/** A Latin-1 letter of a pattern as the folded text holds it (`ñ` as `\xf1`), a blank as any run of them. */
const asPattern = (word: string) => [...word].map((char) => {
  if (char.charCodeAt(0) > 0xff) throw new Error('asPattern: a word of Latin-1 letters only'); // \x writes two hex digits
  return char === ' ' ? '[ \\t]+' : char === "'" ? "['\\x80]" : char.charCodeAt(0) > 0x7f ? `\\x${char.charCodeAt(0).toString(16)}` : char;
}).join('');

/**
 * The ASCII words whole, as the keyword pass finds them: a word with a letter beyond ASCII (`contraseña`)
 * is read by credential-prose-script, which starts at that letter, and a stretch of it (`passw`,
 * `salas`) would wake the rule on every English log.
 */
const LANGUAGE_WORD_KEYWORDS = LATIN_CREDENTIAL_WORDS.filter((word) => /^[\x20-\x7e]+$/.test(word));

/** The closing quote of a quoted value, or the words of a script without blanks after it (`v」で入れます`, `v。`). */
const VALUE_END = /[」』〉》）)"”’»›]|[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;


/** How far before its value a sentence's word for password may stand. */
const PHRASE_REACH = 160;

/**
 * The accept of the rules that read a password in a sentence of another language: the words before the
 * value (its real characters, from its line's start) name the password (credentialPhrase). With that
 * language's `is` the value must look like a secret (`heslo je hunter22x`); with the word alone or a few
 * words on (`пароль Qa4-quartz-Wun32`, `Пароль изменён на v`) it must look drawn.
 */
function acceptsPhraseValue(value: string, context: MatchContext): boolean {
  const { text, start, slice } = context;
  // Only where a word for password ends near: most starts of the script rule (every word of a Russian record) have none.
  const word = passwordWordBefore(text, () => slice(0, text.length), start, PHRASE_REACH);
  if (word < 0) return false;
  // The words from it to the value, on the value's line (the search found the word where a word starts).
  if (text.slice(word, start).includes('\n')) return false;
  const said = credentialPhrase(slice(word, start));
  if (said === undefined) return false;
  // As a page shows it: the value ends at an escaped quote or tag (`v&quot;}` of a tool call's JSON), at a closing quote.
  const shown = pageTextValue(value).replace(ESCAPED_END, '');
  const closing = VALUE_END.exec(shown);
  const bare = (closing ? shown.slice(0, closing.index) : shown).replace(/[.!?,;:]+$/u, '');
  const passphrase = /^[a-z]{3,}(?:-[a-z]{3,}){3,}$/i.test(bare);
  const drawn = looksDrawn(bare) || looksDrawnInAnyScript(bare);
  if (said !== 'copula' && !drawn) return false;
  // After its `is`, a PIN's digits (`heslo je 48213377`), or a plain word that ends the clause (`Das Passwort ist Sonnenblume.`).
  const chosen = said === 'copula' && isChosenWord(bare, false) && (/^\d+$/.test(bare) || closing !== null || endsClause(context, start, bare));
  return (drawn || passphrase || chosen || (bare.length >= 6 && looksLikeSecretValue(bare)))
    && isCredentialValue(bare, { quoted: false, configLine: chosen, numeric: /^\d+$/.test(bare) });
}

/** The argument a password follows: the user, which is no number (`connect(host, 5432, "db")` passes a port). */
const USER_ARGUMENT = String.raw`(?![\d.]+\s*,)${ARGUMENT}`;
/** Typing into a field: Playwright, Puppeteer, Selenium, WebdriverIO, Cypress, Capybara. */
const TYPE_INTO = String.raw`(?:fill|type|fill_in|send_keys|sendKeys|setValue|addValue|pressSequentially)`;

/**
 * Calls that find no credential word on their line: the keyword pass wakes the call rule on these
 * too, and on `pin` (a field named for one: `getByPlaceholder('PIN')`). Typing methods are no
 * keyword: the field they fill names the credential, and its word wakes the rule.
 */
const CALL_KEYWORDS = ['login(', 'drivermanager', 'pdo(', 'connect(', 'ftp(', 'ldap_bind(', 'imap_open(', 'sequelize(', 'logonuser(', 'bind_s(', 'pin'];

/** The calls credential-argument knows, each alternative naming what the accept checks. */
const CREDENTIAL_CALL = new RegExp([
  // setProperty("X_TOKEN", "v"), getenv("API_KEY", "v"): the value beside its name.
  // A keyword may name the default (`getenv('DB_PASSWORD', default='v')`).
  String.raw`\(\s*(?<nq>["'])(?<name>[\w.:-]{1,80})\k<nq>\s*,\s*(?:default\s*=\s*)?` + VALUE,
  // The password as the second argument: HTTPBasicAuth("u", "v"), NetworkCredential("u", "v"), smtp.login("u", "v"), cx_Oracle.connect("u", "v", dsn).
  String.raw`\b(?<callee>(?:HTTP)?(?:Basic|Digest|Proxy)Auth|setBasicAuth|withBasicAuth|basic_auth|NetworkCredential|UsernamePassword\w{0,40}|PasswordAuthentication|PlainCredentials|BasicCredentials|Credentials|login|simple_bind(?:_s)?|bind_s|(?:cx_Oracle|oracledb)\.connect|getConnection(?=\s*\([^,()]*,[^,()]*\)))\s*\(\s*${USER_ARGUMENT}\s*,\s*` + QUOTED_VALUE,
  // The password as the third: getConnection(url, "u", "v"), new PDO(dsn, "u", "v"), pymysql.connect(host, "u", "v"), ftplib.FTP(host, "u", "v"), smtp.PlainAuth("", "u", "v", host).
  String.raw`\b(?<callee>getConnection|PDO|mysql_connect|mysqli_connect|mysqli|real_connect|(?<!(?:cx_Oracle|oracledb)\.)connect|FTP|FTP_TLS|ftp_login|ldap_bind|imap_open|Sequelize|PlainAuth|LogonUser|set_password)\s*\(\s*${ARGUMENT}\s*,\s*${USER_ARGUMENT}\s*,\s*` + QUOTED_VALUE,
  // A setter named for the credential, the value its last argument: setPassword("v"), user.set_password("v"), withApiKey("v").
  String.raw`\b(?<setter>(?:set|with|put|store|save|update|change)_?[A-Za-z][\w]{0,60})\s*\(\s*(?:${ARGUMENT}\s*,\s*){0,2}` + QUOTED_VALUE + String.raw`\s*\)`,
  // C++ and Qt direct initialisation: std::string admin_password("v"), QString apiToken{"v"}.
  String.raw`\b(?:std::)?(?:w?string|String|QString|QByteArray)[ \t]+(?<name>[A-Za-z_]\w{0,80})[ \t]*[({][ \t]*` + QUOTED_VALUE + String.raw`[ \t]*[)}]`,
  // page.fill("#password", "v"), page.type(sel, "v"), fill_in "Password", with: "v".
  // A selector may quote its attribute with the other quote (`'input[name="password"]'`).
  String.raw`\b${TYPE_INTO}(?:\s*\(\s*|[ \t]+)(?<sq>["'\x60])(?<field>(?:[^"'\x60\n]|(?!\k<sq>)["'\x60]){1,120})\k<sq>\s*,\s*(?:with:\s*)?` + QUOTED_VALUE,
  // getByLabel("Password").fill("v"), find_element(By.ID, "password").send_keys("v"), cy.get("#password").clear().type("v").
  String.raw`(?:\b(?:getBy\w{2,20}|locator|get|find_?[eE]lement(?:_by_\w{1,20})?|find|querySelector|element|By\.\w{1,20})|\$)\(\s*(?:By\.\w{1,20}\s*,\s*)?` +
    String.raw`(?<sq>["'\x60])(?<field>(?:[^"'\x60\n]|(?!\k<sq>)["'\x60]){1,120})\k<sq>[^()\n]{0,40}?\)\)?(?:\s*\.\w{1,30}\([^()\n]{0,60}\))*\s*\.${TYPE_INTO}\(\s*` + QUOTED_VALUE,
].join('|'), 'gi');

/** Words of a form field that takes a credential: `#password`, `input[name=user_pwd]`, `Passcode`, `[data-test=pin-input]`. */
const FIELD_WORDS = new Set(['password', 'passwd', 'pwd', 'pass', 'passphrase', 'passcode', 'pin', 'secret', 'token', 'apikey', 'otp', 'totp', 'mfa',
  'passwort', 'kennwort', 'senha', 'contrasena', 'wachtwoord', 'mdp']);

/** The keys a browser action names its field by (Playwright MCP's `element` and `ref`, a selector, a locator, an XPath). */
const TYPED_FIELD_KEYS = 'selector|css_?selector|element|target|locator|field|ref|xpath';
/** The keys it gives the typed text by. */
const TYPED_VALUE_KEYS = 'text|value|keys|input|content|string|fill';
/** A selector, bare or quoted, its attribute perhaps quoted with the other quote or escaped (`"input[name=\\"password\\"]"` in JSON). */
const TYPED_SELECTOR = String.raw`(?:(?<fq>["'])(?<field>(?:(?!\k<fq>)[^\n\\]|\\.){1,200})\k<fq>|(?<field>[#.[\w][^\s,}]{0,200}))`;

/** The credential of a call, as CREDENTIAL_CALL found it: each alternative's own test of its name, then the value as a literal. */
function acceptCallArgument(value: string, context: MatchContext): boolean {
  const groups = groupsOf(context);
  const literal = isCredentialValue(value, { quoted: groups['quote'] !== undefined, configLine: false });
  if (groups['field'] !== undefined) return nameWords(groups['field']).some((word) => FIELD_WORDS.has(word)) && literal;
  if (groups['callee'] !== undefined) return literal;
  return isCredentialName(groups['setter'] ?? groups['name'] ?? '') && literal;
}

/** A credential's name with its quoted value right after it: `password "v"`, no verb between. */
const NAME_THEN_QUOTE = new RegExp(String.raw`^(?:${PROSE_NAME})[ \t]*,?[ \t]*"`, 'i');

/**
 * Schemes of URLs that carry a user and a password. Path normalisation (`path.posix.normalize`)
 * writes `https://u:p@host` as `https:/u:p@host`, and a file or folder name can hold no `/` at all:
 * after one of these a URL's user info is read with one slash or none.
 */
const URL_SCHEMES = ['http', 'https', 'ftp', 'ftps', 'sftp', 'ssh', 'git', 'svn', 'rsync', 'smb', 'postgres', 'postgresql', 'mysql', 'mariadb', 'mssql',
  'sqlserver', 'mongodb', 'mongodb+srv', 'redis', 'rediss', 'amqp', 'amqps', 'mqtt', 'mqtts', 'nats', 'kafka', 'ldap', 'ldaps', 'smtp', 'smtps',
  'imap', 'imaps', 'pop3', 'ws', 'wss', 'socks5', 'socks5h', 'couchdb', 'clickhouse', 'cockroachdb', 'neo4j', 'bolt', 'elasticsearch'];

/**
 * A known scheme and its colon with one slash (or backslash) or none after it, not two (the
 * `://` form is every scheme's): `https:/u:p@host`, `postgres:u:p@db`. The scheme is a word of its
 * own, not the end of another (`nodejs:`, `legit:`).
 */
const ONE_SLASH_SCHEME = String.raw`(?<![A-Za-z0-9+.-])(?:${[...URL_SCHEMES].sort((a, b) => b.length - a.length).map((scheme) => scheme.replace('+', String.raw`\+`)).join('|')}):(?:\/|\\{1,2})?(?![\/\\])`;


/**
 * A line of a YAML map before an entry: blank, a comment or an entry at the map's indentation, or an
 * indented line (a nested entry, a block scalar's text). The three are disjoint: read backwards by a
 * lookbehind, two that both took an indented line made every line above a second way to try, and a
 * manifest that did not match cost 2^lines (ten seconds for kubectl's JSON of one Secret).
 */
const MAP_LINE = String.raw`(?:[ \t]*\r?\n|(?:#[^\n]*|[\w.-]+:[^\n]*)\r?\n|[ \t]+\S[^\n]*\r?\n)`;
/** An entry of a map, checked before the lookbehind: most line starts are none, and are given up at once. */
const MAP_ENTRY = String.raw`[ \t]+[\w.-]{1,253}:`;

/** Characters that draw a prompt's box (clack's `│`), the value typed inside it. */
const BOX_GLYPHS = new Set(['|', '│', '┃', '║']);

/** True when the mark before the value (blanks between) draws a box: a folded character in a base view is judged by its real one. */
function isBoxGlyph({ text, start, slice }: MatchContext): boolean {
  let at = start - 1;
  while (at > 0 && (text[at] === ' ' || text[at] === '\t')) at--;
  return BOX_GLYPHS.has(slice(at, at + 1));
}

/** A prompt's verb at its line's start, after its glyphs (`◆  Enter your`, `? Paste the`): a label with no separator is one only so. */
const PROMPT_START = /^[\s\x80?!*>-]{0,8}(?:enter|paste|type|provide|input)\b[^\n:]{0,40}$/i;

/** True when the match's line, up to the credential's name, opens with a prompt's verb. */
function promptedAtLineStart({ text, match }: MatchContext): boolean {
  const from = text.lastIndexOf('\n', match.index) + 1;
  return PROMPT_START.test(text.slice(from, match.index + 1));
}

/** Words of a sign-in screen or a service named under a login's label (`admin Dashboard`, `user Settings`): no password. */
const SCREEN_WORD = /^(?:dashboard|panel|console|portal|page|account|access|workspace|provider|keychain|settings|continue|login|logout|signin|profile|home|menu|button|screen|form|prompt|required|optional|only|mode|role|group|user|admin|root)$/i;

export const CREDENTIAL_GRAMMAR_RULES: readonly Rule[] = [
  {
    id: 'url-credentials', description: 'user:password inside a URL or connection string, also with one slash or none after a known scheme',
    keywords: ['://', ...URL_SCHEMES.map((scheme) => `${scheme}:`)], keywordsIgnoreCase: true, neverPlaceholder: true, lines: 1,
    // The user may be empty (`redis://:pw@host`). Only a template or a mask stands in for a URL's password.
    // The password may hold `#`, `/`, `?` unescaped (an invalid URL, and a common one): it runs to the `@` before the host.
    // A terminal or a log may wrap the URL right before its `@` (`…:pw` then `@host` on the next line): the
    // host is still read; a port at a line's end before a line starting with `@` (a decorator) is no password.
    pattern: new RegExp(String.raw`(?:[a-z][a-z0-9+.-]*:\/\/|${ONE_SLASH_SCHEME})([^\s:/?#@"'<>[\]\\]*:[^\s@"'<>\\]{1,200}?)(?:\r?\n[ \t]*)?@(?=[A-Za-z0-9[])([^\s/:?#"'<>]*)`, 'gi'),
    accept: (value, { match }) => {
      const user = value.slice(0, value.indexOf(':'));
      const password = value.slice(value.indexOf(':') + 1);
      const scheme = match[0].slice(0, match[0].indexOf(':'));
      if (isTemplateOnly(password)) return false;
      if (match[0].includes('\n') && (/^\d+$/.test(password) || !(match[2] ?? '').includes('.'))) return false;
      // The syntax's own words (`user:password@`) name the parts of a URL, on any host.
      const passwordWord = /^(?:password|passwd|pass|pwd|secret)$/i.test(password);
      if (passwordWord && /^(?:user|username|usr|login|name)$/i.test(user)) return false;
      // A default account written out (`postgres:postgres@localhost`, `mongodb://mongodb:mongodb@db`) is documentation,
      // but only on this machine, a container's service name or a documentation host: on a real host it is its password.
      const defaultAccount = passwordWord || /^changeme$/i.test(password) || password === user || password.toLowerCase() === scheme.toLowerCase();
      return !(defaultAccount && isLocalOrDocumentationHost(match[2] ?? ''));
    },
    truePositives: [j('postgres://app:', 'Pa55w0rd', '@db:5432/x'), j('https://bot:', fill(20), '@github.com/o/r.git'), j('redis://:', 'p', 'w-8kq2', '@cache:6379'),
      j('postgres://ledger:', 'ledger', '@db.acme-ledger.net/x'), j('amqp://svc:', 'changeme', '@mq.acme-ledger.net'),
      j('runs/https:/ci-bot:', 'Marigold-Finch-42', '@git.acme-ledger.net/x'), j('postgres:deploy:', 'Quartz-Lantern-9', '@db.acme-ledger.net'),
      j('clone https://deploy:', 'Marigold-Finch-42', '\n@git.acme-ledger.net/shop.git')],
    falsePositives: ['https://example.org/a@b', 'postgres://app:${DB_PASSWORD}@db/x', 'https://user@host/path', 'https://{USER}:{PASS}@host/',
      'postgres://$(PGUSER):$(PGPASSWORD)@db/x', 'mysql://root:REPLACE_WITH_PASSWORD@db/x', 'https://user:password@host/',
      'postgres://postgres:postgres@localhost:5432/dev', 'mongodb+srv://user:password@cluster0.mongodb.net/db',
      'see:/usr/lib:/opt/lib@2', 'http:/path/to:x@y', 'redis:7.2@sha256:0c9e2f3a', 'ssh:git@github.com:o/r.git', 'nodejs:deploy:x@y',
      '// see http://localhost:8080\n@Component', 'curl http://api:8443\n@example.com is the contact'],
  },
  {
    id: 'connection-password',
    description: "the password of a connection string or logon line: Password= of ADO.NET, JDBC and ODBC, Oracle's user/password@db, Go's user:password@tcp(...), a .pgpass line",
    keywords: ['password=', 'pwd=', 'sqlplus', 'sqlcl', 'xpdp', 'impdp', 'rman', 'sqlldr', 'dgmgrl', 'jdbc:oracle', 'userid=', 'sql>', 'as sys',
      '@tcp(', '@tcp6(', '@unix(', '@udp(', ':543', ':643', ':*:', 'pgpass', ':1521/', ':1522/', ':1523/', ':1524/', ':1525/', ':1526/', ':2484/'],
    keywordsIgnoreCase: true,
    pattern: new RegExp([
      String.raw`(?<ado>)(?:^|[;\s"'?&])(?:password|pwd)\s*=\s*(?<value>[^;"'\s&]{4,})`,
      // Oracle's logon: `sqlplus scott/pw@orcl`, `expdp system/pw@pdb`, `jdbc:oracle:thin:scott/pw@host:1521:orcl`, `userid=scott/pw`.
      String.raw`(?:\b(?:sqlplus|sqlcl|expdp|impdp|rman|sqlldr|dgmgrl)\b(?:[ \t]+-\w+)*[ \t]+(?:(?:target|auxiliary|catalog)[ \t]*=?[ \t]*)?|jdbc:oracle:\w+:|\buserid[ \t]*=[ \t]*)["']?[A-Za-z_][\w$#]{0,63}\/(?<value>[^\s@/"']{1,128})(?=@|["'\s]|$)`,
      // Oracle's Easy Connect on its listener's ports, with no tool named: `scott/pw@db.acme.net:1521/ORCLPDB1`.
      String.raw`(?<![\w$#/.@:-])[A-Za-z_][\w$#]{0,63}\/(?<value>[^\s@/"'\x60]{1,128})@[\w.-]{1,253}:(?:152[1-6]|2484)\/[\w.$#-]{1,64}`,
      // SQL*Plus's CONNECT, only with a database or a role after it: `connect client/server` is prose.
      String.raw`^[ \t]*(?:SQL>[ \t]*)?conn(?:ect)?[ \t]+["']?[A-Za-z_][\w$#]{0,63}\/(?<value>[^\s@/"']{1,128})(?=@|[ \t]+as[ \t]+sys)`,
      // Go's MySQL driver: `app:pw@tcp(db:3306)/ledger`.
      String.raw`(?:^|(?<=[\s"'\x60=(,]))[\w.-]{1,64}:(?<value>[^\s@"'\x60]{1,200})@(?:tcp6?|unix|udp)\(`,
      // host:port:database:user:password, a line of its own or a quoted string.
      String.raw`(?:^|(?<=["'\x60]))(?:\*|[A-Za-z0-9][\w.-]{0,252}):(?:\d{1,5}|\*):(?:\*|[A-Za-z_][\w.$-]{0,62}):(?:\*|[A-Za-z_][\w.@$-]{0,62}):(?<value>[^\s:"'\x60]{1,200})(?=["'\x60]|[ \t]*$)`,
    ].join('|'), 'gi'),
    accept: (value, { match }) => (match.groups?.['ado'] === undefined || (!/^[./]/.test(value) && /\d|[!@#$%^&*+=~]/.test(value)))
      && !isTemplateOnly(value) && isCredentialValue(value, { quoted: false, configLine: match.groups?.['ado'] === undefined }),
    truePositives: [j('Server=db;User Id=sa;Pass', 'word=hunt3r;'), 'jdbc:mysql://db/x?user=app&password=s3cret!', j('sqlplus scott/', 'T1ger-pw', '@orcl'),
      j('url=jdbc:oracle:thin:scott/', 'T1ger-pw', '@db:1521:orcl'), j('ORACLE_CONN=scott/', 'T1ger-pw', '@db.acme.net:1521/ORCLPDB1'), j('sql.Open("mysql", "app:', 'Pa55-w0rd', '@tcp(db:3306)/x")'), j('echo "db.acme.net:5432:ledger:app:', 'Pa55-w0rd', '" >> ~/.pgpass')],
    falsePositives: ['Password=<password>;', 'pwd=/repo/src', 'pwd = m.group(1)', 'sqlplus / as sysdba', 'connect client/server models', '10:54:22:123 started',
      'sql.Open("mysql", "app:${DB_PASS}@tcp(db:3306)/x")', 'db.acme.net:5432:ledger:app:*', 'see node_modules/@scope/pkg@1.2.3:1521/x',
      'https://host/a/b@c:1521/svc', 'scott/${ORACLE_PASSWORD}@db:1521/ORCL'],
  },
  {
    id: 'auth-header', description: 'Authorization, Cookie or API-key header value',
    keywords: ['authorization', 'cookie', 'x-api-key', 'x-auth-token', 'x-vault-token', 'private-token', 'x-goog-api-key', 'api-key:', 'x-auth-key',
      'application-key', 'x-api-token', 'x-access-token'],
    keywordsIgnoreCase: true,
    pattern:
      /(?:(?:proxy-)?authorization|x-api-key|x-auth-token|x-vault-token|private-token|x-goog-api-key|api-key|x-auth-key|(?:dd-)?application-key|x-api-token|x-access-token)["']?\s*[:=]\s*["']?(?:(?:bearer|basic|token|digest|bot|splunk|sso-key|apikey|[A-Za-z][\w-]{1,30}(?=[ \t]+[^\s"'<>,\\]{6,}))[ \t]+)?([^\s"'<>,\\]{6,})|(?:set-)?cookie["']?\s*:\s*["']?([^\r\n"'<>]{6,})/gi,
    // Any scheme may stand before the credential (`SSWS` of Okta, `Api-Token`, `GenieKey`): a word, a space, then the value.
    // `Bearer <token>`: the regex falls back to reading the scheme word as the value.
    // A command's output (`$(gcloud auth print-access-token)`, a backquoted command) or an expression in
    // braces (`{base64(user:pass)}`) names how the value is made, not the value.
    accept: (value) => !TYPE_NAME.test(value.replace(/\W+$/, '')) && !/^(?:bearer|basic|token|digest|bot|negotiate|splunk|sso-key|apikey)$/i.test(value)
      && !/^(?:\$\(|\x60|\{[A-Za-z_][\w.]*\()/.test(value),
    truePositives: [j('Authorization: Bearer ', fill(30)), j('Cookie: session=', fill(24), '; theme=dark'), j('-H "X-Api-Key: ', fill(32), '"'),
      j('-H "X-Auth-Key: ', fill(37, '0123456789abcdef'), '"'), j('-H "Authorization: SSWS ', fill(42), '"'), j('Authorization: Splunk ', fill(8, '0123456789abcdef'), '-aaaa-bbbb-cccc-', fill(12, '0123456789abcdef'))],
    falsePositives: ['authorization: none', 'cookie: string;', 'Authorization: Bearer ${TOKEN}', 'Authorization: Bearer $(vault print token)',
      'Authorization: Basic {base64(user:pass)}'],
  },
  {
    id: 'seed-phrase', description: 'wallet seed or recovery phrase next to its name (12 to 24 words), on its line or the next',
    keywords: ['mnemonic', 'seed phrase', 'seed_phrase', 'seed-phrase', 'recovery phrase', 'recovery_phrase', 'secret phrase', 'seed words'],
    // A wallet prints its words below their name (`Mnemonic:` / the words): the next line is read too.
    keywordsIgnoreCase: true, lines: 1,
    pattern: /(?:mnemonic|seed[ _-]?(?:phrase|words)|recovery[ _-]?phrase|secret[ _-]?phrase)["']?\s*[:=]?\s*["']?((?:[a-z]{3,8}[ ,]+){11,23}[a-z]{3,8})/gi,
    truePositives: ['MNEMONIC="abandon ability able about above absent absorb abstract absurd abuse access accident"',
      'Mnemonic:\nabandon ability able about above absent absorb abstract absurd abuse access accident'],
    falsePositives: ['the mnemonic is stored in the vault'],
  },
  {
    id: 'credential-label', description: 'a label line of a credential dump or a note (Password: two words, Passwort:, mot de passe :, Security answer:), its value to the end of the line',
    keywords: LABEL_KEYWORDS,
    keywordsIgnoreCase: true, neverPlaceholder: true,
    pattern: new RegExp(LABEL_HEAD +
      String.raw`(?::|=(?!=))[ \t]*(?:\*\*)?(?<value>[^\s*\x60=:&"'][^\n]{0,200}?)(?:<\/[A-Za-z][\w:-]{0,40}>)*(?:\*\*)?[ \t]*\|?[ \t]*$`, 'gi'),
    accept: (value, context) => {
      const name = groupsOf(context)['name'] ?? '';
      // `--- PASS: TestLedger (0.00s)` is a test runner's verdict.
      if (/^pass$/i.test(name) && /\(\d+(?:\.\d+)?\s?m?s\)$/.test(value)) return false;
      // A value already redacted, then a page's next block on the same source line (`[REDACTED:…] </pre><details>`).
      const own = beforeBreakingTag(value);
      if (own !== value && isPlaceholder(own.trim())) return false;
      // A key named by what it is for (`Primary key: customer_id`, `Host key: SHA256:…`) holds a secret only when the value reads as one.
      if (/key$/i.test(name) && (!looksDrawn(value) || /^(?:SHA(?:256|1|512)|MD5):/i.test(value))) return false;
      return namesLabel(name) && isLabelValue(value, namesNumericSecret(name), namesWordList(name));
    },
    truePositives: ['Username: admin\nPassword: sunshine', j('- **Password**: ', 'Winter2026 autumn'), 'pass: pl41nt3xt', j('Passwort: ', 'Pa55-w0rd'),
      j('mot de passe : ', 'Pa55-w0rd'), j('PIN: ', '4821'), j('recovery codes: ', 'Ko8-willow-Cat17'), j('wifi key: ', 'Gi5-orchid-Rit64'), j('PSK=', 'Xe8-umber-Put22'), j('Recovery set. Security answer: ', 'Zf4-kelp-Wun13'),
      j('    Key Content            : ', 'Sa6-quarry-Jot57x'), j('Recovery words: ', 'tallow mirth quarry lumen vesper argent')],
    falsePositives: ['Password: required', 'Password: see the vault entry for this host', 'Token: none', 'PIN: 12', 'Passwort: siehe Tresor für diesen Host',
      'status code: 404', 'error codes: E1234-abc', 'cache key: user-42-profile', 'Key: Enter', 'Primary key: customer_id',
      'Host key: SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8', 'Recovery words: write them down and keep them safe',
      'Security answer: required', 'answer: 42',
      'backup codes: [REDACTED:credential-label#3d9f] </pre><details class="log-fold"><summary>4 more lines</summary><pre class="step-text">'],
  },
  {
    id: 'credential-table-cell', description: 'a table cell after a cell that names a credential (| staging password | v |, | `PGPASSWORD` | `v` |), one word that looks like a secret',
    keywords: ['pass', 'pwd', 'secret', 'token', 'api key', 'apikey', 'api_key', 'credential'], keywordsIgnoreCase: true, neverPlaceholder: true,
    pattern: /\|[ \t]*(?:\*\*|\x60)?(?<name>[^|\n*\x60 \t][^|\n*\x60]{0,59}?)(?:\*\*|\x60)?[ \t]*\|[ \t]*(?<tick>\x60?)(?<value>(?:[^\s|\x60\\]|\\.){4,200})\k<tick>[ \t]*(?=\|)/g,
    accept: (value, context) => {
      const name = (groupsOf(context)['name'] ?? '').trim();
      return (isCredentialName(name) || isCredentialLabel(name)) && looksDrawn(value) && isCredentialValue(value, { quoted: false, configLine: true });
    },
    // A `\|` stays inside its cell (`Ri6\|pebble\|Dor52`).
    truePositives: [j('| staging password | ', 'Hq4-lantern-Vox82', ' |'), j('| password | ', 'Ri6\\|pebble\\|Dor52', ' |'), j('| `PGPASSWORD` | `', 'Jm5-copper-Tal36', '` |'), j('| prod | db password | ', 'Vb2-meadow-Quin58', ' |')],
    falsePositives: ['| password | string | the user password |', '| token | required |', '| API_TOKEN | Your API token |', '| max_tokens | 4096 |',
      '| password | `${DB_PASSWORD}` |', '| Secret | Rotation date |', '| password_file | /run/secrets/db |'],
  },
  {
    id: 'credential-label-script', description: 'a label line with letters beyond ASCII (пароль: v, 密码：v, パスワード: v, hasło: v, contraseña: v), its value to the end of the line or alone on the next',
    // Its label is no keyword the index can find (they are ASCII): the pattern starts at a letter beyond ASCII (a character
    // beyond Latin-1 is 0x80 in a base view) and the accept reads the label's real characters. A fullwidth colon is read as
    // `:` in the reader's view.
    beyondAscii: true,
    // It starts at the first such letter of a word only (the accept reads the label from the line's start): from each
    // letter of a run (`─────`, a CJK sentence) it read the run again. The value runs to the line's end: a line longer
    // than that (a JSON record of one line) is given up at once, not searched to its 200th character from every `:`.
    pattern: /(?<![^\x00-\x7f\x81-\xbf\xd7\xf7])[^\x00-\x7f\x81-\xbf\xd7\xf7][^\s:=]{0,40}(?:[ \t][^\s:=]{1,15}){0,2}?(?:\*\*)?[ \t]*(?:\([^)\n]{0,40}\))?[ \t]*[:=][ \t]*(?:\*\*)?(?:(?<below>\r?\n)[ \t]*)?(?![^\n]{300})(?<value>[^\s*\x60=:&"'][^\n]{0,200}?)(?:\*\*)?[ \t]*\|?[ \t]*$/gm,
    neverPlaceholder: true,
    accept: (found, { text, start, match, slice }) => {
      const label = slice(text.lastIndexOf('\n', match.index) + 1, start).trimEnd();
      if (!LABEL_LINE.test(label) || !isCredentialLabel(label.replace(LABEL_LINE, '$<label>'))) return false;
      // Judged as the page shows it: on a built page the line goes on in markup, which is no part of the value.
      const value = pageTextValue(found);
      // Below its label (`Пароль:` / v) a value is read as credential-label-next-line reads one: drawn, or one a person
      // chose (a word of any script: `Ромашка`; a passphrase), as that label names a password people choose.
      if (match.groups?.['below'] !== undefined) return (looksDrawn(value) || looksDrawnInAnyScript(value) || isChosenValue(value)) && isLabelValue(value, false, false, true);
      // Words of the label's own script on its line (`обязателен`, `见保险库`) are a note; a password people type is in Latin letters or digits.
      return /[\x21-\x7e]/.test(value) && isLabelValue(value, false);
    },
    truePositives: [j('пароль: ', 'Pa55-w0rd'), j('密码：', 'Pa55-w0rd'), j('パスワード: ', 'Pa55-w0rd'), j('hasło: ', 'Pa55-w0rd'), j('lösenord: ', 'Pa55-w0rd'),
      j('Пароль:\n', 'Ow2-juniper-Nax13'), j('Contraseña:\n', 'Px3-saffron-Mib24'), j('Notes.\nПароль:\n', 'Ромашка', '\n'), j('Notes.\nWLAN-Schlüssel:\n', 'Sternhimmel', '\n')],
    falsePositives: ['пароль: обязателен', 'ошибка: Pa55-w0rd', '密码：见保险库中的条目 for this host', 'パスワード: required', 'Пароль:\nсм-хранилище', 'Contraseña:\nver-el-runbook'],
  },
  {
    id: 'credential-assignment',
    description: 'the value assigned to a credential name, in any language or config format (= := ::= ?= => : and typed declarations)',
    keywords: [...CREDENTIAL_WORDS, ...SERVICE_NAMES], keywordsIgnoreCase: true, neverPlaceholder: true, anchor: 'name',
    // A C array (`char db_password[32] = "v"`) names its size after the name; Objective-C quotes a literal as `@"v"`.
    // Both only before a double quote: C's single quotes hold one character, and `x[] = v` is no literal.
    // YAML's own tags for a literal (`!!binary`, `!!str`) stand before the value; `!Ref` and the like name another value.
    // A quoted name may close a subscript (`os.environ["DB_PASSWORD"] = "v"`, `$_ENV['X_TOKEN'] = 'v'`).
    pattern: new RegExp(String.raw`(?<![\w.$@-])(?<nq>["'\x60]?)(?<name>[A-Za-z_$@][\w.$@-]{0,80})\k<nq>(?:\[\d{0,6}\](?=[ \t]*=[ \t]*")|(?<=["'])\](?=[ \t]*=))?` +
      String.raw`(?:\s*:\s*[A-Za-z_][\w.<>\[\]|]{0,40}(?=\s*=)|[ \t]+(?:string|\[\]byte)(?=[ \t]*=))?` +
      String.raw`[ \t]*(?<op>:{1,3}=|\?=|\+=|\.=|=>|[!=]==?|=|:|->)[ \t]*(?:@(?=")|!!(?:binary|str)[ \t]+)?` +
      // A word of state or a YAML tag before the value (`DB_PASSWORD=failed Kx9…`, `token: is Kx9…`,
      // `MasterUserPassword: !GetAtt Kx9…`) is read past: the value is what follows it, and must look like a secret.
      String.raw`(?:(?<pre>${STOP_WORDS}|![A-Za-z][\w:.-]{0,40})[ \t]+(?=[^\s"'\x60]))?` + ASSIGNED_VALUE, 'gi'),
    accept: (value, context) => (groupsOf(context)['pre'] === undefined || looksLikeSecretValue(value)) && acceptNamed(value, context),
    truePositives: [
      j('DB_PASS', 'WORD=hunter2'), j('password := "', 'correct horse', '"'), j('export PGPASS', 'WORD=s3cr3t-', 'db'), j('API_TOKEN ?= ', fill(20)),
      j("'password' => '", 'Winter2026', "'"), j('var apiToken string = "', fill(24), '"'), j('"client_secret": "', fill(24), '"'),
      j('discord_client_secret: ', '8', '1234567890123456'), j('cloudant_pw: "', 'pl41n', '"'), j('API_PASS', 'WORD=sunsh1ne'),
      j('const ledgerKey = "', fill(8, '0c9e2f3a7b1d'), '-7b1d-4e8a-9c6f-', fill(12, '2d5b8a1e3f70'), '"'), j('char db_password[32] = "', 'Ws9-otter', '";'),
      j('NSString *authToken = @"', fill(20), '";'), j('os.environ["DB_PASSWORD"] = "', 'Te3-lotus-Zon94', '"'), j("$_ENV['DB_PASSWORD'] = '", 'Vu6-fjord-Wol87', "';"), j('mixpanel: ', fill(32, '0123456789abcdef')), j('db_password: !!binary ', fill(24), '=='), j('map_token: pk.', fill(32), '.', fill(20)), j('SUMO_ACCESSID=', fill(14)),
    ],
    falsePositives: ['password = config.password', 'token = getToken()', 'PASSWORD_MIN_LENGTH=12345678', 'password: string',
      'api_key = req.headers["x-api-key"]', 'https://api.acme.test/v2/me?access_token=ACCESS_TOKEN',
      'max_tokens: 4096', 'password_file: /run/secrets/db', 'auth: true', 'credentialsId: ${CRED}', 'password = user_password',
      'tokens_in: 1234567890', 'secret_length = X25519.secret_length', 'const CACHE_KEY = "user-profile-v2"',
      'idempotency_key = "0c9e2f3a-7b1d-4e8a-9c6f-2d5b8a1e3f70"', 'password = config.db_password_v2', 'oktaKey = 0000000000000000000000TUVWXYZ1234',
      "db_pass[] = 'x';", 'secret[] = value;', 'github: octocat', 'sentry: https://sentry.io/x', 'cloudflare_zone: 0c9e2f3a7b1d4e8a9c6f2d5b8a1e3f70'],
  },
  {
    id: 'credential-comparison',
    description: 'a literal a credential is compared with: the literal first ("v" == password), an equals method ("v".equals(pw), pw.equals("v")), a compare function (strcmp(pw, "v"), hmac.compare_digest(token, "v")), either perhaps converted (subtle.ConstantTimeCompare([]byte(token), []byte("v"))), a test assertion (expect(apiKey).toBe("v"), assertEquals("v", pw))',
    // Woken by the comparison, not the name: credential words are on most lines of an agent's record, comparisons on few.
    keywords: [...['"', "'", '`'].flatMap((quote) => [`${quote}==`, `${quote} ==`, `${quote}!=`, `${quote} !=`]), '.equals', '.contentequals', 'cmp(',
      'compare_digest', 'timingsafeequal', 'hash_equals', 'secure_compare', 'constanttimecompare', 'assert', ').tobe(', ').toequal(', ').tostrictequal('],
    keywordsIgnoreCase: true, neverPlaceholder: true, near: { before: 480, after: 480 },
    // The name-first order with an operator (`password == "v"`) is credential-assignment's: its operators include the comparisons.
    pattern: new RegExp([
      literalBefore(String.raw`[ \t]*[!=]=`, String.raw`[ \t]*(?:[!=]==?)[ \t]*${COMPARED_NAME}(?![\w$(.])`),
      literalBefore(String.raw`\.(?:e|E|contentE)quals`, String.raw`\.(?:equals|equalsIgnoreCase|Equals|contentEquals)\([ \t]*${COMPARED_NAME}[ \t]*\)`),
      // From a name's start only: from each of its characters, each consuming the name to its end, a word cost its length squared.
      String.raw`(?<![\w$])${COMPARED_NAME}\.(?:equals|equalsIgnoreCase|Equals|contentEquals)\([ \t]*` + QUOTED_VALUE + String.raw`[ \t]*\)`,
      String.raw`\b${COMPARE_CALL}\([ \t]*${CONVERTED(COMPARED_NAME)}[ \t]*,[ \t]*${CONVERTED(QUOTED_VALUE)}`,
      String.raw`\b${COMPARE_CALL}\([ \t]*${CONVERTED(QUOTED_VALUE)}[ \t]*,[ \t]*${CONVERTED(COMPARED_NAME)}[ \t]*[,)]`,
      String.raw`\bexpect\([ \t]*${COMPARED_NAME}[ \t]*\)(?:\.not)?\.(?:toBe|toEqual|toStrictEqual)\([ \t]*` + QUOTED_VALUE,
    ].join('|'), 'g'),
    accept: (value, context) => {
      const name = groupsOf(context)['name'] ?? '';
      // A member's last part names it (`this.password`, `cfg.db.password`).
      return isCredentialName(name.split(/\.|->|::/).at(-1) ?? '') && isCredentialValue(value, { quoted: true, configLine: false });
    },
    truePositives: [j('if ("', 'Tq7-vL2-wpZ9', '" == password) {'), j("if ('", 'open-sesame-42', "' !== this.dbSecret) return;"),
      j('if ("', 'Fern-Lake-204x', '".equals(password)) {'), j('if (user.password.equals("', 'Fern-Lake-204x', '")) {'),
      j('if (strcmp(password, "', 'Fern-Lake-204x', '") == 0) {'), j('expect(apiKey).toBe("', fill(20), '")'), j('assertEquals("', 'Fern-Lake-204x', '", dbPassword);'),
      j('if subtle.ConstantTimeCompare([]byte(token), []byte("', 'Fern-Lake-204x', '")) == 1 {'), j('crypto.timingSafeEqual(Buffer.from(apiKey), Buffer.from("', 'Fern-Lake-204x', '"))'),
      j('hmac.compare_digest(token.encode(), b"', 'Fern-Lake-204x', '")')],
    falsePositives: ['if ("" == password) {', 'if ("Bearer" == token_type) {', 'if ("undefined" === typeof token) {', 'if ("ok" == password_status) {',
      'password.equals(other.password)', 'if (password.equals("")) {', 'expect(token).toBe("undefined")', 'strcmp(password_mode, "strict")',
      'subtle.ConstantTimeCompare([]byte(token), []byte(expected))'],
  },
  // Each of an arm's patterns (`v1|v2)`) is a literal the variable is compared with: the first is matched from the
  // case, each later one from itself, the patterns before it read by a lookbehind.
  {
    id: 'credential-case-arm',
    description: 'a literal a shell case compares a credential\'s variable with, its first arm\'s pattern on the line below: case "$PASSWORD" in\n  v) echo ok ;;',
    keywords: ['case "$', 'case $', "case '$"], keywordsIgnoreCase: true, neverPlaceholder: true, lines: 1,
    pattern: new RegExp(String.raw`(?:${CASE_HEAD}|(?<=${CASE_HEAD}(?:${CASE_PATTERN}[ \t]*\|[ \t]*){1,7}))(?:${QUOTED_VALUE}|(?<value>${CASE_WORD}))[ \t]*[|)]`, 'g'),
    accept: (value, context) => isCredentialName(groupsOf(context)['name'] ?? '') && isCredentialValue(value, { quoted: true, configLine: false }),
    truePositives: [j('case "$PASSWORD" in\n  ', 'Fern-Lake-204x', ') echo ok ;;\nesac'), j("case ${API_TOKEN} in\n  '", 'Fern-Lake-204x', "'|'other') exit 0 ;;\nesac")],
    falsePositives: ['case "$PASSWORD" in\n  "") echo empty ;;\n  *) echo set ;;\nesac', 'case "$TOKEN_TYPE" in\n  bearer) ;;\nesac',
      'case "$PASSWORD" in\n  *[0-9]*) echo ok ;;\nesac', 'case "$1" in\n  start) run ;;\nesac'],
  },
  {
    id: 'credential-declaration',
    description: 'a literal a credential is declared with where no assignment operator precedes the quote: a C macro (#define DB_PASSWORD "v"), a conversion ([]byte("v"), String::from("v"), Buffer.from("v"), b"v")',
    // Woken by the declaration's own words, not the name's (credential words are on most lines of an agent's record).
    keywords: ['define', '[]byte(', '::from(', 'buffer.from(', 'string(', 'strdup(', 'bytes(', 'str(', '= b"', "= b'", '=b"', "=b'"],
    keywordsIgnoreCase: true, neverPlaceholder: true, near: { before: 120, after: 480 },
    pattern: new RegExp([
      String.raw`#[ \t]*define[ \t]+(?<name>[A-Za-z_]\w{0,80})[ \t]+(?:L|u8|@)?` + QUOTED_VALUE,
      String.raw`(?<![\w.$-])(?<name>[A-Za-z_$][\w$]{0,80})(?:[ \t]*:[ \t]*[\w<>&\[\]]{1,30})?[ \t]*:?=[ \t]*` +
        String.raw`(?:\[\]byte|String::from|(?:std::)?string|Buffer\.from|bytes|str|(?:new[ \t]+)?String|strdup|\w{1,20}::from)\([ \t]*(?:b|r)?` + QUOTED_VALUE + String.raw`[ \t]*[,)]`,
      String.raw`(?<![\w.$-])(?<name>[A-Za-z_$][\w$]{0,80})[ \t]*=[ \t]*[bB]` + QUOTED_VALUE,
    ].join('|'), 'g'),
    accept: (value, context) => isCredentialName(groupsOf(context)['name'] ?? '') && isCredentialValue(value, { quoted: true, configLine: false }),
    truePositives: [j('#define DB_PASSWORD "', 'Fern-Lake-204x', '"'), j('var dbPassword = []byte("', 'Fern-Lake-204x', '")'),
      j('let api_token = String::from("', fill(20), '");'), j('SECRET_KEY = b"', 'Fern-Lake-204x', '"')],
    falsePositives: ['#define PASSWORD_MAX_LEN "64"', '#define DB_PASSWORD ""', 'var dbPassword = []byte(os.Getenv("DB_PASSWORD"))', 'token = b""'],
  },
  {
    id: 'bundler-credentials',
    description: "a gem source's credentials given to Bundler: BUNDLE_GEMS__ACME__IO=user:pass (the host spelled with __ for each dot), bundle config set gems.acme.io user:pass",
    keywords: ['bundle_', 'bundle config'], keywordsIgnoreCase: true, neverPlaceholder: true,
    pattern: new RegExp([
      // Bundler's own settings (BUNDLE_PATH, BUNDLE_WITHOUT) have no __: a host's name has one for each dot, and ends with its top-level domain.
      String.raw`\bBUNDLE_(?:[A-Z0-9]+(?:___?))+[A-Z]{2,24}(?![\w])[ \t]*[=:][ \t]*(?:(?<quote>["'])(?<value>[^"'\s]{1,400})\k<quote>|(?<value>[^\s"'\x60;&|\\]{1,400}))`,
      String.raw`\bbundle[ \t]+config(?:[ \t]+set)?(?:[ \t]+--(?:global|local))?[ \t]+(?:https?:\/\/)?[a-z0-9-]+(?:\.[a-z0-9-]+)+\/?[ \t]+(?:(?<quote>["'])(?<value>[^"'\s]{1,400})\k<quote>|(?<value>[^\s"'\x60;&|\\]{1,400}))`,
    ].join('|'), 'gi'),
    accept: (value) => !isTemplateOnly(value) && !isTemplateOnly(value.slice(value.indexOf(':') + 1))
      && isCredentialValue(value, { quoted: true, configLine: true }),
    truePositives: [j('export BUNDLE_GEMS__ACME__IO=', 'deploy:f00dfeed9a'), j('bundle config set --global gems.acme.io ', 'deploy:f00dfeed9a')],
    falsePositives: ['export BUNDLE_PATH=vendor/bundle', 'BUNDLE_WITHOUT: development:test', 'BUNDLE_GEMS__ACME__IO: ${GEMS_CREDENTIALS}',
      'bundle config set --local path vendor/bundle', 'bundle config set --global gems.acme.io $ACME_GEMS_AUTH'],
  },
  {
    id: 'kubernetes-secret-data',
    description: "the values of a Kubernetes Secret's data: map (base64 of the secret itself, under any key: key: bXlw…, extra: 'YWRt…') and stringData: map, also with its kind: Secret out of reach",
    // The window opens at the manifest's apiVersion or kind line and reaches past its data: map, wherever kind stands.
    keywords: ['apiversion:', 'kind: secret', "kind: 'secret'", 'kind: "secret"', '"apiversion":', '"kind": "secret"', '"kind":"secret"'],
    keywordsIgnoreCase: true, multiline: true, neverPlaceholder: true,
    // An entry of the map: a line after `data:` (also a list item's `- data:`) and only entries, comments, blank lines or the
    // indented lines of a block scalar (`ca.crt: |`) before it (the lookbehind runs at line starts only), the same after `stringData:` with any value (group `plain`), or an entry of a "data" object of kubectl's JSON
    // (`"data": {"password": "cGFz…", …}`, group `json`).
    pattern: new RegExp([
      String.raw`^(?=${MAP_ENTRY})(?<=^[ \t]*(?:-[ \t]+)?data:[ \t]*\r?\n${MAP_LINE}{0,200})[ \t]+[\w.-]{1,253}:[ \t]*(?:(?<quote>["'])(?<value>[A-Za-z0-9+/]{4,}={0,2})\k<quote>|(?<value>[A-Za-z0-9+/]{4,}={0,2}))[ \t]*\r?$`,
      String.raw`^(?=${MAP_ENTRY})(?<=^[ \t]*(?:-[ \t]+)?stringData:[ \t]*\r?\n${MAP_LINE}{0,200})[ \t]+[\w.-]{1,253}:[ \t]+(?<plain>)(?:(?<quote>["'])(?<value>[^\n]{1,400}?)\k<quote>|(?<value>[^\s#"'|>][^\n]{0,400}?))[ \t]*\r?$`,
      String.raw`(?<json>)(?<="data"[ \t]*:[ \t]*\{\s*(?:"[\w.-]{1,253}"[ \t]*:[ \t]*"[A-Za-z0-9+/=]*"\s*,\s*){0,200})"[\w.-]{1,253}"[ \t]*:[ \t]*"(?<value>[A-Za-z0-9+/]{4,}={0,2})"`,
    ].join('|'), 'gm'),
    accept: acceptKubernetesData,
    truePositives: [j('apiVersion: v1\nkind: Secret\nmetadata:\n  name: ledger-db\ntype: Opaque\ndata:\n  db-login: ', 'c3VubnktT3R0ZXItOTE=', '\n'),
      j('apiVersion: v1\ndata:\n  # the API key, base64\n  api: "', 'Zm9yZXN0LWxha2UtMjA0', '"\nkind: Secret\nmetadata:\n  name: x\n'),
      j('{\n    "apiVersion": "v1",\n    "data": {\n        "ca.crt": "LS0tLS1CRUdJTg==",\n        "db-login": "', 'c3VubnktT3R0ZXItOTE=', '"\n    },\n    "kind": "Secret"\n}'),
      j('apiVersion: v1\ndata:\n  app-salt: ', 'UXo0LWFtYmVyLWhlcm9uLVR5ODg=', '\n  ca.crt: '), j('apiVersion: v1\nkind: Secret\nstringData:\n  app-salt: ', 'amber-heron-Ty88', '\n')],
    falsePositives: ['apiVersion: v1\nkind: ConfigMap\ndata:\n  mode: cHJvZHVjdGlvbg==\n', 'apiVersion: v1\nkind: Secret\ndata:\n  flag: YmFyCg==\n', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\ndata:\n  key: ${DB_PASSWORD_B64}\n',
      'apiVersion: v1\nkind: Secret\ndata:\n  tls.crt: ""\nmetadata:\n  name: x\n', '{"apiVersion": "v1", "kind": "ConfigMap", "data": {"mode": "cHJvZHVjdGlvbg=="}}',
      'apiVersion: v1\ndata:\n  mode: cHJvZHVjdGlvbg==\n  log-level: info\n  endpoint: db.acme-ledger.net\n', 'apiVersion: v1\ndata:\n  mode: cHJvZHVjdGlvbg==\nkind: ConfigMap\n',
      'apiVersion: v1\nkind: Secret\nstringData:\n  password: ${DB_PASSWORD}\n'],
  },
  {
    id: 'credential-argument',
    description: 'a credential passed to a call: beside its name (setProperty("X_TOKEN", "v")), by position to a login or connection API (HTTPBasicAuth("u", "v"), getConnection(url, "u", "v")), to a setter (setPassword("v")), or typed into a password field (page.fill("#password", "v"))',
    keywords: [...CREDENTIAL_WORDS, ...CALL_KEYWORDS], keywordsIgnoreCase: true, neverPlaceholder: true, near: { before: 120, after: 640 },
    pattern: CREDENTIAL_CALL,
    accept: acceptCallArgument,
    truePositives: [j('System.setProperty("DB_TOKEN", "', fill(16), '")'), j('os.getenv("api_key", "', 'k3y-', fill(12), '")'),
      j('conn = pymysql.connect("db", "app", "', 'Pa55-w0rd', '", "x")'),
      j('server.login("alerts", "', 'Pa55-w0rd', '")'), j("await page.getByLabel('Password').fill('", 'Pa55-w0rd', "')"), j('user.set_password("', 'Pa55-w0rd', '")')],
    falsePositives: ['os.getenv("API_KEY", None)', 'setProperty("token_count", "3")', "page.fill('#email', 'bob.smith-2')", 'server.login(user, password)',
      "cy.get('#password').type(Cypress.env('PW'))", 'setTokenUrl("https://auth.x/t")', 'connect("db", 5432, "ledger")'],
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
    // In either order, other attributes between; an input's type="password" names its value too.
    pattern: new RegExp([
      String.raw`(?<!\w)(?:key|name|id|type)\s*=\s*(?<nq>["'])(?<name>[^"'\n]{1,80})\k<nq>\s+(?:[\w-]+\s*=\s*["'][^"'\n]*["']\s+)*value\s*=\s*(?<quote>["'])(?<value>[^"'\n]{1,400})\k<quote>`,
      String.raw`(?<!\w)value\s*=\s*(?<quote>["'])(?<value>[^"'\n]{1,400})\k<quote>\s+(?:[\w-]+\s*=\s*["'][^"'\n]*["']\s+)*(?:key|name|id|type)\s*=\s*(?<nq>["'])(?<name>[^"'\n]{1,80})\k<nq>`,
    ].join('|'), 'gi'),
    accept: (value, context) => isCredentialName(groupsOf(context)['name'] ?? '') && isCredentialValue(value, { quoted: true, configLine: false }),
    truePositives: [j('<add key="ClearTextPassword" value="', 'hunter2x', '" />'), j('<input name="password" value="', 'pl41n-text', '">'),
      j('<input type="password" value="', 'Xa5-tundra-Kat47', '">'), j('<input value="', 'Tu5-garnet-Pet50', '" type="password">')],
    falsePositives: ['<add key="Username" value="bob" />', '<input name="password" value="">'],
  },
  {
    id: 'credential-flag', description: 'the value of a command-line flag named for a credential (--password X, --api-key=X, -storepass X)',
    keywords: CREDENTIAL_WORDS, keywordsIgnoreCase: true, neverPlaceholder: true, anchor: 'name',
    // A Java system property is a flag too: -Djavax.net.ssl.keyStorePassword=X (a dotted name after -D).
    pattern: new RegExp(String.raw`(?<![\w-])(?<name>--?[A-Za-z][\w-]{0,60}|-D[A-Za-z][\w.-]{0,80})(?:=|[ \t]+)(?!-)` + VALUE, 'g'),
    accept: (value, context) => isCredentialName(groupsOf(context)['name'] ?? '')
      && isCredentialValue(value, { quoted: groupsOf(context)['quote'] !== undefined, configLine: true }),
    truePositives: [j('mysql --password ', 'hunter2'), j('--api-key=', fill(20)), j('keytool -storepass ', 'ch4ng3d1t'), j('wget --http-password="', 'a b c', '"'),
      j('java -Djavax.net.ssl.keyStorePassword=', 'ch4ng3d1t', ' -jar app.jar')],
    falsePositives: ['--password-file /run/secrets/x', '-Dfoo.token.ttl=3600', '--token $GITHUB_TOKEN', 'docker login --password-stdin', '--max-tokens 4096'],
  },
  {
    id: 'credential-command',
    description: 'a password a command takes by position, short flag or stdin: curl -u user:pass, mysql -pX, sshpass -p X, docker login -p X, redis-cli -a X, htpasswd -b, smbclient -U u%p, openssl pass:X and enc -k, aws configure set, unzip -P, ssh-keygen -N, echo X | passwd --stdin, chpasswd, net user, xfreerdp /p:, rabbitmqctl add_user, a redis AUTH or FTP PASS line',
    keywords: ['curl', 'wget', '-u ', '--user', '--auth', ' -a ', 'mysql', 'mariadb', 'sshpass', 'login', 'redis-cli', 'htpasswd', 'smbclient', 'pass:', 'configure set', 'ldap', '/user:',
      'mongo', 'sqlcmd', 'bcp ', 'osql', 'zip ', '7z ', '7za ', 'sudo -S', 'ssh-keygen', 'passwd', 'openssl', 'secret set', 'secret create', 'rabbitmqctl',
      'net user', 'xfreerdp', 'wlfreerdp', 'sdl-freerdp', '/password:', 'schtasks', 'psexec', 'rdesktop', '<<<', 'requirepass', 'masterauth', '> auth',
      ': auth', 'pass ', '--from-literal', 'config set', 'poetry config', '<(echo', '<(printf', '<( echo', '<( printf', 'setuser'],
    keywordsIgnoreCase: true, neverPlaceholder: true,
    pattern: new RegExp([
      // curl -u user:password (not a URL: `az login -u http://app-id` passes an application's name).
      // The password alone may be quoted (`--user ops:'v'`, `-u "id":"v"`); an API key is often the user with no password (`-u "KEY:"`).
      // HTTPie and xh take the pair as `-a`/`--auth` (`http -a bo:v api.example.com/me`).
      String.raw`(?<![\w-])(?:-u|--user|--proxy-user|--auth(?![\w-])|(?<=\b(?:https?|xhs?)\b[^\n|;&]{0,80})-a)(?:[ \t]+|=)?(?![a-z][a-z0-9+.-]*:\/\/)(?!["']?\[(?:REDACTED|WITHHELD))(?:(?<quote>["'])(?<value>[^"'\n:\s]*:[^"'\n]+)\k<quote>|(?<value>[^\s:"'\\]*:[^\s"'\\]+)` +
        String.raw`|(?:"[^"\n:]*"|'[^'\n:]*'|[^\s:"'\\]+):(?<pq>["'])(?<value>[^"'\n]+)\k<pq>|(?<keyuser>)(?<kq>["']?)(?<value>[^\s:"'\\]{16,200}):\k<kq>(?=[\s;|&]|$))`,
      String.raw`\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlsh|mariadb(?:-dump)?)\b[^\n|;&]*?[ \t]-p` + FLAG_VALUE,
      String.raw`\bsshpass\b[^\n|;&]*?[ \t]-p[ \t]*` + FLAG_VALUE,
      // docker, podman, helm... login -p X; az login, oc login, cf login -p X.
      String.raw`\b(?:docker|podman|nerdctl|buildah|skopeo|helm|oras|crane)(?:[ \t]+registry)?[ \t]+login\b[^\n|;&]*?[ \t]-p[ \t]*` + FLAG_VALUE,
      String.raw`\blogin\b[^\n|;&]*?[ \t]-p[ \t]+` + FLAG_VALUE,
      String.raw`\bredis-cli\b[^\n|;&]*?[ \t](?:-a|--pass)[ \t]+` + FLAG_VALUE,
      String.raw`\b(?:mongosh|mongo|mongodump|mongorestore|mongoexport|mongoimport)\b[^\n|;&]*?[ \t]-p[ \t]*` + FLAG_VALUE,
      String.raw`\b(?:sqlcmd|bcp|osql)\b[^\n|;&]*?[ \t]-P[ \t]*` + FLAG_VALUE,
      String.raw`\b(?:zip|unzip|zipcloak)\b[^\n|;&]*?[ \t](?:-P|--password)[ \t]+` + FLAG_VALUE,
      String.raw`\b7za?\b[^\n|;&]*?[ \t]-p` + FLAG_VALUE,
      // ssh-keygen's new and old passphrases; openssl enc's -k; gh secret set's --body.
      String.raw`(?<=\bssh-keygen\b[^\n|;&]*[ \t])-[NP][ \t]*` + FLAG_VALUE,
      String.raw`\bopenssl[ \t]+(?:enc|aes[\w-]*|des[\w-]*|bf[\w-]*|camellia[\w-]*|chacha20)\b[^\n|;&]*?[ \t]-k[ \t]+` + FLAG_VALUE,
      String.raw`\bgh[ \t]+secret[ \t]+set\b[^\n|;&]*?[ \t](?:--body|-b)(?:[ \t]+|=)` + FLAG_VALUE,
      // kubectl create secret generic x --from-literal=KEY=v: each value of a secret, whatever its key.
      String.raw`(?<=\bsecret[ \t]+generic\b[^\n|;&]*)--from-literal[= ][^=\s"']{1,100}=` + FLAG_VALUE,
      // A password piped or fed to a command that reads it from stdin: sudo -S, passwd --stdin, docker secret create, login --password-stdin.
      String.raw`\b(?:echo|printf)(?:[ \t]+-[neE]+)*(?:[ \t]+'%s(?:\\n)?')?[ \t]+` + FLAG_VALUE + String.raw`[ \t]*\|[ \t]*(?:sudo[ \t]+(?:-\w+[ \t]+)*)?` + STDIN_SINK,
      String.raw`\b` + STDIN_SINK + String.raw`[^\n|;&<]*<<<[ \t]*` + FLAG_VALUE,
      // chpasswd reads user:password lines.
      String.raw`\b(?:echo|printf)(?:[ \t]+-[neE]+)*[ \t]+(?<cq>['"]?)[^\s:'"]{1,64}:(?<value>[^\s'"]{1,200})\k<cq>[ \t]*\|[ \t]*(?:sudo[ \t]+)?chpasswd\b`,
      String.raw`\bchpasswd\b[^\n|;&<]*<<<[ \t]*(?<cq>['"]?)[^\s:'"]{1,64}:(?<value>[^\s'"]{1,200})\k<cq>`,
      // htpasswd -b [-c] file user password, htpasswd -nb user password (mosquitto_passwd -b alike).
      String.raw`\b(?:htpasswd|mosquitto_passwd)(?=${HTPASSWD_FLAGS}*[ \t]+-[A-Za-z]*b)(?=${HTPASSWD_FLAGS}*[ \t]+-[A-Za-z]*n)${HTPASSWD_FLAGS}+[ \t]+(?!-)[^\s\\]+[ \t]+(?<value>[^\s"'\\-][^\s"']{0,200})`,
      String.raw`\b(?:htpasswd|mosquitto_passwd)(?=${HTPASSWD_FLAGS}*[ \t]+-[A-Za-z]*b)(?!${HTPASSWD_FLAGS}*[ \t]+-[A-Za-z]*n)${HTPASSWD_FLAGS}+[ \t]+(?!-)[^\s\\]+[ \t]+(?!-)[^\s\\]+[ \t]+(?<value>[^\s"'\\-][^\s"']{0,200})`,
      String.raw`\bsmbclient\b[^\n|;&]*?[ \t]-U[ \t]*(?<value>[^\s%"']+%[^\s"']+)`,
      // A password file made on the fly: --vault-password-file=<(echo X), --password-file <(printf '%s\n' X), sshpass -f <(…).
      String.raw`(?:--[\w-]*pass(?:word|phrase)?[\w-]*(?:=|[ \t]+)|\bsshpass\b[^\n|;&]{0,200}?[ \t]-f[ \t]*)<\([ \t]*(?:echo|printf)[ \t]+(?:-[ne]+[ \t]+)?` +
        String.raw`(?:(?:'%[^'\n]{0,12}'|"%[^"\n]{0,12}")[ \t]+)?["']?(?<value>[^\s)"']{1,200})`,
      String.raw`(?:-passin|-passout|-pass|-password|-passphrase)[ \t]+pass:(?<value>[^\s"']{1,200})`,
      // aws configure set NAME X; npm, pnpm and yarn config set NAME X (`//registry.npmjs.org/:_authToken`, `npmAuthToken`).
      String.raw`\b(?:configure|config)[ \t]+set[ \t]+(?:(?:--global|--location[= ]\w+|-g)[ \t]+)*(?<name>[\w.:/@-]+)[ \t]+(?<value>[^\s"']{1,200})`,
      // poetry config pypi-token.NAME X, poetry config http-basic.NAME USER X.
      String.raw`\bpoetry[ \t]+config[ \t]+(?:pypi-token\.[\w.-]+|http-basic\.[\w.-]+[ \t]+(?!-)[^\s"']+)[ \t]+(?<value>[^\s"'-][^\s"']{0,200})`,
      String.raw`\bldap\w*\b[^\n|;&]*?[ \t]-w[ \t]+` + FLAG_VALUE,
      // The user ends at a quote or a tag: in a page `/user:CORP\me&quot;}</pre>` is followed by markup, not a password.
      String.raw`\/user:[^\s"'<>&]+[ \t]+(?<value>[^\s/"'][^\s"']{0,200})`,
      // Windows: net user NAME PASSWORD, xfreerdp /p:X, cmdkey /pass:X, wmic /password:X, schtasks /rp X, psexec -p X, rdesktop -p X.
      String.raw`\bnet[ \t]+user[ \t]+(?:"[^"\n]+"|[^\s/"]+)[ \t]+(?<value>[^\s/"'*][^\s"']{0,200})`,
      String.raw`\b(?:[xw]l?freerdp|sdl-freerdp)\b[^\n|;&]*?[ \t]\/p:` + FLAG_VALUE,
      String.raw`(?:^|[ \t])\/(?:pass|password|pwd):` + FLAG_VALUE,
      String.raw`\bschtasks\b[^\n|;&]*?[ \t]\/rp[ \t]+` + FLAG_VALUE,
      String.raw`\b(?:psexec(?:64)?|rdesktop)\b[^\n|;&]*?[ \t]-p[ \t]+` + FLAG_VALUE,
      // Message brokers and Redis: rabbitmqctl add_user NAME PASSWORD, requirepass X (redis.conf, CONFIG SET).
      String.raw`\brabbitmqctl\b[^\n|;&]*?[ \t](?:add_user|change_password)[ \t]+\S+[ \t]+` + FLAG_VALUE,
      String.raw`\b(?:requirepass|masterauth)[ \t]+` + FLAG_VALUE,
      // Redis's ACL rules: a user's password after `>` (`ACL SETUSER app on >v ~* +@all`); `#<sha256>` is its hash.
      String.raw`\bSETUSER[ \t]+\S{1,80}(?:[ \t]+[^\s>]\S{0,80}){0,12}?[ \t]+>(?<value>[^\s"'\\]{1,200})`,
      // A protocol transcript (redis-cli prompt, curl -v, swaks, an FTP or POP3 log): AUTH [user] X, PASS X, a1 LOGIN user X.
      String.raw`(?:^|[ \t])${TRANSCRIPT_PROMPT}[ \t]*(?:AUTH|auth)[ \t]+(?:\S+[ \t]+)?(?<value>\S{1,200})[ \t]*$`,
      String.raw`(?:^|[ \t])${TRANSCRIPT_PROMPT}[ \t]*PASS[ \t]+(?<value>\S{1,200})[ \t]*$`,
      String.raw`^[ \t]*(?:${TRANSCRIPT_PROMPT}[ \t]*)?[A-Za-z]?\d{1,4}[ \t]+LOGIN[ \t]+\S+[ \t]+(?<value>\S{1,200})[ \t]*$`,
      // A command as an argument list (a tool call's JSON): ["mysql", "-uroot", "-pX"].
      String.raw`\[[ \t]*"(?:mysql|mysqldump|mysqladmin|mariadb|sshpass|redis-cli|mongosh)"[^\]\n]*?"-[pPa](?<value>[^"\n]{1,200})"`,
    ].join('|'), 'gi'),
    accept: (value, context) => {
      const name = groupsOf(context)['name'];
      if (name !== undefined && !isCredentialName(name)) return false;
      // A key given as the user, its password empty (`curl -u KEY:`): only a value that reads as a key, not a user's name.
      if (groupsOf(context)['keyuser'] !== undefined) return !isTemplateOnly(value) && !value.includes('@') && looksLikeSecretValue(value) && isCredentialValue(value, { quoted: false, configLine: true });
      const password = value.includes(':') && groupsOf(context)['pq'] === undefined && /^(?:-u|--user|--proxy-user|--auth|-a)/i.test(context.match[0])
        ? value.slice(value.indexOf(':') + 1) : value;
      // In a page or a JSON string the password's quotes are escaped (`ops:&quot;$PASS&quot;`, `ops:\"$PASS\"`): the template is inside.
      const unquoted = password.replace(/^(?:&(?:quot|apos|#0?39|#x27);|\\["'])|(?:&(?:quot|apos|#0?39|#x27);|\\["'])$/g, '');
      if (isTemplateOnly(unquoted)) return false;
      // `-u <user:password>` names both parts in one template: nothing was given.
      // Judged inside those quotes: `&#39;[REDACTED:…]&#39;` is a marker already written in a page.
      return !isTemplateOnly(value) && !isTemplateOnly(password) && !SASL_WORDS.test(password) && isCredentialValue(unquoted, { quoted: false, configLine: true });
    },
    truePositives: [j('redis-cli ACL SETUSER app on >', 'Hp1-lantern-Vox41', ' ~* +@all'), j('http -a bo:', 'Wc1-fern-Zot81', ' api.example.com/me'), j('https -a bo:', 'Wc1-fern-Zot81', ' pie.dev/basic-auth/bo/x'), j('curl -u admin:', 'hunter2 https://x'), j("curl --user ops:'", 'Tq7 vL2wpZ9', "' https://x"), j('curl -u ', fill(24), ': https://x'), j('mysql -u root -p', 'S3cret!'), j('sshpass -p ', 'pl41n ssh host'), j("sshpass -f <(printf '%s\\n' ", 'Dj8-tern-Rax57', ') ssh bo@host'), j('docker login -u me -p ', 'dckr-pw1'),
      j('redis-cli -a ', 'r3dis-pass'), j('aws configure set aws_secret_access_key ', fill(40)), j('npm config set //registry.npmjs.org/:_authToken ', 'npm-tok3n-Value'),
      j('poetry config http-basic.acme admin ', 'Pa55-w0rd'), j('unzip -P ', 'z1p-pass', ' x.zip'),
      j("echo '", 'Pa55-w0rd', "' | passwd --stdin app"), j('htpasswd -b -c .htpasswd admin ', 'Pa55-w0rd'), j('cache:6379> AUTH ', 'Pa55-w0rd'),
      j('net user svc ', 'Pa55-w0rd', ' /add')],
    falsePositives: ['ACL SETUSER app on nopass ~* +@all', 'ACL SETUSER app on #a1b2c3 ~* +@all', 'ls -a src:lib', 'git commit -a -m fix:typo', 'http -a bo:$PASS api.example.com', 'http --auth-type=bearer x', 'curl -u "$USER:$PASS" https://x', 'curl -u admin: https://x', "curl --user ops:'$OPS_PASS' https://x", 'curl -u <username:password> https://api.acme.test/', 'mysql -p', 'mysql -u root -p -h db', 'aws configure set region us-east-1', 'npm config set registry https://registry.npmjs.org/', 'poetry config virtualenvs.in-project true', 'htpasswd -c .htpasswd admin',
      'PASS src/redact/rules.test.ts', '> AUTH LOGIN', 'net user bob /delete', 'msbuild /p:Configuration=Release', 'ssh-keygen -t ed25519 -N "" -f key'],
  },
  {
    id: 'credential-after-name', description: 'a secret-looking value after a credential word and a space (.netrc `password x`, `token x`)',
    keywords: ['password', 'passwd', 'pwd', 'secret', 'token', 'apikey', 'api_key', 'passphrase', '_pass ', '_pass\t', '_pass,', '-pass '], keywordsIgnoreCase: true,
    // Or a statement of a configuration language that ends with `;` (named.conf's `secret "v";`, nginx, Tcl's `set password "v";`).
    // A name the word ends (`PGPASSWORD Kx9…`, `DB_PASSWORD\tKx9…`, `REDIS_PASS Kx9…`, as `env` or a table prints them) holds a value
    // that looks like a secret; so does one after a separator a listing puts between them (`DB_PASSWORD | Kx9…`, `- `, `, `, `→`, `=>`).
    pattern: /(?<![\w-])(?<name>(?<prefix>[A-Za-z][A-Za-z0-9]*(?:[_-][A-Za-z0-9]+){0,3}[_-]?)?(?:password|passwd|passphrase|pass|pwd|secret|token|apikey|api_key))(?:[ \t]+(?<sep>(?:\||-{1,2}|~|::|->|=>|\x80)[ \t]+)?|(?<sep>[ \t]*,[ \t]*))(?:(?<value>[^\s"'<>=:\\[\]]{4,200})(?=[\s"'<>,;)\\\]]|$)|(?<stmt>)"(?<value>[^"\n]{1,200})"[ \t]*;)/gi,
    accept: (raw, { text, match, slice }) => {
      // In a page a bare value ends where an escaped quote or tag does (`password config&quot;}`).
      const value = raw.replace(ESCAPED_END, '');
      if (value.length < 4) return false;
      // A struct's field and its type (`AccessToken *oauth2.Token`, `Secret []byte`).
      if (DECLARED_TYPE.test(value)) return false;
      // A character beyond Latin-1 between them (folded in a base view) separates them only when it is an arrow (`PGPASSWORD → v`).
      const sep = match.groups?.['sep'];
      if (sep?.includes(FOLDED_CHAR)) {
        const at = match.index + match[0].indexOf(sep) + sep.indexOf(FOLDED_CHAR);
        if (!ARROWS.has(slice(at, at + 1))) return false;
      }
      // `pass` alone is a test's verdict (`PASS src/x.test.ts`): only a longer name (`REDIS_PASS`) holds one.
      if (match.groups?.['prefix'] === undefined && /^pass$/i.test(match.groups?.['name'] ?? '')) return false;
      // `the root password, v, works` is a sentence: credential-prose reads it.
      if (match.groups?.['prefix'] === undefined && match.groups?.['sep']?.includes(',')) return false;
      if (match.groups?.['prefix'] !== undefined || match.groups?.['sep'] !== undefined) {
        return match.groups['stmt'] === undefined && isCredentialName(match.groups['name']!) && looksDrawn(value);
      }
      // The statement is a line of its own: `enter the password "again";` is prose.
      // In a page its quotes are entities (`secret &quot;v&quot;;`): the same statement.
      const entity = /^&(?:quot|apos|#0?39|#x27);(.*?)&(?:quot|apos|#0?39|#x27);;?$/.exec(value);
      if (match.groups?.['stmt'] !== undefined || entity) {
        return /^[ \t]*$/.test(text.slice(text.lastIndexOf('\n', match.index) + 1, match.index))
          && isCredentialValue(entity ? entity[1]! : value, { quoted: true, configLine: false });
      }
      if (TYPE_NAME.test(value) || /^(?:is|was|for|of|and|or|to|in|the|with|from|file|field|reset|expired|required)$/i.test(value)) return false;
      // The shell's `pwd` prints or is given a folder, not a password: `pwd /home/me`. Only a path of
      // plain words: `pwd /Kx9mQ2vL` may be a password that starts with a slash.
      if (/^pwd$/i.test(match.groups?.['name'] ?? '') && /^(?:~|\.{1,2})?(?:\/[a-z_][a-z_.-]{0,63})+\/?$/i.test(value)) return false;
      // A .netrc: `machine h login u password p` on one line, or `password p` as a line of its own.
      const lineOfItsOwn = /^[ \t]*$/.test(text.slice(0, match.index)) && /^[ \t]*$/.test(text.slice(match.index + match[0].length));
      // The .netrc's own line only: in a JSON string (one line of `\n` escapes) the words of other lines are not its.
      const escape = text.lastIndexOf('\\n', match.index);
      const lineBefore = text.slice(Math.max(text.lastIndexOf('\n', match.index) + 1, escape < 0 ? 0 : escape + 2), match.index);
      return looksLikeSecretValue(value) || /\b(?:machine|login|default)\b/.test(lineBefore)
        || (lineOfItsOwn && isCredentialValue(value, { quoted: false, configLine: true }));
    },
    truePositives: [j('machine example.net login me password ', 'sunshine'), j('token ', fill(24)), j('PGPASSWORD → ', 'Ze2-dune-Cun96'), j('dbPassword ⇒ ', 'Bo6-jasper-Bux26'),
      j('key "xfer-key" {\n  algorithm hmac-sha256;\n  secret "', fill(44), '";\n};')],
    falsePositives: ['the password is stored in the vault', 'See [Password reset](#password-reset-steps).', 'password reset link', 'token expired', 'amount of the token transferred\\n\\n## x', 'run pwd /home/user/project',
      'secret "";', 'secret "${TSIG_SECRET}";', 'enter the password "again";', 'tokens.map(token => token.trim())', 'DB_PASSWORD ½ Ze2-dune-Cun96'],
  },
  {
    id: 'credential-prose-reversed',
    description: 'a password a sentence gives before its name (v is the new password, use v as the password for staging) or on the line below a verb that ends its own (PGPASSWORD is now / v)',
    keywords: ['password', 'passphrase', 'passcode', 'passwd', 'pwd', 'secret', 'token', 'pin ', 'api key'], keywordsIgnoreCase: true, neverPlaceholder: true, lines: 3,
    pattern: new RegExp([
      // v is the new password, v was my old passphrase: only a value that looks drawn counts (`which is the password` holds none).
      String.raw`(?<![^\s"'(\x60])(?<value>[^\s"'\x60<>(),;]{6,100})[ \t]+(?:is|was|will[ \t]+be|becomes|became)[ \t]+(?:(?:the|my|your|our|their|a)[ \t]+)?(?:[\w-]{1,20}[ \t]+){0,2}?(?<name>${PROSE_NAME})\b`,
      // use v as the password (for staging), set v as your token.
      String.raw`\b(?:use|using|try|set|pick|choose)[ \t]+(?<value>[^\s"'\x60<>(),;]{6,100})[ \t]+as[ \t]+(?:(?:the|my|your|our|their|a)[ \t]+)?(?:[\w-]{1,20}[ \t]+){0,2}?(?<name>${PROSE_NAME})\b`,
      // PGPASSWORD is now / (blank lines) / v: the verb ends its line, the value stands alone on the next one written
      // (with a colon the sentence is a prompt: credential-prompt's).
      String.raw`\b(?<name>${PROSE_NAME}|${PROSE_COMPOUND_NAME})(?:[ \t]+for[ \t]+(?:the[ \t]+)?[\w.@'-]{1,40})?[ \t]+${PROSE_VERB}[ \t]*\r?\n(?:[ \t]*\r?\n){0,2}[ \t]*(?<below>)(?<value>[^\s"'\x60<>(),;]{6,100})[ \t]*\r?$`,
    ].join('|'), 'gim'),
    accept: (value, context) => {
      const bare = value.replace(/[.!?]+$/, '');
      // Below its sentence a value stands alone: any that is no word; before its name, one that looks drawn.
      const shaped = groupsOf(context)['below'] !== undefined ? /[\d\W_]/.test(bare) : looksDrawn(bare);
      return shaped && isCredentialValue(bare, { quoted: false, configLine: false });
    },
    truePositives: [j('', 'De9-prism-Mox90', ' is the new password'), j('use ', 'Du2-juniper-Pon96', ' as the password for staging'), j('PGPASSWORD is now\n\n', 'Fu2-cedar-Put11', '\n'),
      j('The token was changed to\n', 'ghx-Rq7mZ2kP9wLc', '\n')],
    falsePositives: ['which is the new password', 'this is the password policy', 'use bcrypt as the password hash', 'The password is now\n\nrequired for every user',
      'Password rotation is now\n\nenabled', 'config.yaml is the token file'],
  },
  {
    id: 'credential-prose',
    description: 'a password named in a sentence or a note: the password is "v", set the password to v, PIN is 4821, creds: admin / v, log in as admin with v',
    keywords: ['password', 'passphrase', 'passcode', 'pin ', 'secret', 'token', 'passwd', 'pwd ', 'pw ', 'creds', 'credential', 'login', 'log in', 'logged in',
      ...['alarm', 'door', 'gate', 'garage', 'safe', 'lock', 'entry', 'keypad', 'building', 'locker'].map((thing) => `${thing} code`),
      'logging in', 'sign in', 'signed in', 'logon', 'authenticat', ' / ', 'pass is', 'pass was', 'with pw ', 'user/pass', 'name/pass', 'user / pass', ', pass ', ',pass ', '; pass ', ...PROSE_KEY_WORDS, ...PROSE_OTHER_LANGUAGES_WORDS],
    keywordsIgnoreCase: true, neverPlaceholder: true,
    pattern: new RegExp([
      // The password is "v", the pw was v, the PIN for the door is 4821, password for admin is v.
      String.raw`\b(?<name>${PROSE_NAME}|${PROSE_COMPOUND_NAME})(?:[ \t]+for[ \t]+(?:the[ \t]+)?[\w.@'-]{1,40})?` +
        String.raw`\s+${PROSE_VERB}\s*:?\s+` + PROSE_VALUE,
      // Passwort ist v, le mot de passe est v, la contraseña es v, a senha é v, het wachtwoord is v (bytes beyond ASCII as \x escapes).
      String.raw`(?<![A-Za-z\xc0-\xff])(?<name>${FOREIGN_PROSE_WORD})[ \t]+` +
        String.raw`(?:ist|lautet|war|est|\xe9tait|es|era|\xe9|is|was|\xe4r|var|on|oli)\s*:?\s+` + PROSE_VALUE,
      // Ang password ay v, das Password ist v: the English word with another language's `is` in Latin letters (`è` and the
      // other scripts' are credential-prose-script's).
      String.raw`\b(?<name>password|passphrase|passcode|pin)[ \t]+(?<foreign>ay|ist|est|es|era|\xe4r|er|oli|jest|je|este|yra|ir|adalah|ialah|ni)[ \t]+` + PROSE_VALUE,
      // ssh admin@host with pw v: the value right after a short name and `with`.
      // With `password` the value is bare (`with password mulberry.`): a quoted one is SQL's `WITH PASSWORD 'v'`, credential-sql's.
      String.raw`\bwith[ \t]+(?:(?<name>pw|pwd)|(?<name>password|passphrase)(?=[ \t]+[^\s"'\x60]))[ \t]+` + PROSE_VALUE,
      // the root pw Vale-Orbit-5521: no verb at all, so only a value that looks like a secret counts.
      // The value ends at an escape of an escaped string (`passwd app\n&quot;` in a page is a command's end).
      // An `&` ends it too: in a page, an escaped quote (`password config&quot;}` of a command's arguments).
      // A list's `pass v` after a comma (`SSID HomeNet, pass v`, `user bo; pass v`): `pass` alone elsewhere is a verb.
      String.raw`(?<direct>)\b(?<name>pw|pwd|password|passwd|passphrase|(?<=[,;][ \t]{0,3})pass)[ \t]+(?<value>(?:[^\s"'\x60<>(),;:=\\&]|\\(?![nrtu"\\])){8,100})(?=[\s.,;)&]|$)`,
      // The password "v": a value in double quotes right after its name (SQL's PASSWORD 'v' is credential-sql's); the root password, v, works.
      // A space or a comma before the quote: right after the name it closes the name's own quotes (`type="password" value="v"`).
      String.raw`\b(?<name>${PROSE_NAME})(?:[ \t]*,[ \t]*|[ \t]+)(?<quote>")(?<value>[^"\n]{4,100})"`,
      String.raw`\b(?<name>${PROSE_NAME})[ \t]*,[ \t]*(?<value>[^\s"'\x60<>(),;]{6,100}),`,
      // creds: admin / v, login: admin/v, username/password: admin:v, the default login is admin/v; or the user, a space, then the
      // password (`Credentials: deploy v`), whose value must then look drawn (`login page loads` is prose).
      String.raw`(?<pair>)\b(?<name>creds?|credentials|logins?|user(?:name)?[ \t]*\/[ \t]*pass(?:word)?|u\/p)\b(?:[ \t]+(?:is|are|was|were))?[ \t]*(?:[:=-][ \t]*)?[\w.@+-]{1,64}(?:[ \t]*[/:,][ \t]*|(?<spaced>[ \t]+))` + PROSE_VALUE,
      // log in as admin with v, retrying the connection as ledger / v.
      String.raw`(?<as>)\b(?:log(?:ged|ging|s)?[ \t]?(?:in|on)|sign(?:ed|ing|s)?[ \t]?in|authenticat\w*|connect\w*)\b[^\n.;]{0,40}?[ \t]as[ \t]+[\w.@+-]{1,64}` +
        String.raw`(?:[ \t]*\/[ \t]*|[ \t]+with[ \t]+(?:(?:the[ \t]+)?(?:password|pw|pwd|passphrase)[ \t]+)?)` + PROSE_VALUE,
      // log in with bo / v, sign in using admin / v: a user and a password after the verb, a slash between.
      String.raw`(?<as>)\b(?:log(?:ged|ging|s)?[ \t]?(?:in|on)|sign(?:ed|ing|s)?[ \t]?in|authenticat\w*)[ \t]+(?:with|using)[ \t]+[\w.@+-]{1,64}[ \t]*\/[ \t]*` + PROSE_VALUE,
    ].join('|'), 'gi'),
    accept: (value, context) => {
      const groups = groupsOf(context);
      const name = groups['name'] ?? '';
      const quoted = groups['quote'] !== undefined;
      // A variable's name (`input_token`) names a credential less surely than the word: its bare value must look drawn.
      if (PROSE_COMPOUND_ALONE.test(name) && !PROSE_NAME_ALONE.test(name) && !(isCredentialName(name) && (quoted || looksDrawn(value)))) return false;
      const bare = value.replace(/[.!?]+$/, '');
      if (groups['spaced'] !== undefined && !looksDrawn(bare)) return false;
      // A number is a PIN or a password from four digits, anything else's only from six (`the token is 4096` is a count).
      const numeric = /^(?:pin|passcode|password|passwd|pwd|pw)|[ \t]code$/i.test(groups['name'] ?? '');
      // Four words or more joined by hyphens are a passphrase (`correct-horse-battery-staple`), not a state (`short-lived`).
      const passphrase = /^[a-z]{3,}(?:-[a-z]{3,}){3,}$/i.test(bare);
      // `the private key is ed25519`: an algorithm, not a key.
      if (/^(?:ed25519|ed448|x25519|x448|rsa-?\d*|ecdsa|dsa|secp\d+[kr]\d|p-?\d{3}|aes-?\d{3}|sha-?\d+|[hre]s\d{3})$/i.test(bare)) return false;
      // Right after its name, with no verb to say it is the value (`enter the password "again"`), a quoted word must look like a secret too.
      const direct = quoted && NAME_THEN_QUOTE.test(context.match[0]);
      if (direct && !(looksLikeSecretValue(bare) || passphrase)) return false;
      // No verb and no quotes: the word after the name is a value only when it could not be prose (`password reset`, `pwd /repo`).
      if (groups['direct'] !== undefined && (!(looksLikeSecretValue(bare) || passphrase) || /^[./~$]/.test(bare))) return false;
      // A plain word a person chose, after a password's word and its verb, where the clause ends (`the password is sunflowerfield.`).
      // The sentence's language is its verb's: `Die PIN ist gesperrt` is German whatever the noun.
      const english = !FOREIGN_PROSE_NAME.test(name) && groups['foreign'] === undefined;
      // A user and a chosen word after `Credentials:` or `Login:` (`admin / chamomile`, `admin, peppercorn`) are the pair.
      const pairName = groups['pair'] !== undefined && groups['spaced'] === undefined && !SCREEN_WORD.test(bare);
      const chosen = (CHOSEN_PROSE_NAME.test(name) || pairName) && groups['direct'] === undefined && groups['spaced'] === undefined && groups['as'] === undefined
        && isChosenWord(bare, english) && endsClause(context, context.start, bare)
        && !CODE_BEFORE.test(context.text.slice(Math.max(0, context.match.index - 40), context.match.index));
      const literal = quoted || (/^\d+$/.test(bare) ? bare.length >= (numeric ? 4 : 6) : chosen || (bare.length >= 6 && (looksLikeSecretValue(bare) || passphrase)));
      // A chosen word is a sentence's literal, as a config line's bare word is; elsewhere a bare word is a variable.
      return literal && isCredentialValue(bare, { quoted, configLine: chosen, numeric });
    },
    truePositives: [j('set password to "', 'benchmark', 'pass"'), j('the password is ', 'hunter2x'), j('Your PIN is ', '483920'), j('the door PIN is ', '4821'),
      j('creds: admin / ', 'Pa55-w0rd'), j('log in as admin with ', 'Pa55-w0rd'), j('the API key is ', 'Zq8rT2mLx9'), j('the password "', 'Pa55-w0rd', '" works'),
      j('the root password, ', 'Pa55-w0rd', ', works'), j('my password is ', 'correct-horse-battery-staple'), j('das Passwort ist ', 'Pa55-w0rd'),
      j('le mot de passe est ', 'Pa55-w0rd'), j('ssh admin@build7 with pw ', 'Pa55-w0rd'), j('the root pw ', 'Vale-Orbit-5521'), j('the fallback is pw ', 'Hunter2hunter', '.'), j('Log in with bo / ', 'Jq1-harbor-Zt111e'),
      j('Grafana is up. user/pass: admin/', 'Tb7-ember-Hiv68'), j('The Jenkins default admin login is admin/', 'Ua8-cedar-Wil79', ' until first sign-in.'),
      j('Credentials: deploy ', 'Vb9-ash-Xum80'), j('Office network: SSID HomeNet, pass ', 'Ag5-lark-Vim24'), j('the wifi password is ', 'sunflowerfield', ', not the old one'),
      j('Das Passwort ist ', 'Sonnenblume', '.'), j('{"msg":"the passphrase is ', 'marmalade', '\\nnext"}'),
      j('Ang password ay ', 'Ua4-indigo-Jop98'), j('Das Password ist ', 'Gz5-ember-Wol31'), j('The wifi password is ', 'swordfish', '.'), j('The admin password is ', 'Rosemary', '.'),
      j('The wifi password is ', 'tiger', '.'), j('The wifi password is ', 'sunflower', ' for now, change it later.'), j('The wifi password should be ', 'raspberry', '.'),
      j('The password is ', 'blue-giraffe', '.'), j('The password is ', "O'Malley", '.'), j('The password is «', 'lavender', '».'), j('The alarm code is ', '48213377', '.'), j('Logged in as admin with password ', 'mulberry', '.'), j('Router notes. Credentials: admin / ', 'chamomile'), j('Router notes. Login: admin, ', 'peppercorn', '.')],
    falsePositives: ['the password is stored in the vault', 'password to "password"', 'log in with Google / GitHub', 'sign in with email / password', 'the private key is ed25519', 'the API key is required', 'the token is short-lived', 'das Passwort ist falsch', 'the test pass is flaky', 'the token is expired', 'the password is ${PASS}', 'the PIN code field',
      'the PIN is required', 'the token is 4096 long', 'logged in as root with sudo', 'login: admin/admin', 'connected as app with TLS',
      'password reset required for admin', 'pwd /home/user/project', 'the login page loads fine', 'Credentials: see the vault entry',
      'the login is admin/admin', 'tests: 40 run, pass 40', 'if ok, pass --verbose to see more', 'user/pass: see 1Password', 'Credentials: deploy key rotated', 'the password complexity_policy applies', 'passphrase protected keys', 'password ${DB_PASSWORD} from env', 'pw prompt appears',
      'the password is correct.', 'the password is encrypted', 'if password is sentinel', 'The PIN is grounded.', 'the password is whatever you set', 'the token is kubernetes.',
      'the password is MISSING', 'the password is passwordHash', 'the password er ikke gyldig', 'Ang password ay mali',
      'The password is temporary.', 'the password is optional', 'The password is easy.', 'the password is short-lived.', 'the password is read-only', 'The alarm code is 12.', 'Logged in with password authentication.', 'signed in with password protection enabled', 'login: admin, required', 'Credentials: admin / changed.'],
  },
  {
    id: 'credential-prose-phrase', description: 'a phrase a person chose as a password, named in a sentence where the clause ends: the wifi password is purple elephant., the passphrase is correct horse battery staple',
    keywords: ['password', 'passphrase', 'passcode'], keywordsIgnoreCase: true, neverPlaceholder: true,
    pattern: /\b(?<name>password|passphrase|passcode)[ \t]+(?:is|was|should[ \t]+be|must[ \t]+be|will[ \t]+be|equals)[ \t]+(?<value>[A-Za-z][A-Za-z'-]{1,30}(?:[ \t]+[A-Za-z][A-Za-z'-]{1,30}){1,5})(?=[ \t]*(?:[.,;!?)]|\\n|\r?\n|$))/gi,
    accept: (value, context) => isChosenPhrase(value, true) && !CODE_BEFORE.test(context.text.slice(Math.max(0, context.match.index - 40), context.match.index))
      && isCredentialValue(value, { quoted: false, configLine: true }),
    truePositives: [j('The wifi password is ', 'purple elephant', '.'), j('The passphrase is ', 'correct horse battery staple', '.')],
    falsePositives: ['the password is stored in the vault.', 'The password is too short.', 'the password is a string of digits.', 'the password is not set.', 'The password is very weak.',
      'the password is required for login.', 'if password is not None:'],
  },
  {
    id: 'credential-scripted-answer',
    description: "what a script types at a password prompt: expect's send after a password expect, pexpect's sendline on the line after one, a send or type call whose comment names the password",
    keywords: ['expect', 'send', 'type(', 'fill('], keywordsIgnoreCase: true, neverPlaceholder: true, lines: 1,
    pattern: new RegExp([
      // expect "password:" { send "v\r" } (Tcl expect), also with send on the next line.
      String.raw`\bexpect[ \t]+(?:-re[ \t]+|-exact[ \t]+)?["{][^"}\n]*(?:assword|assphrase|asscode|\bpin\b)[^"}\n]*["}][ \t]*\{?[ \t]*\r?\n?[ \t]*send[ \t]+(?:--[ \t]+)?["{](?<value>[^"}\n\\]+)(?:\\[rn])*["}]`,
      // child.expect('Password:') then child.sendline('v') on the next line (pexpect, Expect.pm, ruby's expect).
      String.raw`\bexpect\([^)\n]*(?:assword|assphrase|asscode|\bpin\b)[^)\n]*\)[^\n]*\r?\n[ \t]*[\w.$]*send(?:line)?\(?[ \t]*["'](?<value>[^"'\n\\]+)(?:\\[rn])*["']`,
      // send("v\n")  # the vault password: the call's own comment names what it types.
      String.raw`\b(?:send|sendline|send_keys|type|fill)\([ \t]*["'](?<value>[^"'\n\\]{4,200})(?:\\[rn])*["'][ \t]*\)[^\n#]*?(?:#|\/\/)[^\n]*?\b(?:password|passphrase|passcode|pin|secret|token)\b`,
    ].join('|'), 'gi'),
    accept: (value) => isCredentialValue(value, { quoted: true, configLine: false }),
    truePositives: [j('expect "password:" { send "', 'Pa55-w0rd', '\\r" }'), j("child.expect('Password:')\nchild.sendline('", 'Pa55-w0rd', "')"),
      j('send("', 'Pa55-w0rd', '\\n")  # the vault password')],
    falsePositives: ['expect "password:" { send "$pw\\r" }', 'child.expect("Password:")\nchild.sendline(password)', 'send("yes\\n")  # accept the host key'],
  },
  {
    id: 'credential-prompt-answer',
    description: "an answer on a prompt's own line: words around the credential's name (Enter PEM pass phrase:, Password for root@host:, [sudo] password for me:, Enter same passphrase again:), an interactive prompt's glyph (› ❯ · » …), a question (What is your database password? v), a shell's > (Password> v), a default in brackets or parentheses (Password [v]:, Database password (default: v):, Admin password [default: v]:, AWS Secret Access Key [None]: v), a generated password announced (A temporary password is generated for root@localhost: v)",
    keywords: ['password', 'passphrase', 'pass phrase', 'passcode', 'token', 'secret', 'pin'], keywordsIgnoreCase: true, neverPlaceholder: true,
    // The name may be a variable's (`the value of DB_PASSWORD?`); a key only with words before it (`AWS Secret Access Key`).
    pattern: new RegExp(String.raw`(?:^|[\s\]>?"'])(?<name>(?:[A-Za-z][\w'\x80-]{0,40}[ \t]+){0,4}(?:[A-Za-z][A-Za-z0-9]{0,30}_){0,3}(?:password|passwd|passphrase|pass[ \t]+phrase|passcode|pin|(?:api[ \t]+)?token|secret|(?<=[A-Za-z][ \t_])key))` +
      String.raw`(?<qualifier>[ \t]+(?:for|of)[ \t]+(?:'[^'\n]{1,200}'|"[^"\n]{1,200}"|[^:\n]{1,120}?)|[ \t]+(?:is|was|has[ \t]+been)[ \t]+generated(?:[ \t]+for[ \t]+[^:\n]{1,120}?)?|[ \t]+again|[ \t]+here|[ \t]*\((?!(?:default|current)\b)[^)\n]{0,60}\)|[ \t]*\[[^\]\s]{1,60}\](?=[ \t]*:))?[ \t]*` +
      // A default offered in brackets or parentheses (`Password [v]:`, `Database password (default: v):`, `Admin password [default: v]:`).
      String.raw`(?:\[(?<value>[^\]\s]{4,200})\][ \t]*:|[([](?<offered>default|current)(?:[ \t]*[:=]|[ \t]+is)?[ \t]*(?<value>[^\s)\]"'\\]{4,200})[)\]][ \t]*:?|` +
      // Any prompt's mark: `:`, `?`, `>`, and glyphs beyond Latin-1 (folded in a base view: `›`, `…`) judged by their real character.
      String.raw`(?<separator>:|\?|>|\xb7|\xbb|\x80)[ \t]*(?<value>[^\s"'\\]{4,200}))` +
      // The answer ends where a JSON string holding the prompt does (`…: v\n"}` of a record's line).
      String.raw`(?:\\[nr]|["'}\]])*[ \t]*\r?$`, 'gim'),
    accept: (value, context) => {
      const groups = groupsOf(context);
      const separator = groups['separator'];
      // A glyph folded in a base view is one of the prompt's own only when its real character is.
      // A glyph is a prompt's at its line's start only (`? Enter your token › v`); in a line it is a breadcrumb (`Home › Password › Reset`).
      if (separator !== ':' && !(separator === undefined && groups['qualifier'] !== undefined)) {
        const nameAt = context.match.index + context.match[0].indexOf(groups['name'] ?? '');
        const line = context.text.slice(context.text.lastIndexOf('\n', nameAt) + 1, nameAt);
        // From the line's start, from where a quoted string opens in it (`"cmd": "✔ Password · v"`), or from an escaped line break.
        const opened = line.slice(Math.max(line.lastIndexOf('"') + 1, line.lastIndexOf("'") + 1, line.lastIndexOf('\\n') + 2, 0));
        if (!/^[\s?!*>\x80-]*(?:\S+[ \t]+){0,1}$/.test(opened)) return false;
      }
      if (separator === FOLDED_CHAR) {
        const at = context.match.index + context.match[0].lastIndexOf(separator, context.match[0].length - value.length);
        if (!['›', '❯', '➜', '…', '→'].includes(context.slice(at, at + 1))) return false;
      }
      // A question's answer, a shell's or a default's (`Which token? GITHUB_TOKEN`, `Token (default: auto)`) is a word as often as a secret.
      // A variable's name (`GITHUB_TOKEN_FOR_CI_2024`) answers which one, not what it holds.
      if ((separator === '?' || separator === '>' || groups['offered'] !== undefined) && (!looksLikeSecretValue(value) || /^[A-Z][A-Z0-9_]+$/.test(value))) return false;
      // A bare `Password: v` is credential-label's; here only a prompt's words or glyphs make the line one.
      const words = (groups['name'] ?? '').trim().split(/\s+/);
      const prompt = groups['qualifier'] !== undefined || separator !== ':' || /^(?:enter|re-?enter|retype|re-type|confirm|verify|type|input|provide|repeat|choose|paste|what|what's|which)$/i.test(words[0]!);
      return prompt && (isCredentialName(words.slice(-2).join('_')) || /pass[ \t]+phrase$/i.test(groups['name'] ?? ''))
        && isCredentialValue(value, { quoted: false, configLine: true })
        && !/^(?:\(|required|none|optional|empty|hidden|updated|revoked|changed|reset|saved|set|expired|removed|deleted|created|rotated|done|ok)\b/i.test(value);
    },
    truePositives: [j("Password for 'https://me@github.com': ", 'Ab3-cove-Lin21', '\n'), j('Enter PEM pass phrase: ', 'Hi2-jade-Sol98', '\n'),
      j('Enter the database password (leave blank for none): ', 'Kl5-mint-Vor32', '\n'), j('[sudo] password for me: ', 'St2-cove-Kyl27', '\n'),
      j('Enter same passphrase again: ', 'St4-urn-Dal21', '\n'), j('\n? Enter your API token › ', 'Mn7-opal-Xil54', '\n'), j('\n✔ Password · ', 'No7-pear-Yor65', '\n'),
      j('Password [', 'Lm6-newt-Wex43', ']:\n'), j('{"text":"Password for \'https://bo@github.com\': ', 'Ab3-cove-Lin21', '\\n"}\n'),
      j('\n? What is your database password? ', 'Pq7-juniper-Vx77c', '\n'), j('\nDatabase password (default: ', 'Rq9-meadow-Vx79c', '):\n'), j('\nPassword> ', 'Sq0-copper-Vx80c', '\n'),
      j('AWS Secret Access Key [None]: ', 'Wq4-orchid-Vx84c', '\n'), j('A temporary password is generated for root@localhost: ', 'Xq5-pewter-Vx85c', '\n'),
      j('\n✔ Enter your API token … ', 'Oq6-harbor-Vx76c', '\n'), j("\n? What's the value of DB_PASSWORD? ", 'Iq0-lantern-Zt110e', '\n'), j('Paste your token here: ', 'Uq2-ember-Vx82c', '\n'),
      j('Admin password [default: ', 'Kq4-walnut-Vx34c', ']: \n'), j('\nDB password [current=', 'Kq5-walnut-Vx35c', ']\n')],
    falsePositives: ['Password for user admin: updated\n', 'Token for user bob@example.com: revoked\n', 'Home › Settings › Password › Change-Password\n', 'Enter password for user app: (hidden)', '[sudo] password for me: ', 'Reset the password of a user: see docs', 'password for root@localhost: required',
      'Token count: 4096', 'Enter your API token › ', 'Which token? GITHUB_TOKEN', 'Which token? GITHUB_TOKEN_FOR_CI_2024', 'Is the token valid? yes', 'Token (default: auto)',
      'Database password (default: ${DB_PASSWORD}):', 'AWS Access Key ID [None]: none', 'Password > Settings > Security', 'the password length? 12',
      'Token type [default: bearer]:', 'Password [default: ${ADMIN_PASSWORD}]:', 'Password length [default: 16]:'],
  },
  {
    id: 'credential-prompt', description: 'what was typed at a Password: prompt of a terminal transcript, on the line after it: any separator after the label (Password -, Password>, password?), a masked answer then the value (token: ****), a prompt with no separator answered in its box (◆  Enter your API key / │  v)',
    // The separators beyond `:` each with its word (`password -`, `token?`), and a prompt's name at its line's end (a box's prompt).
    keywords: ['password:', 'passphrase:', 'passcode:', 'pin:', 'password for', 'password is', 'password was', 'password will', 'codes:', 'code:', 'key:', 'psk:',
      'token:', 'password to ', 'password -', 'token -', 'key -', 'passphrase -', 'password>', 'password =>', 'password ->', 'password?', 'passphrase?', 'token?', 'key?',
      'password\n', 'passphrase\n', 'token\n', 'key\n', 'password\r', 'token\r', 'key\r'], keywordsIgnoreCase: true, neverPlaceholder: true, lines: 3,
    // Also a label naming another credential, alone on its line (`recovery codes:`, `wifi key:`), the value on the next.
    // A sentence's label (`the new password is:`), and a blank line or a code fence before the value (`password:` / ``` / v).
    // Any separator a label ends with (`Password -`, `Password>`, `password?`), a mask of what was typed after it (`token: ****`), or
    // none after a prompt's verb (`◆  Enter your API key`, the answer below in the prompt's box: `│  v`). In a JSON
    // string's reading the answer ends where the string does (`v"}`), not at the record's line end.
    pattern: /(?:^|[\s>])(?:[\w.@-]+'s\s+)?(?:password|passphrase|passcode|pin|(?<name>[A-Za-z][\w-]{1,30}[ \t_-](?:codes?|key|token)|psk))(?:\s+for\s+\S+|[ \t]+to[ \t]+[^:\n]{1,60}?)?(?:[ \t]+(?:is|was|will[ \t]+be)(?:[ \t]+now)?)?(?:[ \t]*(?::|=>|->|>|\?)|[ \t]+-{1,2}|(?<=[A-Za-z])(?<bare>))(?:[ \t]*\*{3,40})?[ \t]*\r?\n(?:[ \t]*(?:\x60{3,}[\w-]{0,20})?[ \t]*\r?\n){0,2}[ \t]*(?:(?<box>[|\x80])[ \t]+)?(?<value>[^\s]{4,200}?)(?:"[}\],]{0,3})?[ \t]*\r?$/gim,
    accept: (value, context) => {
      const { name, bare, box } = groupsOf(context);
      if (box !== undefined && !isBoxGlyph(context)) return false;
      if (bare !== undefined && !promptedAtLineStart(context)) return false;
      if (name !== undefined && /key$/i.test(name) && !looksDrawn(value)) return false; // `primary key:` / `user_id`
      return (name === undefined || isCredentialName(name)) && isCredentialValue(value, { quoted: false, configLine: true })
        && !/^(?:login|last|sorry|authentication|permission|access)\b/i.test(value);
    },
    truePositives: [j('Password: \n', 'flag{d31675}', '\n'), j('recovery codes:\n', 'Ko8-willow-Cat17', '\n'), j('wifi key:\n', 'Gi5-orchid-Rit64', '\n'),
      j('The new password is:\n\n', 'Tu8-marigold-Vex39', '\n'), j('The admin password is:\n```\n', 'De5-birch-Nol14', '\n```'),
      j('Password -\n', 'Kq2-ember-Zt112e', '\n'), j('? Paste your authentication token: ****\n', 'Vq3-glacier-Vx83c', '\n'), j('\n◆  Enter your API key\n│  ', 'Qq8-saffron-Vx78c', '\n└'),
      j('Please use the following password to proceed to installation:\n\n', 'Yq6-raven-Vx86c', '\n')],
    falsePositives: ['status code:\n404\n', 'cache key:\nuser-42-profile\n', 'primary key:\n\nuser_id\n', 'Password: \nLogin incorrect', '[sudo] password for me: \nSorry, try again.',
      'Reset your API key\n│  minimal\n', 'the password -\nsee below\n', 'Use the password to log in:\nrequired\n'],
  },
  {
    id: 'credential-label-next-line', description: 'a label alone at its line\'s end (Login secret:, Kennwort:, Security answer:, Mnemonic:), its value alone on the next line',
    // The same vocabulary as credential-label's (LABEL_NAME): a label is one whichever line its value is on. Below its
    // label the value must read as drawn (or be a PIN's digits, a wallet's words): the next line of a note's list
    // (`Login secret:` / `see-runbook`, `Rotate secret:` / `done-2026-12-01`) is words. A label may follow a sentence
    // (`The wallet was created. Mnemonic:`). On a page the value ends at its block's closing tag, in a record at its string's quote.
    keywords: LABEL_KEYWORDS, keywordsIgnoreCase: true, neverPlaceholder: true, lines: 1,
    pattern: new RegExp(LABEL_HEAD +
      // A table's cell may close after the label (`| Password: |`).
      String.raw`:(?:\*\*)?[ \t]*(?:\|[ \t]*)?\r?\n[ \t]*(?<value>[^\s*\x60=:&"'<|](?:[^\n<]|<(?![/A-Za-z!])){0,200}?)[ \t]*["'}\],]{0,4}[ \t]*\r?(?=$|<\/?(?:pre|p|div|li|td|br|section|details|code)\b)`, 'gim'),
    accept: (found, context) => {
      const name = groupsOf(context)['name'] ?? '';
      if (!namesLabel(name) && !namesChosenSecret(name)) return false;
      // Judged as the page shows it: on a built page the line goes on in markup, which reads as drawn.
      const value = pageTextValue(found);
      if (KEYPAD_LABEL.test(name.trim()) && KEYPAD_CODE.test(value.trim())) return true;
      if (namesChosenSecret(name) && isChosenValue(value) && isLabelValue(value, false, false, true)) return true;
      if (namesWordList(name)) return isWordList(value);
      if (namesNumericSecret(name) && /^\d{4,12}$/.test(value)) return true;
      return (looksDrawn(value) || isPasswordShaped(value)) && !/^(?:SHA(?:256|1|512)|MD5):/i.test(value) && isLabelValue(value, false);
    },
    truePositives: [j('Login secret:\n', 'Jr5-cobalt-Wen31'), j('Security answer:\n', 'Hq4-lantern-Vox82'), j('Vault unseal:\n', 'Ks6-meadow-Tal47'),
      j('Kennwort:\n', 'Lt7-pewter-Rim58'), j('Mot de passe :\n', 'Nv9-thistle-Pek70'), j('Recovery words:\n', 'tallow mirth quarry lumen vesper argent'),
      j('The device was enrolled. Backup phrase:\n', 'lantern quarry ember thistle cobalt meadow harbor juniper'),
      j('<pre>Bootstrap done.\nLogin secret:\n', 'Jr5-cobalt-Wen31', '</pre></section>'), j('PIN:\n', '4821'), j('{"message": "Done.\nLogin secret:\n', 'Sa6-quarry-Jot57', '"}'),
      j('user: deploy\npass:\n', 'winter2025'), j('<p>user: deploy\npass:\n', 'winter2025', '</p></div><h2 id="phases">Phases</h2>'),
      j('Wi-Fi details.\nWPA key:\n', 'correcthorse'), j('Recovery details.\nPassphrase:\n', 'my cat likes tuna'), j('Router notes.\nWi-Fi key:\n', 'Tangerine'),
      j('Router notes.\nPassphrase:\n', 'violet quarry'), j('Router notes.\nPassword:\n', 'Mango Sunset'), j('Router notes.\nPassword:\n', 'Tangerine (rotate monthly)'),
      j('Router notes.\nPassword for the router:\n', 'Nectarine'), j('Router notes.\nRecovery phrase:\n', 'tallow mirth quarry lumen'),
      j('Router notes.\n| Password: |\n', 'Nectarine'), j('Router notes.\n| WPA key: |\n', 'Pomelo Sunrise')],
    falsePositives: ['Password policy:\nmin-length-12', 'Token lifetime:\n3600-seconds', 'Login secret:\nsee-runbook', 'Checklist:\nRotate secret:\ndone-2026-12-01', '{"m": "Rotate secret:\ndone-2026-12-01"}', 'Recovery words:\nwrite them down and keep them safe',
      'Password:\nrequired', 'Primary key:\ncustomer_id', 'Host key:\nSHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8', 'Security answer:\nyour first pet',
      'API key:\nSee the vault entry', 'Password:\nSee the vault entry', 'Password:\nreset', 'Passphrase:\nwrite it down and keep it safe', 'Password:\n1. Open the settings',
      'WPA key:\nsame as the router label', 'Password:\nUsername:', 'PIN:\nnone', 'Password:\ncustomer_id', 'Password:\nLogin incorrect', 'Password:\nAccess Denied',
      'Password:\ntry again', 'Password:\nSorry, try again.'],
  },
  {
    id: 'credential-pair-next-line', description: 'a user and a password alone on the line under a label that names both (Login:, Credentials:, Sign-in:): admin / v, admin v, admin:v',
    keywords: ['login', 'credentials', 'creds', 'sign-in', 'sign in', 'signin', 'account:', 'access:', 'zugangsdaten', 'anmeldedaten', 'identifiants', 'credenciales', 'credenziali'],
    keywordsIgnoreCase: true, neverPlaceholder: true, lines: 2,
    // The label may say what it is for (`Web UI login:`), a blank line may follow it, a note in brackets the value.
    pattern: new RegExp(String.raw`^[ \t]*(?:[-*>#|]+[ \t]*)?(?:\*\*)?(?:[\w'-]+[ \t]){0,2}(?<name>creds?|credentials|logins?|sign[ \t-]?in|login[ \t]details|account|access|zugangsdaten|anmeldedaten|identifiants|credenciales|credenziali)(?:\*\*)?[ \t]*:(?:\*\*)?[ \t]*(?:\|[ \t]*)?\r?\n(?:[ \t]*\r?\n)?` +
      String.raw`[ \t]*(?<user>[\w.@+\\-]{1,64})(?:[ \t]*(?<sep>[/:,])[ \t]*|[ \t]+)(?<value>[^\s"'\x60<>():/]{4,100}?)[.!]?(?:[ \t]+\([^()\n]{1,40}\))?[ \t]*\r?$`, 'gim'),
    // The password is a word people choose, one drawn, or letters and digits; the user is no note's word (`see the vault`,
    // `root via ssh`). With only a blank between them (`Google Workspace`, `admin Dashboard`) a plain word is a name's.
    accept: (value, context) => {
      const groups = groupsOf(context);
      if (NOTE_WORD.test(groups['user'] ?? '')) return false;
      const mixed = /\p{L}/u.test(value) && /\d/.test(value);
      // Apart by a blank only, a login's name (lower case) and a word no screen's (`admin Quincejam`, not `admin Dashboard`, `Google Workspace`).
      const spacedLogin = /^[a-z][a-z0-9._-]*$/.test(groups['user'] ?? '') && !SCREEN_WORD.test(value);
      const chosen = (groups['sep'] !== undefined || spacedLogin) && isChosenWord(value, true);
      return (chosen || mixed || looksDrawn(value)) && isCredentialValue(value, { quoted: false, configLine: true });
    },
    truePositives: [j('Router notes.\nLogin:\nadmin / ', 'Tangerine'), j('Router notes.\nCredentials:\nadmin ', 'Quincejam'), j('Router notes.\nCredentials:\nadmin:', 'Rhubarbpie', '.'),
      j('**Sign-in:**\nops@acme.io / ', 'Lv4-hollow-Pax29'), j('Router notes.\nLogin:\nadmin / ', 'Tang3rine'), j('Web UI login:\n\nadmin / ', 'Gooseberry', ' (temporary)'),
      j('Login:\nadmin, ', 'Blackcurrant'), j('Account:\nadmin / ', 'Tangerine'), j('Zugangsdaten:\nadmin / ', 'Rhabarber'), j('Login:\nadmin / ', 'Pz8,walnut;Rig47')],
    falsePositives: ['Credentials:\nadmin required', 'Login:\nadmin / password', 'Credentials:\nsee the vault', 'Login:\nroot via ssh', 'Login:\nuser / incorrect', 'Last login:\nMon Dec 7 10:02',
      'Credentials:\nGITHUB_TOKEN secret', 'Login:\nGoogle Workspace', 'Login:\nOAuth2 Provider', 'Credentials:\nAWS Keychain', 'Sign in:\nClick Continue.', 'Login:\nadmin Dashboard'],
  },
  {
    id: 'service-url', description: "the URL of a private model or proxy endpoint (base_url, api_base, *_BASE_URL, endpoint) whose host is not a public provider's",
    keywords: ['base_url', 'baseurl', 'base-url', 'api_base', 'apibase', 'api-base', 'base_uri', 'endpoint', '_host'], keywordsIgnoreCase: true, neverPlaceholder: true, anchor: 'name',
    pattern: /(?<![\w.$@-])(?<nq>["'\x60]?)(?<name>[A-Za-z_$@][\w.$@-]{0,80})\k<nq>[ \t]*(?<op>:=|=>|=|:)[ \t]*(?<quote>["'\x60]?)(?<value>https?:\/\/[^\s"'\x60<>]{4,300})/gi,
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
    id: 'credential-sql', description: "a password set in SQL: IDENTIFIED BY 'v' (Oracle's unquoted too), WITH PASSWORD 'v', ROLE x PASSWORD 'v', PASSWORD('v'), PASSWORD = 'v', SET PASSWORD FOR u = 'v', a literal selected AS password",
    keywords: ['identified by', 'password', 'passwd', ...['token', 'secret', 'pwd', 'api_key', 'apikey', 'pin', 'passphrase', 'credential']
      .flatMap((word) => ['', '"', '[', '`'].map((open) => `as ${open}${word}`))],
    keywordsIgnoreCase: true, neverPlaceholder: true,
    pattern: new RegExp([
      String.raw`\b(?:identified[ \t]+(?:with[ \t]+\w+[ \t]+)?by(?:[ \t]+password)?|(?:with|set)[ \t]+(?:encrypted[ \t]+|unencrypted[ \t]+)?password(?:[ \t]*=)?|password[ \t]*\(|login[ \t]+password[ \t]*=` +
        // MySQL names the account first: SET PASSWORD FOR 'app'@'%' = 'v'.
        String.raw`|\bset[ \t]+password[ \t]+for[ \t]+[^=;\n]{1,120}?=` +
        // PostgreSQL: CREATE ROLE app LOGIN PASSWORD 'v', ALTER USER app ENCRYPTED PASSWORD 'v'.
        String.raw`|\b(?:role|user)[ \t]+[^;\n'"]{1,120}?[ \t](?:encrypted[ \t]+)?password)` +
        String.raw`[ \t]*(?:'(?<value>(?:[^'\n]|'')+)'|"(?<value>[^"\n]+)"|N'(?<value>[^'\n]+)')`,
      // Oracle takes the password bare: ALTER USER app IDENTIFIED BY v ACCOUNT UNLOCK, CREATE DATABASE LINK l CONNECT TO app IDENTIFIED BY v.
      String.raw`\b(?:(?:create|alter)[ \t]+user|create[ \t]+(?:(?:shared|public)[ \t]+){0,2}database[ \t]+link)\b[^;\n]*?[ \t]identified[ \t]+by[ \t]+(?!values\b|password\b)(?<value>[^\s'";]{1,128})`,
      // A literal selected as a credential's column: SELECT 'v' AS password, INSERT … SELECT 'bo', 'v' AS db_password.
      literalBefore(String.raw`(?:::\w{1,20})?[ \t]+[Aa][Ss][ \t]`, String.raw`(?:::\w{1,20})?[ \t]+AS[ \t]+["\x60[]?(?<name>[A-Za-z_]\w{0,80})(?!\w)`, true),
    ].join('|'), 'gi'),
    accept: (value, context) => {
      const name = groupsOf(context)['name'];
      return (name === undefined || isCredentialName(name)) && isCredentialValue(value, { quoted: true, configLine: false });
    },
    truePositives: [j("SELECT '", 'Jq5-pewter-Vx45b', "' AS password;"), j("SELECT 'bo' AS name, '", 'Jq5-pewter-Vx45b', "' AS db_password"), j("SELECT '", 'Jq5-pewter-Vx45b', "' as token"), j("SELECT 'it''s-", 'Jq5-pewter-Vx45b', "' AS password"), j("SELECT '", 'Jq5-pewter-Vx45b', "'::text AS [api_key]"), j("CREATE USER 'app'@'%' IDENTIFIED BY '", 'Winter2026', "';"), j("ALTER USER app WITH PASSWORD '", 's3cret-pw', "';"), j("SET PASSWORD = PASSWORD('", 'pl41n-pw', "');"), j("SET PASSWORD FOR 'app'@'%' = '", 'Quartz-Lantern-9', "';"),
      j("ALTER ROLE app PASSWORD '", 'pl41n-pw', "';"), j('ALTER USER app IDENTIFIED BY ', 'Pl41n_pw', ' ACCOUNT UNLOCK;'),
      j('CREATE PUBLIC DATABASE LINK remote CONNECT TO app IDENTIFIED BY ', 'Pl41n_pw', " USING 'orcl';")],
    falsePositives: ["ALTER USER app WITH PASSWORD ''", "IDENTIFIED BY '${DB_PASSWORD}'", 'users are identified by email', "ALTER ROLE app PASSWORD NULL", "CREATE DATABASE LINK remote CONNECT TO CURRENT_USER USING 'orcl';",
      "ALTER USER app IDENTIFIED BY VALUES 'S:ABCD'", "SELECT 'Jq5-pewter-Vx45b' AS display_name", "SELECT '' AS password", "SELECT 'n/a' AS password_hint"],
  },
  {
    id: 'credential-typed-field',
    description: 'a value a browser action types into a field whose selector names a credential, the two as sibling fields of one action: {"action": "type", "selector": "#password", "text": "v"}, {"element": "input[name=pwd]", "value": "v"}, either order',
    keywords: ['selector', '"element"', "'element'", 'element:', '"target"', "'target'", 'target:', 'locator', '"field"', "'field'", 'field:', '"ref"', 'xpath'],
    keywordsIgnoreCase: true, neverPlaceholder: true, lines: 6,
    pattern: new RegExp([
      String.raw`${PAIR_KEY(TYPED_FIELD_KEYS)}${TYPED_SELECTOR}${PAIR_GAP}(?:${PAIR_FIELD}${PAIR_GAP}){0,4}${PAIR_KEY(TYPED_VALUE_KEYS)}${PAIRED_VALUE}`,
      String.raw`${PAIR_KEY(TYPED_VALUE_KEYS)}${PAIRED_VALUE}${PAIR_GAP}(?:${PAIR_FIELD}${PAIR_GAP}){0,4}${PAIR_KEY(TYPED_FIELD_KEYS)}${TYPED_SELECTOR}`,
    ].join('|'), 'gi'),
    accept: (value, context) => nameWords(groupsOf(context)['field'] ?? '').some((word) => FIELD_WORDS.has(word)) && isCredentialValue(value, { quoted: true, configLine: false }),
    truePositives: [j('{"action":"type","selector":"#password","text":"', 'Jo5-acorn-Wer17', '"}'), j("{'element': 'input[name=\"user_pwd\"]', 'value': '", 'Jo5-acorn-Wer17', "'}"),
      j('{"text": "', 'Jo5-acorn-Wer17', '", "action": "fill", "target": "[data-test=pin-input]"}'), j('- action: type\n  selector: input[type=password]\n  value: ', 'Jo5-acorn-Wer17'),
      j('{"selector": "#pwd", "delay": 50, "text": "', 'Jo6-acorn-Wer18', '"}'), j('- action: fill\n  selector: "#password"\n  timeout: 5000\n  value: ', 'Jo7-acorn-Wer19')],
    falsePositives: ['{"action":"type","selector":"#email","text":"bob.smith-2"}', '{"action":"click","selector":"#password"}', '{"selector":"#password","text":"{{secrets.PW}}"}',
      '{"action":"type","selector":"#search","text":"password reset"}', '{"selector": "#search", "delay": 50, "text": "Jo6-acorn-Wer18"}'],
  },
  {
    id: 'credential-name-value',
    description: 'a name and value pair whose name is a credential, in either order and with other fields between: Kubernetes env (- name: DB_PASSWORD / value: v), {"name": "X_TOKEN", "value": "v"}, {"Key": "password", "Value": "v"}, CloudFormation\'s ParameterKey/ParameterValue, SSM\'s {"Name": "/prod/db/password", "Type": "SecureString", "Value": "v"}, terraform output\'s {"db_password": {"sensitive": true, "value": "v"}}, a type tag under the name (DynamoDB\'s {"api_key": {"S": "v"}}, Firestore\'s {"password": {"stringValue": "v"}})',
    keywords: ['name:', '"name"', "'name'", 'key:', '"key"', "'key'", 'parameterkey', '"label"', '"value"', "'value'", '{"s"', '{ "s"', 'stringvalue', 'string_value', 'secretstring', 'secret_string', 'plaintext', 'plain_text'],
    keywordsIgnoreCase: true, neverPlaceholder: true, lines: 4,
    pattern: new RegExp([
      String.raw`${PAIR_KEY('name|key|label|parameter_?(?:name|key)')}(?<nq>["']?)(?<name>[\w./-]{1,80})\k<nq>${PAIR_GAP}(?:${PAIR_FIELD}${PAIR_GAP}){0,4}${PAIR_KEY('value|parameter_?value|secret_?string')}${PAIRED_VALUE}`,
      String.raw`${PAIR_KEY('value|parameter_?value|secret_?string')}${PAIRED_VALUE}${PAIR_GAP}(?:${PAIR_FIELD}${PAIR_GAP}){0,4}${PAIR_KEY('name|key|label|parameter_?(?:name|key)')}(?<nq>["']?)(?<name>[\w./-]{1,80})\k<nq>`,
      // A value nested under its name: `"db_password": {"sensitive": true, "type": "string", "value": "v"}`, or in a
      // type tag (DynamoDB's `{"S": "v"}`, Firestore's `{"stringValue": "v"}`, a protobuf Struct's). Matched
      // from the colon before the brace, the quoted name read backwards: from every quote of a JSON record, each
      // reading a name and failing at its colon, a record cost more than the rest of the rule table.
      String.raw`:(?=[ \t]*\{)(?<=(?:"(?<name>[\w.-]{1,80})"|'(?<name>[\w.-]{1,80})')[ \t]*:)[ \t]*\{[ \t\r\n]*(?:${PAIR_FIELD}${PAIR_GAP}){0,4}${PAIR_KEY(TAGGED_VALUE_KEYS)}${PAIRED_VALUE}`,
    ].join('|'), 'gi'),
    accept: (value, context) => isCredentialName(groupsOf(context)['name'] ?? '') && isCredentialValue(value, { quoted: true, configLine: false }),
    truePositives: [j('env:\n  - name: DB_PASSWORD\n    value: ', 'Xq8x2pl41n', '\n'), j('env:\n  - name: DB_PASSWORD\n    value: |\n      ', 'Fe2-tansy-Rok74', '\n'), j('{"name":"POSTGRES_PASSWORD","value":"', 'pgpw-2026', '"}'),
      j('{"ParameterKey": "DBPassword", "ParameterValue": "', 'Vo2-velvet-Gux74', '"}'), j('{"Name": "/prod/db/password", "Type": "SecureString", "Value": "', 'No3-rustle-Nux68', '"}'),
      j('{"value": "', 'Ne3-prism-Lix91', '", "name": "DB_PASSWORD"}'), j('{"db_password": {"sensitive": true, "type": "string", "value": "', 'Te8-sierra-Jin98', '"}}'),
      j('{"Key": "password", "Value": "', 'To3-opal-Vel42', '"}'), j('{"Item": {"api_key": {"S": "', 'To4-pumice-Vel43', '"}, "name": {"S": "bo"}}}'),
      j('{"fields": {"password": {"stringValue": "', 'To5-tundra-Vel44', '"}}}'), j('{"token": {"string_value": "', 'To6-tundra-Vel45', '"}}'),
      j('- name: DB_PASSWORD\n  type: string\n  sensitive: true\n  value: ', 'Fe3-tansy-Rok75', '\n'), j('{name: API_TOKEN, kind: secret, value: ', 'Fe4-tansy-Rok76', '}')],
    falsePositives: ['- name: DB_PASSWORD\n  valueFrom:\n    secretKeyRef: {}', '{"name": "LOG_LEVEL", "value": "debug"}', '{"Key": "Environment", "Value": "prod"}',
      '{"password_policy": {"min_length": 12, "value": "strict"}}', '{"name": "token_count", "value": "4096"}',
      '{"Item": {"token_type": {"S": "bearer"}, "name": {"S": "bo"}}}', '{"fields": {"password": {"nullValue": null}}}', '{"password": {"S": "${DB_PASSWORD}"}}',
      '- name: LOG_LEVEL\n  type: string\n  sensitive: false\n  value: Fe3-tansy-Rok75'],
  },
  {
    id: 'credential-default', description: "a credential's default value in a template or a variable: {{ db_password | default('v') }}, variable \"db_password\" { default = \"v\" }",
    keywords: ['default(', 'variable "', 'default:'], keywordsIgnoreCase: true, neverPlaceholder: true, lines: 4,
    pattern: /(?<name>[\w.]{2,80})[ \t]*\|[ \t]*default\([ \t]*(?:'(?<value>[^'\n]{1,200})'|"(?<value>[^"\n]{1,200})")|variable[ \t]+"(?<name>[\w.-]{1,80})"[ \t]*\{[^}]{0,400}?\bdefault[ \t]*=[ \t]*"(?<value>[^"\n]{1,200})"/g,
    accept: (value, context) => isCredentialName(groupsOf(context)['name'] ?? '') && isCredentialValue(value, { quoted: true, configLine: false }),
    truePositives: [j("password: \"{{ db_password | default('", 'Xq8x2pl41n', "') }}\""), j('variable "db_password" {\n  type = string\n  default = "', 'tf-pw-2026', '"\n}')],
    falsePositives: ['{{ region | default("us-east-1") }}', 'variable "db_password" {\n  sensitive = true\n}'],
  },
  // Last of the grammar: a sentence in another language names a span another rule found by its own form.
  {
    id: 'credential-prose-script',
    description: 'a sentence in another script naming a password, then its value: пароль v, Пароль — v, 密码是 v, パスワードは v, 비밀번호는 v, la password è v, hasło to v',
    // Its words are no keywords the index can find (they fold to one byte): it starts at a letter beyond ASCII
    // (as credential-label-script does) and reads on lazily to the first word in Latin letters; the accept
    // reads the real words before the value, from the line's start.
    beyondAscii: true, neverPlaceholder: true,
    // Each start is tried (overlapping): a match the accept refuses (`Мой` / `пароль`) must not hide the one after it.
    overlapping: true,
    pattern: new RegExp(String.raw`(?<![^\x00-\x7f\x81-\xbf\xd7\xf7])[^\x00-\x7f\x81-\xbf\xd7\xf7][^\s:=]{0,30}?(?:[ \t]+[^\s:=]{1,16}?){0,${WORDS_BETWEEN}}?` + LANGUAGE_VALUE, 'gm'),
    accept: acceptsPhraseValue,
    truePositives: [j('пароль ', 'Qa4-quartz-Wun32'), j('Пароль — ', 'Ow2-juniper-Nax13', '.'), j('密码是 ', 'He6-saffron-Got81'), j('密码是', 'He6-saffron-Got81', '。'),
      j('パスワードは ', 'Na4-copper-Pon81', ' です'), j('비밀번호는 ', 'Px3-saffron-Mib24'), j('la password è ', 'Fe4-iris-Sel25'), j('hasło to ', 'hunter22x'),
      j('Я сменил пароль ', 'Qa4-quartz-Wun32', ' вчера'), j('Пароль изменён на ', 'Pe9-opal-Bot89'), j('密码已更改为', 'Ki5-hollow-Qut30'),
      j('パスワード「', 'Wi7-umber-Duk44', '」で入れます'), j('пароль ', 'Ёлка-Хвоя-Ключ47'), j('הסיסמה היא ', 'Ba2-yarrow-Fix66'), j('Mano slaptažodis yra ', 'Ce3-walnut-Nok47'), j('пароль — ', 'ромашка', '.'), j('パスワードは ', 'sakuramochi', ' です')],
    falsePositives: ['пароль неверный', 'Ошибка Qa4-quartz-Wun32', '密码是 required', 'パスワードは 8 文字以上',
      'la password è scaduta', 'пароль v2.1.0', 'パスワード README.md', 'hasło to hasło', '✓ Tokens used → 12.3k/200k', 'The default token — gpt-4o-2024-08-06',
      '📌 pin torch==2.3.1+cu121 for CUDA', 'トークン数の上限: max_tokens=4096', 'Total tokens — prompt=1234 completion=567', 'пароль — неверный', 'пароль — изменён.', 'Пароль — устаревший'],
  },
  {
    id: 'credential-prose-words',
    description: 'the word for password in another language written in Latin letters, then its value: parola: v, haslo v, heslo je v, passord er v, contrasena v',
    keywords: LANGUAGE_WORD_KEYWORDS, keywordsIgnoreCase: true, neverPlaceholder: true,
    pattern: new RegExp(String.raw`(?<![A-Za-z\xc0-\xff])(?:${LATIN_CREDENTIAL_WORDS.map(asPattern).join('|')})[A-Za-z\xc0-\xff]{0,8}` +
      String.raw`(?:[ \t]*[\x80-](?=[ \t]))?(?:[ \t]+[^\s:=]{1,16}?){0,${WORDS_BETWEEN}}?` + LANGUAGE_VALUE, 'gi'),
    accept: acceptsPhraseValue,
    truePositives: [j('parola: ', 'Ji5-quill-Lan62'), j('haslo ', 'Qa4-quartz-Wun32'), j('heslo je ', 'hunter22x'), j('passord er ', 'Fe4-iris-Sel25'),
      j('la contrasena ', 'Qa4-quartz-Wun32'), j('sifre: ', 'Qa4-quartz-Wun32'), j('Das Passwort wurde auf ', 'Mu7-mosaic-Jek15', ' geändert'),
      j('Kata sandinya adalah ', 'Fo5-meadow-Gat32'), j('Die wagwoord is ', 'Je8-saffron-Hor54'), j('Cyfrinair: ', 'Qi6-garnet-Kux98'),
      j('Heslo k wifi je ', 'slunicko', ', pozor na velka pismena.'), j('heslo je ', '48213377')],
    falsePositives: ['la parola chiave', 'parola: ciao', 'heslo je spatne', 'mdp oublie', 'clave primaria', 'senha incorreta', 'parola key2024', 'salasana on vaihdettu',
      'MDP solved with gamma=0.99', 'heslo je neplatne.', 'parola è sbagliata'],
  },
];

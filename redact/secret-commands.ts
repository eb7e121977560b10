// The table of commands that print a secret, for the command-output rule (rules-command-output.ts):
// each names what it prints (a variable, a field, a file) in a group the rule's accept judges, or is
// a read whose output is a secret whatever it is named (a secret store's get, a decryptor, a random
// generator). Written as an agent records them: a shell line, or an argument list (`["printenv","X"]`).

/**
 * Between a command's words: spaces, a line continued by a `\` (`cat \` then the path on the next
 * line, after the shell's `> ` prompt when a transcript shows it), or the `","` of an argument list (`["cat","/run/secrets/x"]`).
 */
const GAP = String.raw`(?:[ \t]*\\\r?\n(?:>[ \t])?[ \t]*|[ \t]+|["'],[ \t]*["'])`;

/** One character of a command's arguments, or a line's end it continues past (`\` and the shell's `> ` prompt). */
const ARG_CHAR = String.raw`(?:[^\n|;]|\\\r?\n(?:>[ \t])?)`;

/**
 * The rest of a command's line, and of the lines it continues onto (`| base64 -d` under a `\`): what
 * stands between a command's read and its output.
 */
export const REST_OF_COMMAND = String.raw`(?:[^\n]{0,2000}?\\\r?\n(?:>[ \t])?){0,4}[^\n]{0,2000}?`;

/** A name as a command writes it (`DB_PASSWORD`). */
const NAME = String.raw`[A-Za-z_]\w{0,80}`;

/** A variable's name as the shell writes it: `$DB_PASSWORD`, `${DB_PASSWORD}`, `"$DB_PASSWORD"`, `$env:DB_PASSWORD`. */
const SHELL_VARIABLE = String.raw`["']?\$(?:env:)?\{?(?<variable>${NAME})\}?["']?`;
/**
 * What joins two variables into one word of output (`"$DB_USER:$DB_PASSWORD"` prints `bo:v`): a
 * pair's colon, a URL's `@` and `/`, an assignment's `=`.
 */
const JOINER = String.raw`[:@/=,;|-]`;

/**
 * A printf format of one line around its value (`'%s\n'`, `'[%s]\n'`, `"token=%s"`, an unquoted `%s`):
 * the value is its line's. The one grammar of a format, for what a command prints (here) and what
 * it feeds a tool's stdin (rules-tool-arguments.ts's ECHO).
 *
 * @example
 * new RegExp(`^${PRINTF_FORMAT}`).test(String.raw`'[%s]\n'`) // true
 */
export const PRINTF_FORMAT = String.raw`(?:["'][^"'%\n]{0,40}%s[^"'%\n]{0,40}["']|%s(?:\\n)?(?=[ \t]))`;

/** The same without its group, for the other variables of one command. */
const OTHER_VARIABLE = String.raw`["']?\$(?:env:)?\{?${NAME}\}?["']?`;

/** A file's path as an argument: no operator, quote or redirection in it, no flag. */
const FILE = String.raw`(?<file>[^\s|;&"'<>()-][^\s|;&"'<>()]{0,200})`;

/** Flags before a file, each with a number it may take (`head -c 12`, `tail -n +1`). */
const FLAGS = String.raw`(?:${GAP}-{1,2}[\w=-]{1,20}(?:${GAP}[+-]?\d{1,6})?){0,12}`;

/** Commands that print a file's bytes, or a transform that keeps them (`tr`, `base64`, `rev`). */
const FILE_READERS = 'cat|tac|type|Get-Content|less|more|bat|batcat|nl|head|tail|strings|rev|fold|sort|uniq|base64|base32|basenc';

/**
 * Filters that print a file's lines through a program of one word or quote (`awk 1`, `grep .`, `sed -n 1p`,
 * `cut -c1-`); the file is a path (a `/` or a `.` in it), not a second pattern (`grep -e pass -e secret`).
 */
const FILE_FILTERS = 'awk|gawk|mawk|grep|egrep|fgrep|rg|sed|cut|xxd|od|hexdump|column|paste|expand|fmt|pr';

/** A filter's program: a quoted one, or one word that is no flag. */
const PROGRAM = String.raw`(?:'[^'\n]{0,100}'|"[^"\n]{0,100}"|[^\s|;&"'<>()-][^\s|;&"'<>()]{0,40})`;

/** Key-value stores' CLIs, whose `GET` prints a key's value bare. */
const KV_CLIS = 'redis-cli|valkey-cli|keydb-cli|dragonfly-cli|memurai-cli|kvrocks-cli';

/** A hash's or bucket's key before its field: no flag, no redirection (`2>/dev/null`). */
const KV_KEY = String.raw`[^\s"'|;&<>-][^\s"'|;&<>]{0,79}`;

/**
 * A stored key's name, whole to its end (a space, an operator, a record's `"}`): never a flag (`--raw`)
 * nor a redirection's descriptor (`2>`), so the name is the key's and not a later word.
 */
const KV_FIELD = String.raw`[\w:./][\w:./-]{0,119}(?=["']?(?:[\s|;&)}\],]|$))`;

/** A database client, whose query's one column it prints bare with `-N -s`, `-tA`, `-noheader`. */
const DATABASE_CLIENTS = 'mysql|mariadb|psql|pgcli|mycli|sqlite3?|litecli|sqlcmd|duckdb|clickhouse(?:-client)?|cockroach|cqlsh|snowsql|sqlplus|usql|trino|presto|isql';

/** Secret stores whose `get` (`show`, `read`, `lookup`...) prints one secret. */
const SECRET_STORES = 'conjur|chamber|keepassxc-cli|kpcli|credstash|akeyless|infisical|berglas|kwallet-query';

/** CLIs whose `auth token` prints the token they log in with (`gh auth token`, `heroku auth:token`). */
const TOKEN_CLIS = 'gh|glab|heroku|fly|flyctl|doctl|netlify|railway|supabase|hf|huggingface-cli|stripe|tea|linode-cli|vultr-cli|scw';

/**
 * Languages an agent runs a one-liner in (`python -c`, `Rscript -e`, `awk 'BEGIN{…}'`, `jq -n`): each
 * reads a variable (`os.getenv`, `Sys.getenv`, `ENVIRON`, `env.`) or a file and prints it.
 */
const LANGUAGES = 'python[23]?(?:\\.\\d{1,2})?|node|ruby|perl|php|bun|deno|irb|pwsh|powershell|Rscript|lua(?:jit)?|julia|[gm]?awk|(?:go)?jq|tclsh|elixir|raku|groovy|kotlin|scala|swift|dart|osascript';

/**
 * Commands that print what a redirection feeds them (`jq -r . < f`, `python3 -c "…" < f`, `envsubst < f`):
 * the readers, the filters, `jq`, converters, and a language's one-liner or module (`-c`, `-e`, `-pe`,
 * `-m json.tool`), not its script (`python3 migrate.py < f` prints what the script says). Not a
 * command that prints a count or a digest of it (`wc -c`, `sha256sum`), nor one that takes it as a
 * login (`docker login --password-stdin`).
 */
const STDIN_PRINTERS = `${FILE_READERS}|${FILE_FILTERS}|(?:go)?jq|yq|tr|xargs|done|envsubst|iconv|uconv|dos2unix|unix2dos|tee|col|unexpand|openssl${GAP}(?:base64|enc)|uudecode|recode` +
  String.raw`|(?:${LANGUAGES})(?=[^\n|;&<]{0,60}?[ \t]-[a-zA-Z]{0,3}[ceprmE]\b)`;

/** A command's arguments to its stage's end: words, and quoted ones whatever they hold (a one-liner's `;`). */
const STAGE_ARGUMENTS = String.raw`(?:[^\n|;&<"']|"[^"\n]{0,300}"|'[^'\n]{0,300}'){0,300}?`;

/**
 * A language's one-liner, before what it prints: `python -c "…"`, `node -e '…'`, `ruby -e`. Code in a
 * file (a diff, a listing) is not run: a line after it is more code.
 */
const ONE_LINER = String.raw`\b(?:${LANGUAGES})\b[^\n]{0,300}?`;

/** Reads whose output is a secret whatever it is named: secret stores, decryptors, token printers, random generators. */
const READS = [
  // Secret managers and cloud secret services.
  String.raw`\bkubectl${GAP}${ARG_CHAR}{0,200}?\bsecrets?\b${ARG_CHAR}{0,200}?(?:\.data\.|base64[ \t]+(?:-d|--decode)|-o(?:${GAP}|[ \t]*=[ \t]*)?jsonpath)`,
  String.raw`\bkubectl${GAP}view-secret\b`, String.raw`\baws${GAP}secretsmanager${GAP}get-secret-value\b`,
  String.raw`\baws${GAP}ssm${GAP}get-parameters?[^\n]{0,200}?--with-decryption`, String.raw`\bgcloud${GAP}secrets${GAP}versions${GAP}access\b`,
  String.raw`\baz${GAP}keyvault${GAP}secret${GAP}show\b`, String.raw`\bop${GAP}read\b`, String.raw`\bop${GAP}item${GAP}get\b[^\n]{0,200}?--fields`,
  String.raw`\b(?:pass|gopass)${GAP}show\b`, String.raw`\bsecret-tool${GAP}lookup\b`, String.raw`\bkeyring${GAP}get\b`,
  String.raw`\bbw${GAP}get${GAP}(?:password|totp|notes)\b`, String.raw`\blpass${GAP}show\b`, String.raw`\bargocd${GAP}admin${GAP}initial-password\b`,
  String.raw`\bsecurity${GAP}find-(?:generic|internet)-password\b[^\n]{0,200}?[ \t"]-w\b`, String.raw`GetNetworkCredential\(\)\.Password`,
  String.raw`\b(?:${SECRET_STORES})(?:${GAP}[^\s|;&]{1,80}){0,3}?${GAP}(?:get|show|read|lookup|access|reveal|cat|get-secret-value)\b`,
  String.raw`\bGet-Secret\b[^\n|;]{0,200}?-AsPlainText\b`,
  // A cloud's account keys, listed bare (`az storage account keys list … -o tsv`, `az redis list-keys`).
  String.raw`\baz${GAP}[^\n|;]{0,150}?\b(?:keys${GAP}list|list-keys|show-connection-string|credential${GAP}show|list-publishing-credentials)\b`,
  // A secret store's whole read, its values taken out by a filter (`vault kv get -format=json secret/db | jq -r '… .value'`).
  String.raw`\b(?:vault|bao)${GAP}(?:kv${GAP}get|read)\b[^\n|;]{0,200}?\|[ \t]*(?:jq|gojq|yq)\b`,
  // Decryptors: what was encrypted is a secret, and printed alone it is the whole of one.
  String.raw`\bsops\b[^\n|;]{0,200}?(?:-d|--decrypt|decrypt)\b`, String.raw`\bgpg2?(?:${GAP}--?[\w-]{1,30}(?:[= ][^\s"'-]\S{0,200})?){0,8}?${GAP}(?:-d|--decrypt)\b`,
  String.raw`(?:^|[\s"'|;&(])r?age(?:${GAP}-{1,2}\w[\w-]{0,20}(?:${GAP}[^\s"'-][^\s"']{0,200})?){0,6}?${GAP}(?:-d|--decrypt)\b`,
  // Tools that print a stored secret when asked for it: a connection's key, a keyring's entry, a WireGuard key.
  String.raw`\bnmcli\b[^\n|;]{0,200}?(?:[ \t]-s|--show-secrets)\b`, String.raw`\bwg${GAP}show\b[^\n|;]{0,100}?\b(?:private-key|preshared-keys)\b`,
  String.raw`\bkeyctl${GAP}(?:print|pipe|read)\b`, String.raw`\bsecret-tool${GAP}(?:lookup|search)\b`,
  String.raw`\bsystemd-creds${GAP}decrypt\b`, String.raw`\bansible-vault${GAP}(?:view|decrypt)\b`, String.raw`\bkms${GAP}decrypt\b`,
  String.raw`\bopenssl${GAP}(?:enc|pkeyutl|rsautl|smime|cms|aes-[\w-]{1,20})\b[^\n|;]{0,200}?[ \t"]-(?:d|decrypt)\b`, String.raw`\b(?:blackbox_cat|git${GAP}secret${GAP}cat)\b`,
  // Token printers.
  String.raw`\bprint-(?:access|identity|id)-token\b`, String.raw`\b(?:vault|bao)${GAP}print${GAP}token\b`, String.raw`\b(?:${TOKEN_CLIS})${GAP}auth(?:${GAP}|:)token\b`,
  String.raw`\bget-(?:login-password|access-token|authorization-token)\b`, String.raw`\bkubectl${GAP}create${GAP}token\b`,
  // Random generators, in a shell and in a language.
  String.raw`\bopenssl${GAP}rand\b`, String.raw`\bgpg2?\b[^\n|;]{0,100}?--gen-random\b`,
  String.raw`\b(?:pwgen|apg|makepasswd|diceware|xkcdpass|pwqgen)\b`, String.raw`\bwg${GAP}genkey\b`,
  String.raw`\b(?:bw|rbw|keepassxc-cli|gopass|pass|lpass|op)${GAP}generate\b`,
  String.raw`\bshuf\b[^\n|;]{0,100}?(?:dict\/words|wordlist|eff_\w{1,20}\.txt)`,
  String.raw`\b(?:rails|rake)${GAP}secret\b`, String.raw`\bphx\.gen\.secret\b`, String.raw`\bartisan${GAP}key:generate\b[^\n]{0,60}--show\b`,
  String.raw`${ONE_LINER}(?:get_random_secret_key\(|SecureRandom\.\w|os\.urandom\(|random_bytes\(|randomBytes\(|openssl_random_pseudo_bytes\(` +
    String.raw`|secrets\.token_(?:hex|urlsafe|bytes)\b|RandomNumberGenerator\b|GeneratePassword\(|Fernet\.generate_key\(|random\.(?:choices?|sample)\(|secrets\.choice\()`,
];

/**
 * Alternatives as one: those that start at a word boundary share one `\b`, so a position of a line
 * that starts none is passed over by each's first letters, not by a boundary test apiece.
 */
function oneBoundary(alternatives: readonly string[]): string {
  const atWord = alternatives.filter((form) => form.startsWith(String.raw`\b`)).map((form) => form.slice(2));
  return [String.raw`\b(?:${atWord.join('|')})`, ...alternatives.filter((form) => !form.startsWith(String.raw`\b`))].join('|');
}

/**
 * The commands that print a secret, each naming it (a variable, a field, a path, a file) in a group
 * the accept judges, or printing nothing else (a `read`).
 */
const COMMANDS = [
  // Variables.
  String.raw`\bprintenv${GAP}["']?(?<variable>${NAME})`,
  String.raw`\becho[ \t]+(?:-[neE]{1,3}[ \t]+)?(?<others>(?:${OTHER_VARIABLE}(?:[ \t]+|${JOINER})){0,3})${SHELL_VARIABLE}`,
  String.raw`\becho[ \t]+%(?<variable>${NAME})%`,
  String.raw`\b(?:printf|Write-Output|Write-Host)[ \t]+(?:--[ \t]+)?(?:${PRINTF_FORMAT}[ \t]+)?${SHELL_VARIABLE}`,
  String.raw`<<<[ \t]*${SHELL_VARIABLE}`,
  String.raw`(?:^|[\s"'])\$env:(?<variable>${NAME})[ \t]*["'}\]]{0,3}[ \t]*$`,
  String.raw`GetEnvironmentVariable\([ \t]*["'](?<variable>${NAME})["']`,
  String.raw`${ONE_LINER}(?:environ(?:\.get)?|get_?env|process\.env|ENV)\W{1,3}(?<variable>${NAME})`,
  // The environment filtered by a name or a word of one (`printenv | grep -i pass | cut -d= -f2`, `env -0 | grep -z PASSWORD`): each line it prints is a match's.
  String.raw`\b(?:env|printenv|set)(?:[ \t]+-{1,2}\w[\w-]{0,20})*[ \t]*\|[ \t]*grep[ \t]+(?:-\w+[ \t]+)*["']?\^?(?<filter>${NAME})`,
  String.raw`\bgrep[ \t]+(?:-\w+[ \t]+)*["']?\^?(?<variable>${NAME})=?["']?[ \t]+[^\s|]{1,200}[ \t]*\|[ \t]*cut\b`,
  String.raw`\bawk\b[^\n]{0,100}?\/\^?(?<variable>${NAME})\W[^\n]{0,100}?print`,
  String.raw`\bsed[ \t]+-n[ \t]+["']s[/|#]\^?(?<variable>${NAME})=`,
  // A credential's line taken from a file and cut to its value (`cut -d= -f2 <<< "$(grep PASSWORD .env)"`).
  String.raw`\b(?:cut|awk|sed)\b[^\n|;<]{0,60}<<<[ \t]*["']?\$\([ \t]*grep[ \t]+(?:-\w+[ \t]+)*["']?\^?(?<variable>${NAME})`,
  // A tool's own getter of a variable: `heroku config:get`, `netlify env:get`, `doppler secrets get`, `dotenv get`, `dotenv -p`.
  String.raw`\b(?:dotenv|env|config|secrets?|variables?|vars?|parameters?)(?:${GAP}|:)get${GAP}(?:-{1,2}[\w-]{1,20}${GAP})*["']?(?<variable>${NAME})\b`,
  String.raw`\bdotenv(?:-cli)?\b[^\n|;]{0,100}?${GAP}-p${GAP}["']?(?<variable>${NAME})`,
  // A package's or a task runner's script named for what it prints (`npm run -s print-db-password`, `yarn -s print:db-password`, `make show-token`).
  String.raw`\b(?:npm|pnpm|yarn|bun|make|just|task|mise${GAP}run|composer)(?:${GAP}(?:-{1,2}[\w-]{1,20}|run(?:-script)?)){0,4}${GAP}(?<script>(?:print|show|get|echo|cat|reveal|dump|read)[:_-][\w:.-]{1,80})`,
  // Files: read by a reader, a redirection, `dd`, or a language's open.
  String.raw`\b(?:${FILE_READERS})${FLAGS}${GAP}["']?${FILE}`,
  String.raw`\b(?:${FILE_FILTERS})${FLAGS}(?:${GAP}${PROGRAM})?${GAP}["']?(?=[^\s"'|;&]{0,200}[/.])${FILE}`,
  // A redirection into a command that prints what it reads (a reader, a filter, a language, `jq`, `tr`, a loop's `done`), not `wc -c < f`.
  String.raw`(?:^|[\s"'|;&(])(?:${STDIN_PRINTERS})\b${STAGE_ARGUMENTS}[ \t]<[ \t]*["']?${FILE}(?=[\s"';|&)]|$)`,
  String.raw`\bdd\b[^\n|;]{0,100}?${GAP}if=["']?${FILE}`,
  String.raw`${ONE_LINER}\b(?:open|Path|File\.read|IO\.read|File\.ReadAllText|file_get_contents|readFile(?:Sync)?|read_file|read_to_string|slurp)\([ \t]*["']${FILE}["'](?![ \t]*,[ \t]*["'][wax])`,
  // Fields and paths.
  String.raw`\b(?:vault|bao)${GAP}\w{2,10}(?:${GAP}\w{2,10})?\b${ARG_CHAR}{0,200}?(?:[ \t]|["'],[ \t]*["'])-{1,2}field[= ]["']?(?<field>[\w.-]{1,80})`,
  String.raw`\bterraform${GAP}output${GAP}(?:-raw${GAP}|-json${GAP})?(?<field>[\w.-]{1,80})`,
  String.raw`\baws${GAP}configure${GAP}get${GAP}(?<field>[\w.-]{1,80})`,
  String.raw`\b[jy]q(?:${GAP}(?:-{1,2}[a-z][\w-]{0,20}|e|eval|eval-all|ea|r|read)){0,6}${GAP}["']?(?<path>\.[\w"'\[\].-]{1,200})`,
  String.raw`\bgit${GAP}config${GAP}(?:--?[\w-]+${GAP})*(?<field>[\w-]+\.[\w.-]{1,80})`,
  // A key-value store's read of a key, or of a hash's field, the credential names (`HGET app:config smtp_password`).
  // A plain read's key is the name (`GET smtp_password --raw`); a hash's or a bucket's comes first, then the field.
  String.raw`\b(?:${KV_CLIS})\b[^\n]{0,200}?\b(?:(?:GET|GETDEL|GETEX|GETSET|GETRANGE)${GAP}|(?:HGET|HMGET)${GAP}["']?${KV_KEY}["']?${GAP})["']?(?<field>${KV_FIELD})`,
  String.raw`\b(?:consul${GAP}kv|etcdctl|zkCli(?:\.sh)?|zookeeper-shell)${GAP}get${GAP}(?:-{1,2}[\w=-]{1,30}${GAP})*["']?(?<field>${KV_FIELD})`,
  String.raw`\bnats${GAP}kv${GAP}get${GAP}(?:-{1,2}[\w=-]{1,30}${GAP})*["']?${KV_KEY}["']?${GAP}["']?(?<field>${KV_FIELD})`,
  String.raw`\baws${GAP}ssm${GAP}get-parameters?\b[^\n|;]{0,200}?--names?[ =]["']?(?<field>[\w:./-]{1,200})`,
  // A document store's lookup, ending at the field it prints (`db.users.findOne({…}).password`).
  String.raw`\bmongo(?:sh)?\b[^\n]{0,300}?\.(?<field>\w{1,80})\)?;?[ \t]*\\?["']`,
  // A cluster object's path a template prints (`kubectl get cm app -o jsonpath='{.data.SMTP_PASSWORD}'`); a secret's is a read.
  String.raw`\b(?:kubectl|oc)(?![^\n]{0,200}?\bsecrets?\b)${GAP}[^\n]{0,200}?(?:jsonpath|template)[= ]["']?\{\{?[ \t]*(?<path>\.[\w.\[\]"'-]{1,200}?)[ \t]*\}`,
  // A database query of one column: `mysql -N -e "SELECT password FROM users …"`.
  // Or a settings table's row its WHERE clause names by a credential (`select value from settings where key='smtp_password'`).
  String.raw`\b(?:${DATABASE_CLIENTS})(?<rows>)\b[^\n]{0,300}?\bselect[ \t]+(?:distinct[ \t]+|top[ \t]+1[ \t]+)?(?:[\w"\x60\[\]]{1,80}\.)?["\x60\[]?(?<field>\w{1,80})["\x60\]]?[ \t]+from\b` +
    String.raw`(?:[^\n]{0,200}?\bwhere\b[^\n]{0,100}?=[ \t]*\\?["'](?<key>[\w:./-]{1,80})\\?["'])?`,
  // Every row of a table of accounts, headerless or not (`select * from users`): one of its cells is a password.
  String.raw`\b(?:${DATABASE_CLIENTS})(?<rows>)\b[^\n]{0,300}?\bselect[ \t]+\*[ \t]+from[ \t]+(?:[\w"\x60\[\]]{1,80}\.)?["\x60\[]?(?<table>\w{1,80})`,
  `(?<read>${oneBoundary(READS)})`,
];

/** The commands, as one pattern. */
export const SECRET_COMMAND = oneBoundary(COMMANDS);

/**
 * A variable assigned a secret's file or name (`F=/run/secrets/x`, `V=DB_PASSWORD`), to its line's end or a
 * JSON string's `\n` (a tool call's arguments): the command-output-indirect rule's head, on the line whose
 * credential word wakes it.
 */
export const HELD_SECRET = String.raw`\b(?<assigned>[A-Za-z_]\w{0,40})=\\?["']?${FILE}\\?["']?[ \t]*(?:;|&&|\\n|\r?$)`;

/**
 * A read through the variable HELD_SECRET assigned, within three lines: `cat "$F"`, `printenv "$V"`,
 * `echo "${!k}"` (bash's indirection, the value of the variable it names).
 *
 * @example
 * new RegExp(HELD_SECRET + HELD_READ, 'm').test('F=/run/secrets/db_password\ncat "$F"') // true
 */
export const HELD_READ = String.raw`(?:\r?\n(?:[^\n]{0,300}\r?\n){0,3}?)?[^\n]{0,100}?\b` +
  String.raw`(?:(?:${FILE_READERS})${FLAGS}|printenv|echo(?:[ \t]+-[neE]{1,3})?|printf(?:[ \t]+${PRINTF_FORMAT})?)${GAP}\\?["']?\$\{?!?\k<assigned>\}?\\?["']?(?=[\s;|&)"]|$)`;

/**
 * Keywords of a language run on a program written on the lines under it: a heredoc's start, a
 * one-liner's quote (left open when the program goes on below).
 */
export const PROGRAM_KEYWORDS = ['<<\'', '<<"', '<<-', "<< '", '<< "', '<<eof', '<< eof', '<<py', '<<js', '<<end', '-c "', "-c '", '-e "', "-e '"];

/**
 * A language run on a program on the lines under its command (`python3 <<'PY'`, `python3 -c "` with its
 * quote left open; a transcript's `> ` before each line) that reads a variable (`os.environ['X']`,
 * `process.env.X`) within eight lines, to the line of its terminator (`PY`, `EOF`, the closing quote).
 *
 * @example
 * new RegExp(PROGRAM_COMMAND, 'i').test("python3 <<'PY'\nimport os\nprint(os.environ['DB_PASSWORD'])\nPY") // true
 */
export const PROGRAM_COMMAND = String.raw`\b(?:${LANGUAGES})\b[^\n<]{0,100}?(?:<<-?[ \t]*["']?\w{1,20}["']?|[ \t]-[a-zA-Z]{0,3}[ce][ \t]*["'])[ \t]*\r?\n` +
  String.raw`(?:[^\n]{0,300}\r?\n){0,8}?[^\n]{0,300}?\b(?:environ(?:\.get)?|get_?env|process\.env|ENV)\W{1,3}(?<variable>${NAME})[^\n]{0,300}` +
  String.raw`(?:\r?\n(?:>[ \t])?[^\n]{0,300}){0,8}?\r?\n(?:>[ \t]*)?(?:[A-Z_]{1,20}|["'])[ \t]*(?=\r?\n)`;


/** Keywords of the reads that name nothing (a credential word wakes the rest): each tool's name. */
export const READ_KEYWORDS = ['kubectl', 'secretsmanager', 'ssm', 'gcloud', 'keyvault', 'op read', 'op item', 'pass show', 'gopass', 'secret-tool', 'keyring',
  'sops', 'bw get', 'lpass', 'argocd', 'getnetworkcredential', 'urandom', '/dev/random', 'randombytes', 'random_bytes', 'random_pseudo', 'find-generic',
  'find-internet', 'openssl', 'pwgen', 'apg', 'diceware', 'pwqgen', 'genkey', 'secrets.token', 'view-secret', 'ecr', 'gpg', 'decrypt', 'age -',
  'conjur', 'chamber', 'keepass', 'kpcli', 'credstash', 'akeyless', 'infisical', 'berglas', 'kwallet', 'securerandom',
  'numbergenerator', 'generate', 'shuf', 'random.choice', 'random.sample', 'secrets.choice', 'keys list', 'list-keys', 'connection-string',
  'credential show', 'publishing-credentials', 'ansible-vault', 'nmcli', 'keyctl', 'wg show', 'vault kv', 'vault read', 'bao kv', 'bao read', 'select *',
  // A file of recovery codes or seed words (namesSecretFile): no credential's word names it.
  'recovery', 'mnemonic', 'seed', 'backup_code', 'backup-code', 'backupcode'];

/** Lines an output skips before its `k`th: bare lines, a JSON string's `\n`s, a list's strings. */
const skipLines = (k: number) => ({ bare: String.raw`(?:[^\n]{0,400}\n){${k}}`, json: String.raw`(?:[^"\\\n]{0,400}(?:(?:\\r)?\\n|",[ \t]*")){${k}}` });

/**
 * A tool's own notices before a command's output, read past (the rule's pattern ignores case): a
 * recorder's header (Codex's `Exit code:`, `Wall time:`, `Output:`), a warning or note on stderr
 * (`WARNING: …`, `mysql: [Warning] …`), kubectl's `Defaulted container …`, psql's `Pager usage is off.`,
 * an exec's TTY complaint, and a frame (bat's rules and `File:` line, a line of dashes): no letter nor
 * digit, its characters beyond Latin-1 folded to bytes as the pattern sees them.
 */
const NOTICES = [
  String.raw`Exit code:[^\n]{0,40}`, String.raw`Wall time:[^\n]{0,60}`, 'Output:', String.raw`Process exited[^\n]{0,60}`,
  // A reading of markup may drop a tag's `<` or its closing tag, so neither is required.
  // Codex's unified exec (`Chunk ID: 5f3a2b`, `Original token count: 6`), mini-swe-agent's and others' tags around the output
  // (`<returncode>0</returncode>`, `<output>`, `<stdout>`), an exit status (`[exit 0]`, `exit status 0`), SWE-agent's preamble.
  String.raw`Chunk ID:[^\n]{0,40}`, String.raw`Original token count:[^\n]{0,40}`, String.raw`(?:Return code|returncode|exit status):?[ \t]{0,4}-?\d{1,3}`,
  String.raw`<?(?:returncode|exit_?code|exit_status)>[ \t]{0,4}-?\d{1,3}(?:[ \t]{0,4}</(?:returncode|exit_?code|exit_status)>)?(?:[ \t]{0,4}<(?:output|stdout)>)?`,
  String.raw`<?(?:output|stdout|stderr|result|observation|tool_output)>`, String.raw`\[(?:exit(?: code)?|exited|rc)[: =]{0,3}-?\d{1,3}\]`,
  String.raw`Running as user [^\n]{0,200}`,
  // A container's pull before it runs (`Unable to find image …`, `latest: Pulling from …`, a layer's `Pull complete`, `Digest:`, `Status:`).
  String.raw`Unable to find image[^\n]{0,200}`, String.raw`[\w.-]{1,128}: (?:Pulling (?:from|fs layer)|Pull complete|Already exists|Waiting|Verifying Checksum|Download complete)[^\n]{0,200}`,
  String.raw`Digest: sha256:[0-9a-f]{0,64}`, String.raw`Status: (?:Downloaded newer image|Image is up to date)[^\n]{0,200}`,
  String.raw`(?:[\w.-]{1,30}:[ \t]*)?\[?(?:warning|warn|notice|note|info|deprecation)[\]!:][^\n]{0,400}`,
  String.raw`Defaulted container[^\n]{0,200}`, String.raw`Pager usage is off\.`, String.raw`Unable to use a TTY[^\n]{0,200}`,
  String.raw`If you don't see a command prompt[^\n]{0,200}`, String.raw`Pseudo-terminal will not be allocated[^\n]{0,100}`,
  String.raw`Picked up [A-Z_]{1,40}:[^\n]{0,300}`, String.raw`[^\w\s"'\\][^\w\n"'\\]{2,400}`, String.raw`[^\w\s"'\\]{1,4}[ \t]*File:[^\n]{0,400}`,
];

/**
 * Lines a result may print before its output: a notice, or nothing (a tool's leading newline). What
 * follows an empty line may be the transcript's next line instead (`echo $UNSET` printed the empty
 * one, then `git status`): the rule's accept takes it only as a drawn token (outputParts).
 */
const HEADER_LINE = String.raw`(?:[ \t]*(?:${NOTICES.join('|')})?[ \t]*\r?\n)`;

/** A line that starts the next command of a transcript, not more output: a prompt, or a record's next JSON object. */
const NEXT_COMMAND = String.raw`(?:[$#%>\xbb][ \t]|PS[ \t][^\n]{0,100}>|\{")`;

/**
 * A line more of a command's output, whatever its shape (a table's row of several words), or one
 * token or a line of words (a passphrase) after an empty line (a secret file's next): the next
 * command's prompt ends it, and an empty line before anything else (the transcript's next command or prose). Which of these lines are
 * secrets the rule's accept decides by what the command prints (rules-command-output.ts's outputParts).
 */
const MORE_OUTPUT = String.raw`\r?\n(?:[ \t]*\r?\n(?=[ \t]*[^\s]{4,400}[ \t]*\r?$|[ \t]*[\w'-]{1,40}(?:,?[ \t]+[\w'-]{1,40}){1,11}[ \t]*\r?$))?[ \t]*(?!${NEXT_COMMAND})[^\s][^\n]{0,400}?(?=[ \t]*\r?$)`;

/** Most lines of one output read past its first. */
const MORE_LINES = 6;

/** The start of a command's output in a JSON record of it (`{"output":"v\n…`, `{"exit_code": 0, "stdout": "v\n"}`). */
const JSON_OUTPUT = String.raw`\{[^\n]{0,200}?"(?:output|out|stdout|stdout_lines|content|text|result)"[ \t]*:[ \t]*\[?[ \t]*"`;

/**
 * The `k`th line of a command's output, after a tool's notices: bare, or in a JSON string of the
 * output as agents record a command's result. Bare, the first (`k` 0) reaches over the lines more
 * of its output: a secret file of two tokens, a passphrase's words, the rows of a table.
 *
 * @example
 * new RegExp(`printenv DB_PASSWORD${outputLine()}`, 'm').exec('printenv DB_PASSWORD\nv4lue-Kx2\n')?.groups?.['value'] // 'v4lue-Kx2'
 */
export function outputLine(k = 0): string {
  const skip = skipLines(k);
  return String.raw`\r?\n${HEADER_LINE}{0,8}[ \t]*(?:${JSON_OUTPUT}${skip.json}(?<value>[^"\\]{4,400}?)(?:\\[nr]|")[^\n]*` +
    String.raw`|${skip.bare}(?<value>[^\s][^\n]{3,400}?${k === 0 ? `(?:${MORE_OUTPUT}){0,${MORE_LINES}}` : ''})[ \t]*\r?$)`;
}

/** Most other names one command prints before the secret's, and after it (a service's host, port, database and user, say). */
const MOST_BEFORE = 8;
const MOST_AROUND = 8;

/** One word of an output line. */
const WORD = String.raw`[^\s"\\]{1,400}`;

/**
 * The `k`th word of the output's line: `echo $DB_USER $DB_PASSWORD` prints `bo v`. The words after it
 * are counted (`rest`) for the accept to match them to the variables after the named one (`after`).
 */
function outputWord(k: number): string {
  const word = String.raw`(?:${WORD}[ \t]+){${k}}(?<value>[^\s"\\]{4,400})(?<rest>(?:[ \t]+${WORD}){0,${MOST_AROUND}})[ \t]*`;
  return String.raw`\r?\n${HEADER_LINE}{0,8}[ \t]*(?:${JSON_OUTPUT}${word}(?:\\[nr]|")|${word}\r?$)`;
}

/**
 * Commands printing several variables, one per line (`printenv DB_USER DB_PASSWORD`, `for v in A B;
 * do echo "${!v}"; done`) or on one line (`echo $DB_USER $DB_PASSWORD`): a match starts at each name
 * (a lookbehind reads the command before it), so a name the accept refuses does not hide the next,
 * and its output is the line or word at its position.
 *
 * @example
 * new RegExp(severalVariables(), 'm').exec('printenv DB_USER DB_PASSWORD\nbo\nv4lue-Kx2\n')?.groups?.['value'] // 'v4lue-Kx2'
 */
export function severalVariables(): string {
  const forms: string[] = [];
  for (let k = 1; k <= MOST_BEFORE; k++) {
    forms.push(String.raw`(?<=\bprintenv(?:${GAP}["']?${NAME}){${k}}${GAP}["']?)(?<variable>${NAME})[^\n]{0,2000}?${outputLine(k)}`);
  }
  // Commands chained on one line (`echo "$DB_USER"; echo "$DB_PASSWORD"`, `printenv A && printenv B`), each printing its line.
  const printsOne = String.raw`\b(?:echo|printenv)[ \t]+["']?\$?\{?${NAME}\}?["']?[ \t]*(?:;|&&)[ \t]*`;
  for (let k = 1; k <= MOST_BEFORE; k++) {
    forms.push(String.raw`(?<=(?:${printsOne}){${k}})(?:echo[ \t]+["']?\$\{?|printenv[ \t]+["']?)(?<variable>${NAME})[^\n]{0,2000}?${outputLine(k)}`);
  }
  for (let k = 0; k <= MOST_BEFORE; k++) {
    const loop = String.raw`(?<=\bfor[ \t]+\w{1,40}[ \t]+in(?:[ \t]+["']?${NAME}["']?){${k}}[ \t]+["']?)(?<variable>${NAME})`;
    forms.push(String.raw`${loop}(?=[^\n]{0,300}?(?:\$\{!|printenv[ \t]+["']?\$))[^\n]{0,2000}?${outputLine(k)}`);
    const echo = String.raw`(?<=\becho[ \t]+(?:-[neE]{1,3}[ \t]+)?(?:${OTHER_VARIABLE}[ \t]+){${k}})${SHELL_VARIABLE}`;
    forms.push(String.raw`${echo}(?<after>(?:[ \t]+${OTHER_VARIABLE}){0,${MOST_AROUND}})[^\n]{0,2000}?${outputWord(k)}`);
  }
  return forms.join('|');
}

// Credentials command-line tools take in their own ways, where no credential word names them: a
// secret fed on stdin to a command that reads one (`echo v | gh auth login --with-token`), a tool's
// own password flag (`mosquitto_pub -P v`, `usermod -p v`), a password by position (`wpa_passphrase
// ssid v`, `net use \\host\share v`), a key and value pair of a configuring tool (`rclone config
// create s3 s3 secret_access_key v`), and a generic `--value` beside a name that says it is a secret
// (`aws ssm put-parameter --name /db/password --value v`). Each table lists tools; the rule is the form.
import { isCredentialName } from './credential-names.ts';
import { isCredentialValue } from './credential-values.ts';
import { isTemplateOnly } from './placeholders.ts';
import { groupsOf, j, type MatchContext, type Rule } from './rule.ts';
import { PRINTF_FORMAT } from './secret-commands.ts';

/** One argument of a command: quoted, or a bare word up to a space, a shell operator or an escaped line break (`\n` in JSON). */
const ARG = String.raw`(?:"[^"\n]*"|'[^'\n]*'|(?:[^\s|;&<>"'\\]|\\(?!n))+)`;
/**
 * A character of one pipeline stage: no operator, no line break, also none escaped (a JSON string's
 * `\n` ends a command as a line break does; `\\host` is a path).
 */
const IN_STAGE = String.raw`(?:[^\n|;&\\]|\\(?!n))`;
/** The same before a redirection: no `<`. */
const IN_STAGE_TO_REDIRECT = String.raw`(?:[^\n|;&<\\]|\\(?!n))`;
/** The rest of one pipeline stage: no operator between a tool and its argument. */
const STAGE = String.raw`${IN_STAGE}*?`;

/**
 * The secret given to a tool: single, double or ANSI-C (`$'…'`) quoted, or one bare word that is no
 * flag and no redirection, up to a backslash (in a JSON string `\"` closes the command).
 */
const ARG_VALUE = String.raw`(?:'(?<value>[^'\n]{1,200})'|"(?<value>(?:[^"\\\n]|\\.){1,200})"|\$'(?<value>[^'\n]{1,200})'|(?<value>[^\s"'|;&<>()\\-][^\s"'|;&<>()\\]{0,200}))`;

/** A package runner before a tool: `npx wrangler`, `bunx vercel`, `pnpm dlx netlify`. */
const RUNNER = String.raw`(?:(?:npx|bunx|pnpx|pnpm[ \t]+(?:dlx|exec)|yarn(?:[ \t]+dlx)?)[ \t]+(?:-y[ \t]+)?)?`;
/** A tool run as another user: `sudo passwd app`, `sudo -u app vercel …`. */
const AS_USER = String.raw`(?:sudo[ \t]+(?:-u[ \t]*\S+[ \t]+|-[\w-]+[ \t]+)*)?`;

/**
 * Tools that read a secret on stdin, named: what is echoed, fed or piped into them is one. passwd
 * reads the new password twice (`echo -e "v\nv" | passwd app`); the hosted stores and CLI logins
 * take the value or token as their input when no argument gives it.
 */
const STDIN_TOOLS = [
  String.raw`passwd\b`, String.raw`(?:smb|vnc|tightvnc|x11vnc)passwd\b`, String.raw`htpasswd\b${STAGE}[ \t]-[A-Za-z]*i\b`, String.raw`argon2\b`,
  String.raw`vercel[ \t]+env[ \t]+add\b`, String.raw`wrangler[ \t]+(?:pages[ \t]+)?secret[ \t]+(?:put|bulk)\b`, String.raw`firebase[ \t]+functions:secrets:set\b`,
  String.raw`gh[ \t]+secret[ \t]+set\b`, String.raw`fly(?:ctl)?[ \t]+secrets[ \t]+import\b`, String.raw`doctl[ \t]+auth[ \t]+init\b`, String.raw`secret-tool[ \t]+store\b`,
  String.raw`keyring[ \t]+set\b`, String.raw`pass[ \t]+(?:insert|add)\b`, String.raw`kinit\b`, String.raw`vault[ \t]+login\b`, String.raw`cryptsetup\b`,
  String.raw`rabbitmqctl\b${STAGE}\b(?:add_user|change_password)\b`, String.raw`sudo[ \t]+-S\b`,
  // mysql_config_editor's `set` reads nothing but the password its `-p` asks for.
  String.raw`mysql_config_editor\b${STAGE}[ \t]set\b${STAGE}[ \t](?:-p|--password)\b`,
];

/**
 * Flags by which any tool says it reads its secret on stdin: `--password-stdin`, `--token-stdin`,
 * `--passwd-on-stdin`, `--stdin-password`, gh's `--with-token`, ansible-vault's `--stdin-name`,
 * hdiutil's `-stdinpass`, gpg's `--passphrase-fd 0`, openssl's `-pass stdin`.
 */
const STDIN_FLAG = String.raw`(?:--[\w-]*(?:pass(?:word|wd|phrase)?|token|secret|key)[\w-]*stdin\b|--stdin-?(?:pass|token|secret|key)[\w-]*|--with-token\b|--stdin-name\b|-stdinpass\b|` +
  String.raw`--pass(?:word|phrase)?-fd[= ]0\b|-pass(?:in|out)?[ \t]+(?:stdin|fd:0)\b)`;

/** Arguments that make a secret store read the value from stdin: `--data-file=-`, `/dev/stdin`, a lone `-`, vault's `key=-` (a quote or a JSON string's escape may close the command after it). */
const STDIN_DATA = String.raw`(?:--data-file[= ]-(?![^\s"'\\])|(?:fileb?://)?/dev/stdin\b|[ \t]-(?![^\s"'\\])|[ \t][\w.-]+=-(?![^\s"'\\]))`;

/** CLIs with a secret store among their subcommands (a `grep secret -` reads no secret). */
const SECRET_CLI = String.raw`(?:gcloud|docker|podman|kubectl|oc|az|aws|vault|doppler|infisical|fly(?:ctl)?|gh|glab|op|bw|heroku|firebase|eas|supabase|scw|doctl|hcloud|ibmcloud|oci)`;
/** The store's subcommand, perhaps after one or two others: `gcloud secrets`, `kubectl create secret`, `az keyvault secret`, `vault kv`. */
const SECRET_SUBCOMMAND = String.raw`(?:[ \t]+[a-z][\w-]*){0,2}[ \t]+(?:secrets?|secretsmanager|kv)\b`;

/**
 * Farthest a command's stdin argument or redirection is looked for from its tool's name, within its
 * stage: unbounded, a JSON record of one line that named a store hundreds of times (`gcloud secrets
 * create …` in a loop) searched its stage again from each name.
 */
const STAGE_REACH = 1000;

/** A named tool that reads a secret on stdin, or a secret store (`gcloud secrets`, `docker secret create`, `kubectl create secret`) told to read its data from stdin. */
const NAMED_SINK = String.raw`(?:${RUNNER}(?:${STDIN_TOOLS.join('|')})|${SECRET_CLI}(?=${SECRET_SUBCOMMAND})(?=${IN_STAGE}{0,${STAGE_REACH}}${STDIN_DATA}))`;

/**
 * A command a pipe feeds that reads a secret on stdin, from its first word: a named tool, or any
 * tool with a stdin flag for its secret later in its stage.
 */
const STDIN_SINK = String.raw`(?:${NAMED_SINK}|[\w./-]+(?=${IN_STAGE}*${STDIN_FLAG}))`;

/**
 * A command a redirection feeds (`<<<`, `< <(echo v)`, a here-doc) that reads a secret on stdin: a
 * named tool, or a stdin flag before the redirection. Not any word before such a flag, as a pipe's
 * sink is: from every word of a stage, each looking for the flag to the stage's end, a JSON record of
 * one long line took a search per word (390 ms for 200 KB of OpenHands output).
 */
const FED_SINK = String.raw`(?:${NAMED_SINK}|${STDIN_FLAG})`;

/** What prints the fed value: `echo -n`, `echo -e`, `printf '%s\n'`, `printf '[%s]\n'`, `printf %s`, `printf -- '%s'`, `printf 'v\n'`. */
const ECHO = String.raw`(?:echo|printf)(?:[ \t]+-[neE]+|[ \t]+--)*(?:[ \t]+${PRINTF_FORMAT})?[ \t]+`;

/**
 * True when a value given to a tool is a secret the log shows. One that starts with `$` is a shell or
 * PowerShell variable (`$TOKEN`, `$(cat f)`, `$env:PW`), `%PW%` is cmd's, `*` asks at a prompt.
 */
function isGivenSecret(value: string, quoted: boolean): boolean {
  if (/^\$(?!')|^%\w+%$|^\*$/.test(value) || isTemplateOnly(value)) return false;
  return isCredentialValue(value, { quoted, configLine: true });
}


/** Whether the match's value was quoted: the character before it is a quote. */
function wasQuoted(context: MatchContext, value: string): boolean {
  const at = context.match.index + context.match[0].lastIndexOf(value);
  return /["']/.test(context.text[at - 1] ?? '');
}

/**
 * One pipeline stage around `at` of `text`: from the last `|`, `;`, `&`, line break or escaped line
 * break (a JSON string's `\n`) before it to the next one after.
 *
 * @example
 * stageAround('cd x && aws ssm put-parameter --name n --value v | cat', 30) // ' aws ssm put-parameter --name n --value v '
 */
function stageAround(text: string, at: number): string {
  const before = text.slice(Math.max(0, at - 600), at);
  const after = text.slice(at, at + 600);
  const start = Math.max(...[/[|;&\n]/g, /\\n/g].map((pattern) => lastEnd(before, pattern)));
  const end = after.search(/[|;&\n]|\\n/);
  return before.slice(start) + (end < 0 ? after : after.slice(0, end));
}

/** The end of the last match of `pattern` in `text`, 0 when none. */
function lastEnd(text: string, pattern: RegExp): number {
  let end = 0;
  for (const match of text.matchAll(pattern)) end = match.index + match[0].length;
  return end;
}

/** A stage of a secret store, where every value given is a secret: Key Vault, Secrets Manager, a SecureString, KMS plaintext, `--secret`. */
const SECRET_STORE = /\b(?:keyvault[ \t]+secret|secretsmanager|SecureString|secrets?[ \t]+(?:set|create|put|add)|kms[ \t]+encrypt|vault[ \t]+kv)\b|(?:^|[ \t])--(?:secret|sensitive)(?=[ \t=]|$)|--visibility[= ]["']?secret\b/i;
/** A sibling argument that names what the value is: `--name /db/password`, `--secret-id prod/db-pass`, `-n API_TOKEN`. */
const SIBLING_NAME = /(?:^|[ \t])(?:--(?:name|key|key-name|secret-id|secret-name|parameter-name|id|variable)|-n)(?:=|[ \t]+)["']?([^\s"']+)/g;
/** A positional argument that is an environment variable's name: `gh variable set DB_PASSWORD --body v`. */
const POSITIONAL_NAME = /(?:^|[ \t])["']?([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)["']?(?=[ \t]|$)/g;

/** True when `name` or its last path segment names a credential (`/db/password`, `prod/db-pass`, `kv:API_TOKEN`). */
function namesCredential(name: string): boolean {
  const last = name.split(/[/:]/).filter(Boolean).at(-1) ?? name;
  return isCredentialName(name) || isCredentialName(last);
}

/**
 * True when the stage holding a generic `--value` says the value is a secret: the command is a
 * secret store, or a sibling argument names a credential.
 *
 * @example
 * valueIsSecret(' aws ssm put-parameter --name /db/password --value v') // true
 * valueIsSecret(' aws ssm put-parameter --name /app/region --value v --type String') // false
 */
function valueIsSecret(stage: string): boolean {
  if (SECRET_STORE.test(stage)) return true;
  return [...stage.matchAll(SIBLING_NAME), ...stage.matchAll(POSITIONAL_NAME)].some((match) => namesCredential(match[1]!));
}

/**
 * Tools whose own flag takes a password or a token under a name that says nothing (`-p`, `-P`,
 * `-w`): the flag is the tool's, so the table names both. Flags are case-sensitive: `mosquitto_pub
 * -p` is a port, `-P` the password; `ipmitool -P` the password, `-p` a port.
 */
const TOOL_SECRET_FLAGS: ReadonlyArray<readonly [tool: string, flags: string]> = [
  ['user(?:mod|add)', '-p'],
  [String.raw`security[ \t]+add-(?:generic|internet)-password`, '-w'],
  ['mosquitto_(?:pub|sub|rr)|ipmitool|isql', '-P'],
  ['twine|racadm|cqlsh|cypher-shell|rabbitmqadmin|ncftp(?:put|get|ls)?|hydra|medusa|evil-winrm|crackmapexec|netexec|nxc|smbmap|veracrypt|doveadm', '-p'],
  ['influx', '-[pt]'],
  ['snmp(?:walk|get|set|bulkwalk|bulkget|getnext|trap|table|df)', '-[AXc]'],
  ['slappasswd|ldappasswd', '-[as]'],
  [String.raw`caddy[ \t]+hash-password`, '--plaintext|-p'],
  ['vmrun', '-gp'],
  ['x11vnc', '-storepasswd'],
  [String.raw`kadmin(?:\.local)?`, '-w'],
];

/**
 * A flag of TOOL_SECRET_FLAGS after its tool, and the secret (`-P v`, `-p=v`). The tool is looked
 * behind for (bounded: the line is long only in a JSON record), so each of its flags matches:
 * `snmpwalk -A v1 -X v2`.
 */
const TOOL_FLAG = TOOL_SECRET_FLAGS.map(([tool, flags]) =>
  String.raw`(?<=(?<![\w-])(?:${tool})(?![\w-])${IN_STAGE}{0,400}[ \t])(?<flag>${flags})(?:[ \t]+|=)${ARG_VALUE}`).join('|');

/** SNMP's well-known communities: `-c public` is the default, no secret. */
const DEFAULT_COMMUNITY = /^(?:public|private)$/;

/** ansible-vault's flags that take an argument: what follows them is a name or a file, not the string to encrypt. */
const VAULT_ARGUMENT_FLAGS = String.raw`(?:name|vault-id|vault-password-file|vault-pass-file|encrypt-vault-id|output|stdin-name|n)(?![\w-])`;

/**
 * Tools that take a secret by position: minio's alias and user, a Wi-Fi passphrase, a share's
 * password, a password to hash, neo4j's initial password, an ODBC login, an Oracle `user/password`,
 * PowerShell's plain text made secure, a string ansible-vault encrypts.
 */
const POSITIONAL = [
  String.raw`(?<![\w-])mc[ \t]+(?:alias[ \t]+set|config[ \t]+host[ \t]+add)(?:[ \t]+--?[\w-]+)*[ \t]+${ARG}[ \t]+${ARG}[ \t]+${ARG}[ \t]+${ARG_VALUE}`,
  String.raw`(?<![\w-])mc[ \t]+admin[ \t]+user[ \t]+add[ \t]+${ARG}[ \t]+${ARG}[ \t]+${ARG_VALUE}`,
  String.raw`(?<![\w-])wpa_passphrase[ \t]+${ARG}[ \t]+${ARG_VALUE}`,
  // net use [Z:] \\host\share PASSWORD /user:NAME (the password after the user is credential-command's).
  String.raw`(?<![\w-])(?i:net)[ \t]+(?i:use)[ \t]+(?:[A-Za-z]:[ \t]+|\*[ \t]+)?\\\\[^\s]+[ \t]+(?!\/)${ARG_VALUE}`,
    // A hashing tool's flags that take an argument (`-salt x`, `-m sha-512`) are read with it; `-stdin` and `-in` say no password follows.
  String.raw`(?<![\w-])openssl[ \t]+passwd(?!${IN_STAGE}*[ \t]-(?:stdin|in)\b)(?:[ \t]+-salt[ \t]+\S+|[ \t]+-(?!salt\b)[\w-]+)*[ \t]+${ARG_VALUE}`,
  String.raw`(?<![\w-])mkpasswd(?!${IN_STAGE}*[ \t](?:-s|--stdin)\b)(?:[ \t]+-[mSRP][ \t]*\S+|[ \t]+--(?:method|salt|rounds|password-fd)(?:=|[ \t]+)\S+|[ \t]+--(?!method|salt|rounds|password-fd)[\w-]+|[ \t]+-[^\s\-mSRP])*[ \t]+${ARG_VALUE}`,
  String.raw`(?<![\w-])rclone[ \t]+obscure[ \t]+${ARG_VALUE}`,
  String.raw`(?<![\w-])neo4j-admin[ \t]+(?:dbms[ \t]+)?set-initial-password[ \t]+${ARG_VALUE}`,
  String.raw`(?<![\w-])isql(?:[ \t]+-\w+)*[ \t]+(?!-)${ARG}[ \t]+(?!-)${ARG}[ \t]+${ARG_VALUE}`,
  String.raw`(?<![\w-])(?:sqlplus|rman|expdp|impdp|sqlldr|dgmgrl|sqlcl)(?![\w-])${STAGE}[ \t](?:userid=)?["']?[\w$#.-]+\/(?<value>[^\s@/"']{1,200})(?=@|["']|[ \t]|$)`,
  String.raw`(?<![\w-])redis-cli\b${STAGE}[ \t](?i:auth)[ \t]+(?:(?!-)${ARG}[ \t]+)?${ARG_VALUE}`,
  // ConvertTo-SecureString 'v' -AsPlainText -Force, also -String 'v', also 'v' | ConvertTo-SecureString.
  String.raw`(?<![\w-])(?i:convertto-securestring)(?=[^\n|;]*-(?i:asplaintext))(?:[ \t]+-(?i:asplaintext|force))*(?:[ \t]+-(?i:string))?[ \t]+${ARG_VALUE}`,
  String.raw`(?:'(?<value>[^'\n]{1,200})'|"(?<value>[^"\n]{1,200})")[ \t]*\|[ \t]*(?i:convertto-securestring)\b`,
  String.raw`(?<![\w-])ansible-vault[ \t]+encrypt_string(?:[ \t]+--?${VAULT_ARGUMENT_FLAGS}(?:=|[ \t]+)${ARG}|[ \t]+--?(?![-]|${VAULT_ARGUMENT_FLAGS})[\w-]+)*[ \t]+${ARG_VALUE}`,
];

/**
 * Configuring tools that take `name value` pairs, where a credential's name before a value makes
 * it one: rclone remotes, NetworkManager, wpa_cli networks, mysqladmin's `password`, git config.
 */
const PAIR_TOOLS = String.raw`(?:rclone[ \t]+config[ \t]+(?:create|update)|nmcli|wpa_cli\b${IN_STAGE}{0,200}set_network[ \t]+\d+|mysqladmin|git[ \t]+config)`;
/** A pair's name after a pair tool (a bounded lookbehind: the line is long only in a JSON record). */
const PAIR = String.raw`(?<=(?<![\w-])${PAIR_TOOLS}(?![\w-])${IN_STAGE}{0,400}[ \t])(?<name>[A-Za-z][\w.:-]{1,80})[ \t]+(?!-)${ARG_VALUE}`;

/** A pair's name that holds a secret: a credential name, also rclone's `pass` and `key`, a WEP key. */
function namesPairSecret(name: string): boolean {
  // git's user.signingkey names which key signs, by its public id.
  if (/signingkey$/i.test(name)) return false;
  return isCredentialName(name) || /(?:^|[._-])(?:pass|key|wep[_-]?key\d?|smtppass)$/i.test(name);
}

/**
 * Secret stores and environments that take `NAME VALUE` or `NAME=VALUE`: each value of a store's
 * `secrets set` is a secret; an environment's only under a credential's name.
 */
const SETTERS = String.raw`(?:(?:doppler|fly(?:ctl)?|supabase|infisical)[ \t]+secrets[ \t]+set|(?:vercel|now)[ \t]+secrets?[ \t]+add|netlify[ \t]+env:set|convex[ \t]+env[ \t]+set|pulumi[ \t]+config[ \t]+set|dotenvx[ \t]+set|` +
  // What sets a named value of an app's environment or settings: judged by the name.
  String.raw`dotnet[ \t]+user-secrets[ \t]+set|(?:heroku|dokku)[ \t]+config:set|railway[ \t]+variables(?:[ \t]+set)?|cf[ \t]+set-env[ \t]+[\w.-]+|eb[ \t]+setenv|` +
  String.raw`kubectl[ \t]+set[ \t]+env[ \t]+[\w./-]+|setx|launchctl[ \t]+setenv|systemctl[ \t]+(?:--user[ \t]+)?set-environment|firebase[ \t]+functions:config:set)`;
const SETTER = String.raw`(?<=(?<![\w-])${RUNNER}${SETTERS}(?![\w-])(?:[ \t]+--?[\w-]+(?:=\S+)?)*[ \t]+(?:[A-Za-z_][\w.:-]{0,80}[= ]${ARG}[ \t]+)*)["']?(?<name>[A-Za-z_][\w.:-]{0,80})["']?(?:=|[ \t]+(?!-))${ARG_VALUE}`;

/** Every value a secret store's own verb sets is a secret; `--secret` says so for pulumi. (`dotnet user-secrets set` also sets settings: judged by name.) */
const SETTER_ALWAYS = /(?<![\w-])(?:secrets?[ \t]+(?:set|add))\b|(?:^|[ \t])--secret\b/;

/** A generic value flag: what it holds is judged by its stage (valueIsSecret). */
const VALUE_FLAG = String.raw`(?<![\w-])(?<flag>--(?:value|secret-string|secret-value|string-value|secret-data|data|body|plaintext|content))(?:=|[ \t]+)${ARG_VALUE}`;

/** Keywords of the stdin rule: the sinks' words (a feed is worth reading only where something takes it). */
const STDIN_KEYWORDS = ['passwd', 'argon2', 'vercel', 'wrangler', 'secret', 'stdin', 'with-token', '-fd', 'fd:0', 'kinit', 'vault', 'cryptsetup',
  'keyring', 'pass insert', 'pass add', 'auth init', 'add_user', 'change_password', 'sudo -S', 'mysql_config_editor'];

export const TOOL_ARGUMENT_RULES: readonly Rule[] = [
  {
    id: 'tool-stdin-secret',
    description: 'a secret echoed, printed (printf %s v), here-string fed (<<<), process-substituted (< <(echo v)) or here-doc fed into a command that reads one on stdin: gh auth login --with-token, vercel env add, gcloud secrets versions add --data-file=-, passwd, mysql_config_editor set -p, wrangler secret put, any --password-stdin',
    keywords: STDIN_KEYWORDS, keywordsIgnoreCase: true, neverPlaceholder: true, lines: 1,
    pattern: new RegExp([
      String.raw`(?<![\w-])${ECHO}${ARG_VALUE}[ \t]*\|[ \t]*${AS_USER}${STDIN_SINK}`,
      // (echo v; echo v) | passwd app: the same value twice; learned values take the second.
      String.raw`\([ \t]*${ECHO}${ARG_VALUE}[ \t]*;[^)\n]*\)[ \t]*\|[ \t]*${AS_USER}${STDIN_SINK}`,
      String.raw`(?<![\w-])${FED_SINK}${IN_STAGE_TO_REDIRECT}{0,${STAGE_REACH}}<<<[ \t]*${ARG_VALUE}`,
      // A here-string before the stdin flag (`docker login -u me <<< v --password-stdin`): found from the `<<<`.
      String.raw`<<<[ \t]*${ARG_VALUE}(?=${IN_STAGE}{0,${STAGE_REACH}}${STDIN_FLAG})`,
      // The same for a process substitution and a here-doc (`docker login -u me < <(echo v) --password-stdin`, `… <<EOF --password-stdin`).
      String.raw`<[ \t]*<\([ \t]*${ECHO}${ARG_VALUE}[ \t]*\)(?=${IN_STAGE}{0,${STAGE_REACH}}${STDIN_FLAG})`,
      String.raw`<<-?[ \t]*(?<hq>['"]?)(?<tag>[A-Za-z_]\w*)\k<hq>(?=[^\n]{0,${STAGE_REACH}}${STDIN_FLAG})[^\n]*\r?\n[ \t]*(?<value>[^\n]{1,200}?)[ \t]*\r?$`,
      String.raw`(?<![\w-])${FED_SINK}${IN_STAGE_TO_REDIRECT}{0,${STAGE_REACH}}<[ \t]*<\([ \t]*${ECHO}${ARG_VALUE}`,
      String.raw`(?<![\w-])${FED_SINK}${IN_STAGE_TO_REDIRECT}{0,${STAGE_REACH}}<<-?[ \t]*(?<hq>['"]?)(?<tag>[A-Za-z_]\w*)\k<hq>[^\n]*\r?\n[ \t]*(?<value>[^\n]{1,200}?)[ \t]*\r?$`,
    ].join('|'), 'gm'),
    accept: (value, context) => value !== groupsOf(context)['tag'] && isGivenSecret(value, wasQuoted(context, value)),
    truePositives: [j("echo '", 'Tq7-birch-Vel40', "' | gh auth login --with-token"), j('gh auth login --with-token < <(echo ', 'Tq7-birch-Vel40', ')'),
      j('echo "', 'Tq7-birch-Vel40', '" | vercel env add DB_PASSWORD production'), j('gcloud secrets versions add db-pass --data-file=- <<< "', 'Tq7-birch-Vel40', '"'),
      j('echo -e "', 'Tq7-birch-Vel40\\nTq7-birch-Vel40', '" | passwd app'), j("echo -n '", 'Tq7-birch-Vel40', "' | npx wrangler secret put API_KEY"),
      j("printf '%s' '", 'Tq7-birch-Vel40', "' | openconnect --passwd-on-stdin -u me vpn.acme.test"), j('kubectl create secret generic db --from-file=password=/dev/stdin <<< ', 'Tq7-birch-Vel40'),
      j('vercel env add API_TOKEN production <<EOF\n', 'Tq7-birch-Vel40', '\nEOF'), j("cosign sign --key-password-stdin img <<< '", 'Tq7-birch-Vel40', "'"),
      j("docker login -u me <<< '", 'Tq7-birch-Vel40', "' --password-stdin"), j('{"cmd": "podman login -u me --password-stdin < <(echo ', 'Tq7-birch-Vel40', ') quay.io"}'),
      j(`{"command": "printf '`, 'Tq7-birch-Vel40', `' | gcloud secrets create db-pass --data-file=-"}`), j('cosign login -u me < <(echo ', 'Tq7-birch-Vel40', ') --password-stdin'),
      j('cosign login -u me <<EOF --password-stdin\n', 'Tq7-birch-Vel40', '\nEOF'), j("gh secret set DB_PASSWORD < <(printf %s '", 'Tq7-birch-Vel40', "')"),
      j("printf -- %s '", 'Tq7-birch-Vel40', "' | gh secret set API_TOKEN"), j("mysql_config_editor set --login-path=app -u bo -p <<< '", 'Tq7-birch-Vel40', "'")],
    falsePositives: ['echo "$TOKEN" | gh auth login --with-token', 'gh auth login --with-token < ~/.gh-token', 'echo "Updating the password" | tee -a notes.txt',
      'echo "y" | gcloud secrets delete db-pass', "printf '%s' \"$DB_PASSWORD\" | vercel env add DB_PASSWORD production", 'cat pw.txt | docker login --password-stdin',
      'echo "done" | kubectl apply -f -', 'passwd -l app', "mysql -u bo -p app <<< 'select name from users'", 'printf %s "$DB_PASSWORD" | gh secret set DB_PASSWORD',
      "mysql_config_editor print --all <<< 'yes'"],
  },
  {
    id: 'tool-secret-flag',
    description: "a tool's own flag for a password or token under a name that says nothing: usermod -p, security add-generic-password -w, mosquitto_pub -P, twine -p, ipmitool -P, cqlsh -p, snmpwalk -A/-X/-c, slappasswd -s, influx -t",
    keywords: ['usermod', 'useradd', 'add-generic-password', 'add-internet-password', 'mosquitto_', 'ipmitool', 'isql', 'twine', 'racadm',
      'cqlsh', 'cypher-shell', 'rabbitmqadmin', 'ncftp', 'hydra', 'medusa', 'evil-winrm', 'crackmapexec', 'netexec', 'nxc', 'smbmap', 'veracrypt', 'doveadm',
      'influx', 'snmp', 'slappasswd', 'ldappasswd', 'hash-password', 'vmrun', 'x11vnc', 'kadmin'],
    neverPlaceholder: true,
    pattern: new RegExp(TOOL_FLAG, 'g'),
    accept: (value, context) => !(groupsOf(context)['flag'] === '-c' && DEFAULT_COMMUNITY.test(value)) && isGivenSecret(value, wasQuoted(context, value)),
    truePositives: [j("usermod -p '", 'Tq7-jade-Vel40', "' bob"), j('security add-generic-password -a me -s svc -w ', 'Tq7-jade-Vel40'),
      j('mosquitto_pub -h broker -u me -P ', 'Tq7-jade-Vel40', ' -t x -m y'), j('twine upload -u __token__ -p ', 'Tq7-jade-Vel40', ' dist/*'),
      j('ipmitool -I lanplus -H bmc -U admin -P ', 'Tq7-jade-Vel40', ' chassis status'), j('snmpwalk -v3 -u me -l authPriv -a SHA -A ', 'Tq7-jade-Vel40', ' host')],
    falsePositives: ['usermod -aG docker bob', 'security find-generic-password -a me -s svc -w', 'mosquitto_pub -h broker -p 1883 -t x -m y',
      'twine upload -u __token__ -p $PYPI_TOKEN dist/*', 'snmpwalk -v2c -c public 10.0.0.1', 'useradd -m -p "$(openssl passwd -6 x)" bob', 'ipmitool -I lanplus -H bmc -p 623 -E sel list'],
  },
  {
    id: 'tool-secret-position',
    description: 'a secret a tool takes by position: mc alias set NAME URL ACCESS SECRET, wpa_passphrase SSID v, net use \\\\host\\share v, openssl passwd v, sqlplus user/v@db, redis-cli AUTH v, ConvertTo-SecureString v -AsPlainText, ansible-vault encrypt_string v',
    keywords: ['mc alias', 'mc config', 'mc admin', 'wpa_passphrase', 'net use', 'openssl passwd', 'mkpasswd', 'rclone obscure', 'set-initial-password', 'isql',
      'sqlplus', 'rman', 'expdp', 'impdp', 'sqlldr', 'dgmgrl', 'sqlcl', 'redis-cli', 'convertto-securestring', 'encrypt_string'],
    keywordsIgnoreCase: true, neverPlaceholder: true,
    pattern: new RegExp(POSITIONAL.join('|'), 'g'),
    accept: (value, context) => isGivenSecret(value, wasQuoted(context, value)),
    truePositives: [j('mc alias set local http://minio:9000 minioadmin ', 'Tq7-pine-Vel40'), j('wpa_passphrase HomeWiFi ', 'Tq7-pine-Vel40', ' >> /etc/wpa.conf'),
      j('net use \\\\fileserver\\share ', 'Tq7-pine-Vel40', ' /user:CORP\\me'), j("$c = ConvertTo-SecureString '", 'Tq7-pine-Vel40', "' -AsPlainText -Force"),
      j('redis-cli -h cache AUTH ', 'Tq7-pine-Vel40'), j('openssl passwd -6 ', 'Tq7-pine-Vel40')],
    falsePositives: ['mc alias set local http://minio:9000 $MINIO_USER $MINIO_PASS', 'wpa_passphrase HomeWiFi', 'net use \\\\fileserver\\share * /user:CORP\\me',
      'net use Z: \\\\fileserver\\share /persistent:yes', 'ConvertTo-SecureString $plain -AsPlainText -Force', 'sqlplus / as sysdba', 'sqlplus -s /nolog @scripts/run.sql',
      'openssl passwd -stdin < pw.txt'],
  },
  {
    id: 'tool-credential-pair',
    description: "a credential's name and its value as two arguments of a configuring tool: rclone config create s3 s3 secret_access_key v, nmcli dev wifi connect SSID password v, wpa_cli set_network 0 psk v, mysqladmin password v, git config http.proxyPassword v",
    keywords: ['rclone config', 'nmcli', 'set_network', 'mysqladmin', 'git config'], keywordsIgnoreCase: true, neverPlaceholder: true,
    pattern: new RegExp(PAIR, 'g'),
    accept: (value, context) => namesPairSecret(groupsOf(context)['name'] ?? '') && isGivenSecret(value, wasQuoted(context, value)),
    truePositives: [j('rclone config create s3 s3 provider AWS secret_access_key ', 'Tq7-fern-Vel40'), j('nmcli con modify home wifi-sec.psk ', 'Tq7-fern-Vel40'),
      j("wpa_cli -i wlan0 set_network 0 psk '\"", 'Tq7-fern-Vel40', "\"'"), j('rclone config create b2 b2 account 000abc key ', 'Tq7-fern-Vel40')],
    falsePositives: ['rclone config create s3 s3 provider AWS region us-east-1 env_auth true', 'nmcli con mod eth0 ipv4.dns 1.1.1.1',
      'nmcli dev wifi connect HomeWiFi password $WIFI_PASS', 'git config --global user.signingkey 3AA5C34371567BD2'],
  },
  {
    id: 'tool-secret-setter',
    description: "a value a secret store or an environment sets by name: doppler/fly/supabase secrets set NAME=v or NAME v, vercel secrets add NAME v, pulumi config set --secret NAME v, netlify env:set DB_PASSWORD v, dotnet user-secrets set, heroku config:set, railway variables, kubectl set env, setx",
    keywords: ['secrets set', 'secrets add', 'secret add', 'env:set', 'env set', 'config set', 'dotenvx set', 'config:set', 'railway variables', 'set-env',
      'setenv', 'setx', 'set-environment'], keywordsIgnoreCase: true, neverPlaceholder: true,
    pattern: new RegExp(SETTER, 'g'),
    accept: (value, context) => {
      const always = SETTER_ALWAYS.test(stageAround(context.text, context.match.index));
      return (always || namesCredential(groupsOf(context)['name'] ?? '')) && isGivenSecret(value, wasQuoted(context, value));
    },
    truePositives: [j('fly secrets set SESSION_SALT=', 'Tq7-reed-Vel40'), j('doppler secrets set STRIPE_KEY ', 'Tq7-reed-Vel40'),
      j('vercel secrets add db-url ', 'Tq7-reed-Vel40'), j('npx netlify env:set DB_CREDS ', 'Tq7-reed-Vel40'), j('dotnet user-secrets set "Db:Password" "', 'Tq7-reed-Vel40', '"'),
      j('setx DB_PASSWORD "', 'Tq7-reed-Vel40', '"'), j('launchctl setenv GH_PAT ', 'Tq7-reed-Vel40')],
    falsePositives: ['netlify env:set NODE_VERSION 20', 'pulumi config set aws:region us-east-1', 'fly secrets set DB_PASSWORD=$DB_PASSWORD', 'supabase secrets set --env-file ./supabase/.env',
      'dotnet user-secrets set "Logging:LogLevel" "Debug"', 'heroku config:set WEB_CONCURRENCY=3', 'kubectl set env deploy/api LOG_LEVEL=debug', 'setx PATH "%PATH%;C:\\bin"'],
  },
  {
    id: 'tool-secret-value',
    description: 'a generic --value, --secret-string, --data or --body whose command is a secret store (az keyvault secret set, aws secretsmanager, a SecureString) or whose sibling --name/--secret-id names a credential (aws ssm put-parameter --name /db/password --value v)',
    keywords: ['--value', '--secret-string', '--secret-value', '--string-value', '--secret-data', '--data', '--body', '--plaintext', '--content'], neverPlaceholder: true,
    pattern: new RegExp(VALUE_FLAG, 'g'),
    accept: (value, context) => valueIsSecret(stageAround(context.text, context.match.index)) && isGivenSecret(value, wasQuoted(context, value)),
    truePositives: [j('aws ssm put-parameter --name /db/password --value ', 'Tq7-sage-Vel40', ' --type SecureString'),
      j('az keyvault secret set --vault-name v --name dbpw --value ', 'Tq7-sage-Vel40'), j("aws kms encrypt --key-id alias/app --plaintext '", 'Tq7-sage-Vel40', "'"),
      j('gh variable set DB_PASSWORD --body ', 'Tq7-sage-Vel40'), j('eas secret:create --scope project --name SENTRY_AUTH_TOKEN --value ', 'Tq7-sage-Vel40')],
    falsePositives: ['aws ssm put-parameter --name /app/region --value us-east-1 --type String', 'curl --data name=bob https://api.acme.test/users',
      'az keyvault secret set --vault-name v --name dbpw --value "$DB_PW"', 'eas env:create --name API_URL --value https://api.acme.test'],
  },
];

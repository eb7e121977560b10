// What a command prints when its whole job is to print a secret: `printenv DB_PASSWORD`, `echo
// $API_TOKEN`, `vault kv get -field=password`, `kubectl get secret … | base64 -d`, `terraform output
// -raw db_password`, a secret manager's `get`, `openssl rand`. The value is no `name: value` on a
// line: the command names it on one line (a transcript's prompt, a tool call's arguments) and its
// output is the next (the tool's result, read beside its call by redact-item's learnAcrossFields).
// The commands are secret-commands.ts's table; a command printing several variables has a rule of
// its own, which reads the line or word of the output at the credential's position.
import { CREDENTIAL_NAME_WORDS, isCredentialName } from './credential-names.ts';
import { isPassphrase, looksDrawn } from './credential-values.ts';
import { isPlaceholder } from './placeholders.ts';
import { j, type MatchContext, type Rule } from './rule.ts';
import { HELD_READ, HELD_SECRET, outputLine, PROGRAM_COMMAND, PROGRAM_KEYWORDS, READ_KEYWORDS, REST_OF_COMMAND, SECRET_COMMAND, severalVariables } from './secret-commands.ts';

/**
 * Files that hold one secret: a Docker or Kubernetes secret mount, a file named for a credential or for
 * recovery codes or seed words, the random device.
 *
 * @example
 * namesSecretFile("/run/secrets/db") // true
 */
export function namesSecretFile(path: string): boolean {
  const file = path.replaceAll('\\', '/'); // Windows writes its separators the other way
  if (/(?:^|\/)etc\/(?:passwd|group)$/.test(file)) return false; // the accounts, not a password
  if (/(?:^|\/)(?:run|var\/run)\/secrets\/[^/]+$|(?:^|\/)secrets?\/[^/]+$|^\/dev\/u?random$/.test(file)) return true;
  const name = file.slice(file.lastIndexOf('/') + 1);
  // A key file whatever its name (Rails' `config/master.key`, a TLS `server.key`, an SSH `id_ed25519`): its bytes are the key.
  if (/^[\w.-]{1,80}\.key$|^id_(?:rsa|dsa|ecdsa|ed25519)(?:_[\w-]{1,40})?$/i.test(name)) return true;
  const base = name.replace(/\.(?:txt|key|secret|token|b64|enc|asc|gpg|age|cred|pem)$/i, '');
  // A file of recovery or backup codes, a wallet's seed words: each line is a secret though no credential names it.
  if (/^(?:recovery|(?:recovery|backup)[-_.]?codes?|seed(?:[-_.]?(?:phrase|words))?|mnemonic)$/i.test(base)) return true;
  return /^[\w.-]+$/.test(base) && isCredentialName(base);
}

/** Steps of a path that hold what is named before them (`.db_password.value`, `.data["password"]`): the name is the step before. */
const WRAPPER_STEP = /^(?:value|values|data|plaintext|raw|current|latest|result|\d{1,4})$/i;

/** A jq or yq path that reads a credential: its last step, or the last before a wrapper (`.db_password.value`). */
function pathNamesCredential(path: string): boolean {
  const steps = path.split(/[.[\]"']+/).filter((step) => step !== '');
  while (steps.length > 1 && WRAPPER_STEP.test(steps.at(-1)!)) steps.pop();
  const last = steps.at(-1);
  return last !== undefined && isCredentialName(last);
}

/** A script's name past its verb (`print-db-password`, `show:token`) names a credential: `db_password`, `token`. */
function scriptNamesCredential(script: string): boolean {
  return isCredentialName(script.replace(/^[a-z]{1,10}[:_-]/i, '').replaceAll(/[:.-]/g, '_'));
}

/** Tables whose rows are accounts, each with its password or token (`users`, `auth_user`, `oauth_tokens`). */
const ACCOUNT_TABLE = /^(?:\w{0,20}_)?(?:users?|accounts?|logins?|members?|admins?|customers?|credentials?|secrets?|tokens?|api_?keys?|passwords?|sessions?)$/i;

/** Whether the groups of a match name what it prints as a secret: a read, a credential's name or path or key, a secret file, a table of accounts. */
function printsSecret(groups: Record<string, string | undefined>): boolean {
  const named = groups['variable'] ?? groups['field'];
  return groups['read'] !== undefined || (named !== undefined && isCredentialName(named))
    || (groups['key'] !== undefined && isCredentialName(groups['key']))
    || (groups['table'] !== undefined && (ACCOUNT_TABLE.test(groups['table']) || isCredentialName(groups['table'])))
    || (groups['script'] !== undefined && scriptNamesCredential(groups['script']))
    || (groups['filter'] !== undefined && (isCredentialName(groups['filter']) || CREDENTIAL_WORDS.some((word) => groups['filter']!.toLowerCase().includes(word))))
    || (groups['path'] !== undefined && pathNamesCredential(groups['path'])) || (groups['file'] !== undefined && namesSecretFile(groups['file']));
}

/** Words in `text` (the other variables after an echoed one, the other words of its output). */
const wordCount = (text: string | undefined) => (text ?? '').split(/\s+/).filter((word) => word !== '').length;

/**
 * A tool call's or a message's id, as agents' records write one (`call_5`, `toolu_01Hk…`, `fc_…`): a
 * record's fields read one after another put the result's id on the line after its command.
 */
const RECORD_ID = /^(?:(?:call|toolu|tooluse|fc|msg|resp|run|chatcmpl|req|evt|item|tc)[_-][A-Za-z0-9_-]{1,60}|c\d{1,6})$/;

/** Words a command prints instead of a secret: an error, an empty value, a shell's complaint. */
const NOT_OUTPUT = /^(?:error|usage|null|none|nil|undefined|true|false|permission|denied|no|not|found|cat|bash|sh|zsh|command|warning|exit|code|output)\b:?/i;

/** Words of a sentence, which a passphrase's words are not: a line holding one is prose. */
const SENTENCE_WORDS = /^(?:is|are|was|were|be|the|a|an|of|to|in|on|at|for|and|or|not|no|set|it|this|that|with|from|by|as|has|have|i|we|you)$/i;

/** bat's and `cat -n`'s gutter before a line (`   1   │ v`, `     1	v`). */
const GUTTER = /^\d{1,6}(?:[ \t]*│[ \t]*|\t)/;

/** A web address with no user, password nor query in it (`https://docs.example.com/rotate`): a link, not a secret. */
const PUBLIC_URL = /^https?:\/\/[^\s@?#]{1,400}$/i;

/**
 * Whether one line of the output is a printed value: one word, as a secret is printed, or a few
 * plain words (a passphrase's, `correct horse battery staple`) with no word of a sentence in them,
 * no label (`Token: required`) and no code's or sentence's punctuation.
 */
function isValueLine(line: string, named: string | undefined): boolean {
  const text = line.trim().replace(GUTTER, '').trim();
  const words = text.split(/\s+/);
  if (words.length > 1) {
    // Ten words at most, or a wallet's seed words (12 or 24 in lower case: a recovery file's line).
    return (words.length <= 10 || /^[a-z]{3,8}(?: [a-z]{3,8}){11,23}$/.test(text)) && !NOT_OUTPUT.test(text) && !/[,;:.!?]$|[|$=<>(){}[\]]|:\s/.test(text)
      && words.every((word) => !SENTENCE_WORDS.test(word)) && words.some((word) => word.length >= 4);
  }
  // A table's header (psql's ` api_token `, mysql's `+-------+`) is no value: a word the query names, or no letter nor
  // digit; nor is markup (`</pre></body>` closing a page after a command named in prose).
  return text.length >= 4 && !isPlaceholder(text) && !RECORD_ID.test(text) && !NOT_OUTPUT.test(text)
    && !/^\.{0,2}\//.test(text) && !PUBLIC_URL.test(text) && !/^<\/?[A-Za-z!]/.test(text) && !/^[A-Z_]+$/.test(text) && /[A-Za-z0-9]/.test(text) && text.toLowerCase() !== named?.toLowerCase();
}

/** A table's row of several cells as a client prints it, between bars or tabs (`1|bo|v`, `| 1 | Jo Smith |`), whatever the cells hold. */
const isTableRow = (line: string) => /[|\t]/.test(line) && /[A-Za-z0-9]/.test(line) && !NOT_OUTPUT.test(line);

/** A table's frame, which ends no row (`+----+----+`, `---+---`, psql's expanded `-[ RECORD 1 ]--`): no letter nor digit, or a record's header. */
const isTableFrame = (line: string) => !/[A-Za-z0-9]/.test(line) || /^-\[ RECORD \d+ \]-*\+?-*$/.test(line);

/** A row of psql's expanded display (`-x`, `\x`): one column, `name | value`. */
const EXPANDED_ROW = /^([A-Za-z_][\w ]{0,62}?)[ \t]*\|[ \t]?(.*)$/;

/**
 * Whether the rows of an output are psql's expanded display, each a column's name and value: every
 * row that is no frame has two cells, the first a column's name (the record header may be on the line
 * before the output, where a page writes the command's markup).
 */
function isExpanded(lines: readonly string[]): boolean {
  const rows = lines.map((line) => line.trim()).filter((line) => line !== '' && !isTableFrame(line));
  // The layout reading writes a credential's row as its label (`password: v`).
  return rows.length > 0 && rows.every((row) => (row.split('|').length === 2 && EXPANDED_ROW.test(row)) || /^[A-Za-z_][\w ]{0,62}: /.test(row));
}

/** Whether the line before the one at `at` of `text` is empty. */
function followsEmptyLine(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf('\n', at - 1);
  if (lineStart <= 0) return false;
  return text.slice(text.lastIndexOf('\n', lineStart - 1) + 1, lineStart).trim() === '';
}

/**
 * Whether the `index`th line is a table's header: its cells the query's one column (`| api_key |`), or
 * a frame under it and a row under that (psql's ` password` over `----------`); a row under a frame
 * and then no other is a headerless table's last (`mysql -N -t`).
 */
function isTableHeader(lines: readonly string[], index: number, named: string | undefined): boolean {
  const cells = lines[index]!.split(/[|\t]/).map((cell) => cell.trim()).filter((cell) => cell !== '');
  if (named !== undefined && cells.length > 0 && cells.every((cell) => cell.toLowerCase() === named.toLowerCase())) return true;
  const under = lines[index + 2]?.trim() ?? '';
  return isTableFrame(lines[index + 1]?.trim() || 'x') && under !== '' && !isTableFrame(under);
}

/**
 * The lines of a command's output that are secrets, as [start, end) offsets into it (trimmed), each its
 * own detection. What the command prints decides how many: a variable's one line (`printenv X`; prose
 * after it is not its value, a drawn token after a notice no list knows is); a query's or a table's
 * rows, whatever their cells, up to a line no row; a file's or a secret store's lines while each is
 * one token (an empty line between them is skipped). Empty when the first line is no value: the
 * output is something else.
 */
function outputParts(value: string, context: MatchContext): Array<[number, number]> {
  const groups = context.match.groups ?? {};
  const named = groups['variable'] ?? groups['field'];
  const afterEmptyLine = followsEmptyLine(context.text, context.start);
  const rows = groups['rows'] !== undefined || groups['table'] !== undefined;
  const many = rows || groups['filter'] !== undefined || groups['file'] !== undefined || groups['read'] !== undefined || groups['path'] !== undefined || groups['field'] !== undefined || groups['key'] !== undefined;
  const parts: Array<[number, number]> = [];
  const lines = value.split('\n');
  let at = 0;
  const expanded = rows && isExpanded(lines);
  for (const [index, line] of lines.entries()) {
    const start = at;
    at += line.length + 1;
    const text = line.trim();
    if (text === '') continue;
    if (expanded) {
      // A column per row: only a credential's column holds a secret, its value.
      const cells = EXPANDED_ROW.exec(text);
      if (cells && isCredentialName(cells[1]!.trim()) && cells[2]!.trim() !== '') {
        const value = cells[2]!.trim();
        const offset = start + line.lastIndexOf(value);
        parts.push([offset, offset + value.length]);
      }
      continue;
    }
    // etcdctl and zkCli print the key before its value: the name is no secret, the next line is.
    if (parts.length === 0 && named !== undefined && groups['field'] === named && text.toLowerCase().endsWith(named.toLowerCase())) continue;
    // A frame, and a table's header (above a frame and rows, or the query's column alone: mysql's `| api_key |`), are no row.
    if (rows && (isTableFrame(text) || (parts.length === 0 && isTableHeader(lines, index, named)))) continue;
    // A line after the first is one token (a file's next secret), a passphrase (a file's next secret of
    // several words), or a row: other words there are the transcript's next command or prose.
    if (!(rows && isTableRow(text)) && (!isValueLine(line, named) || (parts.length > 0 && /\s/.test(text) && !(many && isPassphrase(text))))) break;
    // Past an empty line the output was that line (`echo $UNSET`), unless what follows reads as drawn (a tool's leading newline).
    if (parts.length === 0 && afterEmptyLine && !looksDrawn(text)) break;
    // A variable prints one line: a later one is its value only when it reads as drawn (the first was a notice no list knows, `OCI runtime exec ok`).
    if (!many && parts.length > 0 && !looksDrawn(text)) break;
    const offset = start + line.indexOf(text);
    parts.push([offset, offset + text.length]);
  }
  return parts;
}

/**
 * The command prints nothing but the secret, so its value need not look like one (`correcthorse` is
 * a password there): its output is every line it printed (bounded), when its first is a value.
 */
function acceptOutput(value: string, context: MatchContext): boolean {
  const groups = context.match.groups ?? {};
  if (!printsSecret(groups)) return false;
  // `echo $DB_USER $DB_PASSWORD`: as many words after the secret's as variables after its name, or the line is something else.
  if (groups['rest'] !== undefined && wordCount(groups['rest']) !== wordCount(groups['after'])) return false;
  // A command inside a substitution (`curl -H "Bearer $(gh auth token)"`) prints into its line, not onto the next.
  const { text, match } = context;
  const before = text.slice(text.lastIndexOf('\n', match.index) + 1, match.index);
  if (before.includes('$(') || before.includes('`')) return false;
  const named = groups['variable'] ?? groups['field'];
  // Several words on a word's place are something else, or the several variables' words, each read by its own rule.
  const oneWord = groups['rest'] !== undefined || /\s/.test(groups['others'] ?? '');
  if (oneWord) return !/\s/.test(value.trim()) && isValueLine(value, named);
  // A filtered environment prints one value a line (cut to it), never a sentence (`nothing matched`); its
  // `NAME=value` lines, uncut, are assignments, whose values the assignment rule reads.
  if (groups['filter'] !== undefined && /\s|^[A-Za-z_]\w*=/.test(value.split('\n')[0]!.trim())) return false;
  // The first line is the value, or the output is something else; the lines after it may be more of it (outputParts).
  return outputParts(value, context).length > 0;
}

/**
 * A personal access token's name (`GH_PAT`, `$ADO_PAT`, `"GITLAB_PAT"`) by what ends it: `_pat` alone would
 * wake the rule at every `apply_patch`, `_path` and `_pattern` of an agent's log (a thousand a megabyte).
 */
const PAT_END_CHARS = [' ', '"', "'", '}', ')', ']', ';', '|', '=', ':', ',', '\t', '\n', '\r', '`', '>'];
const PAT_ENDS = [
  ...PAT_END_CHARS.map((end) => `_pat${end}`),
  // A bare `PAT` (`printenv PAT`, `$PAT`, `"PAT"`), as a whole word only.
  ...[' ', '$', '{', '"', "'", '=', '(', '[', '/', ','].flatMap((before) => PAT_END_CHARS.map((end) => `${before}pat${end}`)),
];

/** Words in most credentials' names, and in many a secret tool's (`xkcdpass`, `print-access-token`). */
const CREDENTIAL_WORDS = ['pass', 'pwd', '_pw', 'pw_', 'secret', 'token', 'key', 'cred', 'auth', 'bearer', 'otp', 'mfa', 'psk', 'dsn', 'session', ...PAT_ENDS, 'pat_', '_pin', 'pin_'];

/**
 * Keywords for a command that names what it prints: a word of every name the credential judge
 * accepts (CREDENTIAL_NAME_WORDS: `DB_SENHA`, `api_pw`, `PIN` hold none of the words above). The
 * command is searched for on its keyword's line only, so a name without one would never be read.
 * `pat` is in every path: PAT_ENDS find it as a whole word or ending a name (`PAT`, `GH_PAT`), not in camel case.
 */
const NAME_KEYWORDS = [...CREDENTIAL_WORDS, ...CREDENTIAL_NAME_WORDS.filter((word) => word !== 'pat' && !CREDENTIAL_WORDS.some((keyword) => word.toLowerCase().includes(keyword)))
  .flatMap(keywordForms)];

/** A word as keywords, which are three characters or more: a shorter one (`pw`) after each character a name's word may follow (`$pw`, `_pw`, `apiPw`). */
function keywordForms(word: string): string[] {
  return word.length >= 3 ? [word] : [...'$ {_-."\'/(:abcdefghijklmnopqrstuvwxyz0123456789'].map((before) => `${before}${word}`);
}

export const COMMAND_OUTPUT_RULES: readonly Rule[] = [
  {
    id: 'secret-command-output',
    description: 'what a command prints whose job is printing a secret (printenv DB_PASSWORD, echo $API_TOKEN, vault kv get -field=password, kubectl get secret … | base64 -d), on the line after it',
    // A command that names what it prints names a credential (`printenv DB_PASSWORD`, `jq .token`): its word is the
    // keyword, not the command's (`echo`, `cat `, `grep` stand on most lines of a log). A read that names nothing
    // (a secret manager's, a token printer's) has its tool's name.
    keywords: [...NAME_KEYWORDS, ...READ_KEYWORDS],
    keywordsIgnoreCase: true, neverPlaceholder: true, lines: 12,
    // The command, on its keyword's line; a tool call's other arguments may follow it there (a long `description`).
    head: new RegExp(SECRET_COMMAND, 'gim'),
    pattern: new RegExp(String.raw`(?:${SECRET_COMMAND})${REST_OF_COMMAND}${outputLine()}`, 'gim'),
    accept: acceptOutput,
    parts: outputParts,
    truePositives: [
      j('$ printenv DB_PASSWORD\n', 'Kl4-ash-Uol22', '\n'), j('echo "$API_TOKEN"\n', 'Jk3-ash-Tol21', '\n'), j('$ printenv GH_PAT\n', 'Kl4-pat-Uol22', '\n'), j('$ printf %s "$DB_PASSWORD"\n', 'Kl5-fmt-Uol23', '\n'),
      j(`kubectl get secret db -o jsonpath='{.data.password}' | base64 -d\n`, 'Cd4-ash-Mol13', '\n'), j('vault kv get -field=password secret/db\n', 'Fg7-ash-Pol16', '\n'),
      j('terraform output -raw db_password\n', 'Pq9-ash-Zol27', '\n'), j('cat /run/secrets/db_password\n', 'Ij2-ash-Sol19', '\n'),
      j('jq -r .password config.json\n', 'Rs3-ash-Bol29', '\n'), j('{"command":"printenv DB_PASSWORD"}\n{"output":"', 'Lo4-harbor-Kim63', '\\n","metadata":{}}'),
      j('$ printenv DB_PASSWORD\n', 'correcthorsebattery', '\n'), j('$ cat -n /run/secrets/db_password\n', 'Ij2-ash-Sol19', '\n'),
      j('printenv DB_PASSWORD\nExit code: 0\nWall time: 0 seconds\nOutput:\n', 'Mw9-pumice-Tor67', '\n'), j('$ gcloud auth print-access-token\n', 'ya29-Eq6-raven-Vx66c', '\n'),
      j(`python -c "import os; print(os.environ['DB_PASSWORD'])"\n`, 'Hq3-glacier-Vx43c', '\n'), j('$ git config --get credential.password\n', 'Yq0-copper-Vx60c', '\n'),
      j('{"command":["cat","/run/secrets/db_password"]}\n', 'Sq2-harbor-Yt42f', '\n'), j(`jq --raw-output '.password' creds.json\n`, 'Bq7-pewter-Zt77e', '\n'),
      j('gpg --quiet --decrypt db.gpg\n', 'Sq8-cobalt-Zt68e', '\n'),
      j('tr -d "\\n" < /run/secrets/db_password\n', 'Bq1-harbor-Zt51e', '\n'),
      // Every line it prints, past a tool's notices; a passphrase's words; any filter or language reading a secret.
      j('$ cat /run/secrets/api_tokens\n', 'Cq1-basalt-Vx23a\nCq2-canyon-Vx24a', '\n'), j('$ cat /run/secrets/api_tokens\n', 'Cq1-basalt-Vx23a\nsummer harbor two', '\n'), j('$ xkcdpass -n 4\n', 'tallow mirth quarry lumen', '\n'),
      j('$ kubectl exec deploy/api -- printenv DB_PASSWORD\nDefaulted container "api" out of: api, istio-proxy\n', 'Cq3-saffron-Vx25a', '\n'),
      j('$ printenv | grep -i pass | cut -d= -f2\n', 'Hj0-lantern-Vox20', '\n'), j("$ env -0 | grep -z PASSWORD | tr '\\0' '\\n'\n", 'Hi9-lantern-Vox19', '\n'),
      j('$ psql -tAc "select password from users"\nPager usage is off.\n', 'Cq4-summit-Vx26a', '\n'),
      j('$ awk 1 /run/secrets/db_password\n', 'Cq5-fjord-Vx27a', '\n'), j('$ sed -n 1p secrets/db_password\n', 'Cq6-hollow-Vx28a', '\n'),
      j('$ cat config/master.key\n', 'Cq7-walnut-Vx29a', '\n'), j(`$ Rscript -e 'cat(Sys.getenv("DB_PASSWORD"))'\n`, 'Cq8-cobalt-Vx30a', '\n'),
      j(`$ awk 'BEGIN{print ENVIRON["DB_PASSWORD"]}'\n`, 'Cq9-pewter-Vx31a', '\n'), j('$ jq -rn env.DB_PASSWORD\n', 'Cr1-quartz-Vx32a', '\n'),
      j(`$ printf '[%s]\\n' "$DB_PASSWORD"\n`, '[Cr2-lantern-Vx33a]', '\n'), j('$ echo "$DB_USER:$DB_PASSWORD"\n', 'bo:Cr3-pumice-Vx34a', '\n'),
      j(`$ sqlite3 app.db "select value from settings where key='smtp_password'"\n`, 'Cr4-summit-Vx35a', '\n'),
      j('$ redis-cli HGET app:config smtp_password\n', 'Cr5-raven-Vx36a', '\n'), j('$ etcdctl get --print-value-only /app/db_password\n', 'Cr6-willow-Vx37a', '\n'),
      j(`$ mongosh --quiet --eval 'db.users.findOne({name:"bo"}).password'\n`, 'Cr7-ember-Vx38a', '\n'),
      j('$ sqlite3 app.db "select * from users"\n', '1|bo|bo@example.com|Cr8-tundra-Vx39a', '\n'),
      j('$ bw generate -uln --length 20\n', 'Cr9-juniper-Vx40a', '\n'), j('$ shuf -n4 /usr/share/dict/words | paste -sd-\n', 'tallow-mirth-quarry-lumen', '\n'),
      j('$ az storage account keys list -g rg -n acct --query "[0].value" -o tsv\n', 'Cs1-delta-Vx41a', '\n'),
      j('$ aws ssm get-parameter --name /app/db_password --query Parameter.Value --output text\n', 'Cs2-walnut-Vx42a', '\n'),
      j(`$ kubectl get cm app -o jsonpath='{.data.SMTP_PASSWORD}'\n`, 'Cs3-ember-Vx43a', '\n'),
      j(`$ vault kv get -format=json secret/db | jq -r '.data.data | to_entries[] | .value'\n`, 'Cs4-willow-Vx44a', '\n'),
      // A key's flags or redirection after it; any printer fed a secret file; a row of any cells; a line past an empty one; a continued command.
      j('$ redis-cli GET smtp_password --raw\n', 'Cs5-basalt-Vx45a', '\n'), j('$ redis-cli GET smtp_password 2>/dev/null\n', 'Cs6-canyon-Vx46a', '\n'),
      j('$ jq -r . < /run/secrets/db_password\n', 'Cs7-saffron-Vx47a', '\n'), j(`$ python3 -c "import sys; print(sys.stdin.read())" < /run/secrets/db_password\n`, 'Cs8-summit-Vx48a', '\n'),
      j('$ sqlite3 app.db "select * from users"\n1|bo|bo@example.com|Cs9-pumice-Vx49a\n', '2|Jo Smith|jo@example.com|Ct1-fjord-Vx50a', '\n'),
      j('$ cat /run/secrets/api_tokens\nCt2-grotto-Vx51a\n\n', 'Ct3-hollow-Vx52a', '\n'), j('$ cat \\\n  /run/secrets/db_password\n', 'Ct4-island-Vx53a', '\n'),
      j('{"command":"valkey-cli GET smtp_password"}\n', 'Ct5-cedar-Vx54a', '\n'), j('$ docker exec db printenv POSTGRES_PASSWORD\nOCI runtime exec ok\n', 'Ct6-alder-Vx55a', '\n'), j('$ printenv DB_PASSWORD\n\n', 'Ct7-birch-Vx56a', '\n'),
      // Agent formats' result headers before the output; a script named for what it prints; a tool printing a stored secret.
      j('printenv DB_PASSWORD\n<returncode>0</returncode>\n<output>\n', 'Ct8-cedar-Vx57a', '\n</output>'),
      j('printenv DB_PASSWORD\nChunk ID: 5f3a2b\nWall time: 0.05 seconds\nProcess exited with code 0\nOriginal token count: 6\nOutput:\n', 'Ct9-delta-Vx58a', '\n'),
      j('printenv DB_PASSWORD\nRunning as user "root" and group "root". This could be dangerous.\n', 'Cu1-ember-Vx59a', '\n'),
      j('docker run --rm app printenv DB_PASSWORD\nUnable to find image \'app:latest\' locally\nlatest: Pulling from library/app\nStatus: Downloaded newer image for app:latest\n', 'Cu2-fjord-Vx60a', '\n'),
      j('$ npm run -s print-db-password\n', 'Cu3-grotto-Vx61a', '\n'), j('$ nmcli -s -g 802-11-wireless-security.psk connection show home\n', 'Cu4-hollow-Vx62a', '\n'),
    ],
    falsePositives: ['curl -H "Authorization: Bearer $(gh auth token)" https://api.github.com/user\ncurl -s https://x\n', 'cat password.txt | head -3\ngrep token | sort\n',
      '$ cat /etc/passwd\nroot:x:0:0:root:/root:/bin/bash\n', 'cat secrets/token.txt\n./deploy.sh\n', '$ printenv HOME\n/home/me\n', 'echo $PATH\n/usr/bin:/bin\n', 'cat README.md\n# journey\n', 'terraform output -raw region\neu-west-1\n',
      'printenv DB_PASSWORD\n[REDACTED:secret-command-output#1a2b]\n', 'echo $API_TOKEN\nnull\n', 'jq -r .name package.json\njourney\n',
      'printenv | grep -i home | cut -d= -f2\n/home/me\n',
      '$ psql -x -c "select * from users"\n-[ RECORD 1 ]----------\nid       | 1\nname     | bo\nemail    | bo@example.com\n',
      'psql -c "SELECT password FROM users LIMIT 1"\n password\n', 'mysql -e "SELECT api_key FROM integrations"\n+---------+\n', 'gpg --list-keys\n/home/me/.gnupg/pubring.kbx\n',
      'We need the auth token\nRefreshing\n', '    token = SecureRandom.hex(20)\n    return\n', 'chamber list myapp\nKey  Version\n', 'wc -c < /run/secrets/db_password\n17\n',
      `python -c "open('secrets/db_password', 'w').write(v)"\nDone\n`, 'jq -r .credentials.username creds.json\ndeploybot\n',
      'printenv WIFI_PASSPHRASE\nWIFI_PASSPHRASE is not set\n', 'printenv DB_PASSWORD\nPlease set it in the environment first.\n',
      'sqlite3 app.db "select * from orders"\n1|bo|42\n', `sqlite3 app.db "select value from settings where key='theme'"\ndark-mode\n`,
      'redis-cli HGET app:config theme\ndark-mode\n', 'aws ssm get-parameter --name /app/region --query Parameter.Value --output text\neu-west-1\n',
      `kubectl get cm app -o jsonpath='{.data.LOG_LEVEL}'\nverbose\n`, 'env | grep -i -e pass -e secret\nnothing matched\n',
      'grep -rn TODO src/auth.ts\nsrc/auth.ts:3: // TODO\n', 'type password string</td></tr></table>\n<p>Note: see the docs</p>\n<dl><dt>Token</dt></dl>\n',
      'cat /run/secrets/db_password\ncat: /run/secrets/db_password: No such file or directory\n', 'bw generate --help\nUsage: bw generate [options]\n',
      'Read it with printenv DB_PASSWORD in the shell.\n</pre></body></html>\n', 'type password string</td></tr></table>\nToken: required\n',
      'echo $API_TOKEN\n\ngit status\nOn branch main\n', 'echo $API_TOKEN\n\npytest\n', 'redis-cli GET theme --raw\ndark-mode\n', 'sha256sum < /run/secrets/db_password\n9f86d081884c7d65  -\n',
      'docker login -u bo --password-stdin < /run/secrets/registry_password\nLogin Succeeded\n', 'jq -r .name < package.json\njourney\n', 'python3 migrate.py < /run/secrets/db_password\nMigrated three tables\n',
      'mysql -t -e "select api_key from integrations"\n+---------+\n| api_key |\n+---------+\n',
      'printenv HOME\n<returncode>0</returncode>\n<output>\n/home/me\n</output>\n', 'npm run -s print-version\n1.2.3-beta\n', 'nmcli connection show home\nconnection.id:  home\n'],
  },
  {
    id: 'secret-command-output-indirect',
    description: 'what a command prints that reads a secret file or credential variable through a variable holding its path or name (F=/run/secrets/x; cat "$F", k=DB_PASSWORD; echo "${!k}")',
    // The assignment's line holds the credential's word; its head is the assignment, and the read follows within three lines.
    keywords: NAME_KEYWORDS,
    keywordsIgnoreCase: true, neverPlaceholder: true, lines: 12,
    head: new RegExp(HELD_SECRET, 'gim'),
    pattern: new RegExp(String.raw`(?:${HELD_SECRET})${HELD_READ}${REST_OF_COMMAND}${outputLine()}`, 'gim'),
    accept: acceptOutput,
    parts: outputParts,
    truePositives: [
      j('$ F=/run/secrets/db_password\n$ cat "$F"\n', 'Cu8-lantern-Vx66a', '\n'), j('$ V=DB_PASSWORD\n$ printenv "$V"\n', 'Cu9-meadow-Vx67a', '\n'),
      j('$ k=API_TOKEN; echo "${!k}"\n', 'Cv1-nectar-Vx68a', '\n'),
      j('{"command":"F=/run/secrets/db_password\\ncat \\"$F\\""}\n', 'Cv2-osprey-Vx69a', '\n'),
    ],
    falsePositives: ['$ V=HOME\n$ printenv "$V"\n/home/me\n', '$ F=/run/secrets/db_password\n$ wc -c "$F"\n17 /run/secrets/db_password\n', '$ k=DB_PASSWORD\n$ echo "$k"\nDB_PASSWORD\n'],
  },
  {
    id: 'secret-command-output-program',
    description: 'what a language prints whose program, written on the lines under its command (a heredoc, an open -c quote), reads a credential variable, on the line after its terminator',
    // The program's command names no credential on its own line: its heredoc or open quote is the keyword.
    keywords: PROGRAM_KEYWORDS,
    keywordsIgnoreCase: true, neverPlaceholder: true, lines: 24,
    pattern: new RegExp(String.raw`${PROGRAM_COMMAND}${outputLine()}`, 'gim'),
    accept: acceptOutput,
    parts: outputParts,
    truePositives: [
      j(`$ python3 <<'PY'\n> import os\n> print(os.environ['DB_PASSWORD'])\n> PY\n`, 'Cu5-island-Vx63a', '\n'),
      // Written in two parts: a call of console's log stands in no source file (tests/cli/output-routes.test.ts).
      j(`node <<'JS'\nconsole`, `.log(process.env.API_TOKEN)\nJS\n`, 'Cu6-juniper-Vx64a', '\n'),
      j('python3 -c "\nimport os\nprint(os.getenv(\'SMTP_PASSWORD\'))\n"\n', 'Cu7-kestrel-Vx65a', '\n'),
    ],
    falsePositives: [`python3 <<'PY'\nimport os\nprint(os.environ['HOME'])\nPY\n/home/me\n`, `cat > run.py <<'PY'\nprint(os.environ['DB_PASSWORD'])\nPY\nwrote-it-down\n`,
      `python3 <<'PY'\nprint(len(os.environ['DB_PASSWORD']))\nPY\nTraceback: missing\n`],
  },
  {
    id: 'secret-command-output-several',
    description: 'what a command printing several variables prints for one that names a credential (printenv DB_USER DB_PASSWORD, echo $DB_USER $DB_PASSWORD), at its line or word',
    // Each variable's form starts at its name, read back to its command: searched only on the lines of such commands.
    keywords: ['printenv', '${!', 'echo $', 'echo "$', "echo '$", 'echo -n', 'echo -e', 'echo ${'],
    keywordsIgnoreCase: true, neverPlaceholder: true, lines: 6,
    pattern: new RegExp(severalVariables(), 'gim'),
    accept: acceptOutput,
    truePositives: [
      j('$ printenv DB_USER DB_PASSWORD\nbo\n', 'Eq0-copper-Vx40c', '\n'), j('$ echo $DB_USER $DB_PASSWORD\nbo ', 'Fq1-willow-Vx41c', '\n'),
      // A service's whole connection, the password last or first.
      j('$ printenv DB_HOST DB_PORT DB_NAME DB_USER DB_PASSWORD\ndb.example.com\n5432\napp\nbo\n', 'Ha1-lantern-Vox11', '\n'),
      j('$ echo $DB_PASSWORD $DB_HOST $DB_PORT $DB_NAME $DB_USER $DB_SSLMODE\n', 'Hb3-lantern-Vox13', ' db.example.com 5432 app bo require\n'),
      // Commands chained on one line, each printing its own.
      j('$ echo "$DB_USER"; echo "$DB_PASSWORD"\nbo\n', 'Hg7-lantern-Vox17', '\n'), j('$ printenv DB_USER && printenv DB_PASSWORD\nbo\n', 'Hh8-lantern-Vox18', '\n'),
    ],
    falsePositives: ['$ echo "$HOME"; echo "$USER"\n/home/me\nme\n', '$ printenv DB_USER DB_HOST\nbo\ndb.internal\n', '$ echo $DB_USER $DB_PASSWORD\nbo is the user, the password is in the vault\n',
      '$ printenv DB_PASSWORD DB_USER\n[REDACTED:secret-command-output#1a2b]\nbo\n', 'for v in DB_USER DB_HOST; do echo "${!v}"; done\nbo\ndb.internal\n'],
  },
];

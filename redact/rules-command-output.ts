// What a command prints when its whole job is to print a secret: `printenv DB_PASSWORD`, `echo
// $API_TOKEN`, `vault kv get -field=password`, `kubectl get secret … | base64 -d`, `terraform output
// -raw db_password`, a secret manager's `get`, `openssl rand`. The value is no `name: value` on a
// line: the command names it on one line (a transcript's prompt, a tool call's arguments) and its
// output is the next (the tool's result, read beside its call by redact-item's learnAcrossFields).
import { isCredentialName } from './credential-names.ts';
import { isPlaceholder } from './placeholders.ts';
import { j, type MatchContext, type Rule } from './rule.ts';

/** A variable's name as the shell writes it: `$DB_PASSWORD`, `${DB_PASSWORD}`, `"$DB_PASSWORD"`, `$env:DB_PASSWORD`. */
const SHELL_VARIABLE = String.raw`["']?\$(?:env:)?\{?(?<variable>[A-Za-z_][\w]{0,80})\}?["']?`;

/**
 * The commands that print a secret, each naming it (a variable, a field, a file) in a group the
 * accept judges, or printing nothing else (a secret manager's read, a random generator).
 */
const SECRET_COMMAND = [
  String.raw`\bprintenv(?:[ \t]+[A-Za-z_]\w{0,80}){0,4}?[ \t]+(?<variable>[A-Za-z_]\w{0,80})`,
  String.raw`\becho[ \t]+(?:-[neE]{1,3}[ \t]+)?(?:["']?\$\{?[A-Za-z_]\w{0,80}\}?["']?[ \t]+){0,3}${SHELL_VARIABLE}`,
  String.raw`\becho[ \t]+%(?<variable>[A-Za-z_]\w{0,80})%`,
  String.raw`\b(?:printf|Write-Output|Write-Host)[ \t]+(?:["']%s(?:\\n)?["'][ \t]+)?${SHELL_VARIABLE}`,
  String.raw`<<<[ \t]*${SHELL_VARIABLE}`,
  String.raw`(?:^|[\s"'])\$env:(?<variable>[A-Za-z_]\w{0,80})[ \t]*["'}\]]{0,3}[ \t]*$`,
  String.raw`GetEnvironmentVariable\([ \t]*["'](?<variable>[A-Za-z_]\w{0,80})["']`,
  String.raw`\b(?:python3?|node|ruby|perl|php|bun|deno)\b[^\n]{0,300}?(?:environ(?:\.get)?|getenv|process\.env|ENV)\W{1,3}(?<variable>[A-Za-z_]\w{0,80})`,
  String.raw`\b(?:env|printenv|set)[ \t]*\|[ \t]*grep[ \t]+(?:-\w+[ \t]+)*["']?\^?(?<variable>[A-Za-z_]\w{0,80})`,
  String.raw`\bgrep[ \t]+(?:-\w+[ \t]+)*["']?\^?(?<variable>[A-Za-z_]\w{0,80})=?["']?[ \t]+[^\s|]{1,200}[ \t]*\|[ \t]*cut\b`,
  String.raw`\bawk\b[^\n]{0,100}?\/\^?(?<variable>[A-Za-z_]\w{0,80})\W[^\n]{0,100}?print`,
  String.raw`\bsed[ \t]+-n[ \t]+["']s[/|#]\^?(?<variable>[A-Za-z_]\w{0,80})=`,
  String.raw`\b(?:cat|type|Get-Content|less|more|bat|nl|head|tail|base64[ \t]+(?:-d|--decode))(?:[ \t]+-{1,2}[\w=-]{1,20}(?:[ \t]+\d{1,6})?)*[ \t]+["']?(?<file>[^\s|;&"'<>-][^\s|;&"'<>]{0,200})`,
  String.raw`\bvault[ \t]+\w{2,10}(?:[ \t]+\w{2,10})?\b[^\n|;]{0,200}?[ \t]-field=["']?(?<field>[\w.-]{1,80})`,
  String.raw`\bterraform[ \t]+output[ \t]+(?:-raw[ \t]+|-json[ \t]+)?(?<field>[\w.-]{1,80})`,
  String.raw`\baws[ \t]+configure[ \t]+get[ \t]+(?<field>[\w.-]{1,80})`,
  String.raw`\b[jy]q[ \t]+(?:-[a-z]{1,3}[ \t]+)*["']?(?:\.[\w"\[\]-]{1,80})*\.\[?["']?(?<field>[\w-]{1,80})["']?\]?["']?`,
  String.raw`\bgit[ \t]+config[ \t]+(?:--?[\w-]+[ \t]+)*(?<field>[\w-]+\.[\w.-]{1,80})`,
  String.raw`\bredis-cli\b[^\n]{0,200}?\bGET[ \t]+["']?(?<field>[\w:./-]{1,80})`,
  String.raw`\bconsul[ \t]+kv[ \t]+get[ \t]+(?<field>[\w:./-]{1,120})`,
  String.raw`\bheroku[ \t]+config:get[ \t]+(?<field>[\w.-]{1,80})`,
  String.raw`\bdoppler[ \t]+secrets[ \t]+get[ \t]+(?<field>[\w.-]{1,80})`,
  // Reads whose output is the secret, whatever it is named.
  String.raw`\b(?<read>kubectl[ \t][^\n]{0,200}?\bsecrets?\b[^\n]{0,200}?(?:\.data\.|base64[ \t]+(?:-d|--decode)|-o[ \t]*=?[ \t]*jsonpath)` +
    String.raw`|kubectl[ \t]+view-secret|aws[ \t]+secretsmanager[ \t]+get-secret-value|aws[ \t]+ssm[ \t]+get-parameters?[ \t][^\n]{0,200}?--with-decryption` +
    String.raw`|aws[ \t]+ecr[ \t]+get-login-password|gcloud[ \t]+auth[ \t]+print-(?:access|identity)-token|az[ \t]+account[ \t]+get-access-token` +
    String.raw`|gcloud[ \t]+secrets[ \t]+versions[ \t]+access|az[ \t]+keyvault[ \t]+secret[ \t]+show|op[ \t]+read|op[ \t]+item[ \t]+get\b[^\n]{0,200}?--fields` +
    String.raw`|pass[ \t]+show|gopass[ \t]+show|secret-tool[ \t]+lookup|keyring[ \t]+get|sops[ \t]+(?:-d|--decrypt)|bw[ \t]+get[ \t]+password|lpass[ \t]+show` +
    String.raw`|argocd[ \t]+admin[ \t]+initial-password|GetNetworkCredential\(\)\.Password|\/dev\/u?random|randomBytes` +
    String.raw`|security[ \t]+find-(?:generic|internet)-password\b[^\n]{0,200}?[ \t]-w\b|gh[ \t]+auth[ \t]+token|openssl[ \t]+rand|pwgen|` +
    String.raw`secrets\.token_(?:hex|urlsafe|bytes))`,
].join('|');

/** Lines a result may print before its output: a tool's own header (Codex's `Exit code:`, `Wall time:`, `Output:`), a warning. */
const HEADER_LINE = String.raw`(?:[ \t]*(?:Exit code:[^\n]{0,40}|Wall time:[^\n]{0,60}|Output:|Process exited[^\n]{0,60}|WARNING![^\n]{0,400}|Warning:[^\n]{0,400})?[ \t]*\r?\n)`;

/**
 * The output's first line, after a tool's header lines: bare, or in a JSON string of the output (`{"output":"v\n…`, `{"exit_code": 0, "stdout": "v\n"}`)
 * as agents record a command's result.
 */
const OUTPUT_LINE = String.raw`\r?\n${HEADER_LINE}{0,4}[ \t]*(?:\{[^\n]{0,200}?"(?:output|out|stdout|stdout_lines|content|text|result)"[ \t]*:[ \t]*\[?[ \t]*"(?<value>[^"\\]{4,400}?)(?:\\[nr]|")[^\n]*` +
  String.raw`|(?<value>[^\s][^\n]{3,400}?)[ \t]*\r?$)`;

/** Files that hold one secret: a Docker or Kubernetes secret mount, a file named for a credential. */
function namesSecretFile(path: string): boolean {
  const file = path.replaceAll('\\', '/'); // Windows writes its separators the other way
  if (/(?:^|\/)etc\/(?:passwd|group)$/.test(file)) return false; // the accounts, not a password
  if (/(?:^|\/)(?:run|var\/run)\/secrets\/[^/]+$|(?:^|\/)secrets?\/[^/]+$/.test(file)) return true;
  const base = file.slice(file.lastIndexOf('/') + 1).replace(/\.(?:txt|key|secret|token|b64|enc|asc)$/i, '');
  return /^[\w.-]+$/.test(base) && isCredentialName(base);
}

/**
 * A tool call's or a message's id, as agents' records write one (`call_5`, `toolu_01Hk…`, `fc_…`): a
 * record's fields read one after another put the result's id on the line after its command.
 */
const RECORD_ID = /^(?:(?:call|toolu|tooluse|fc|msg|resp|run|chatcmpl|req|evt|item|tc)[_-][A-Za-z0-9_-]{1,60}|c\d{1,6})$/;

/** Words a command prints instead of a secret: an error, an empty value, a shell's complaint. */
const NOT_OUTPUT = /^(?:error|usage|null|none|nil|undefined|true|false|permission|denied|no|not|found|cat|bash|sh|zsh|command|warning|exit|code|output)\b:?/i;

/**
 * The command prints nothing but the secret, so its value need not look like one (`correcthorse` is
 * a password there): any word of its output that is no placeholder, record id, path or message.
 */
function acceptOutput(value: string, context: MatchContext): boolean {
  const groups = context.match.groups ?? {};
  const named = groups['variable'] ?? groups['field'];
  const printsSecret = groups['read'] !== undefined || (named !== undefined && isCredentialName(named))
    || (groups['file'] !== undefined && namesSecretFile(groups['file']));
  if (!printsSecret) return false;
  // A command inside a substitution (`curl -H "Bearer $(gh auth token)"`) prints into its line, not onto the next.
  const { text, match } = context;
  const before = text.slice(text.lastIndexOf('\n', match.index) + 1, match.index);
  if (before.includes('$(') || before.includes('`')) return false;
  const word = value.trim();
  // One word, as a secret is printed: a line of several is the next command or a message.
  return !/\s/.test(word) && word.length >= 4 && !isPlaceholder(word) && !RECORD_ID.test(word) && !NOT_OUTPUT.test(word)
    && !/^\.{0,2}\//.test(word) && !/^[A-Z_]+$/.test(word);
}

export const COMMAND_OUTPUT_RULES: readonly Rule[] = [
  {
    id: 'secret-command-output',
    description: 'what a command prints whose job is printing a secret (printenv DB_PASSWORD, echo $API_TOKEN, vault kv get -field=password, kubectl get secret … | base64 -d), on the line after it',
    // A command that names what it prints names a credential (`printenv DB_PASSWORD`, `jq .token`): its word is the
    // keyword, not the command's (`echo`, `cat `, `grep` stand on most lines of a log). A read that names nothing
    // (a secret manager's, a token printer's) has its tool's name.
    keywords: ['pass', 'pwd', '_pw', 'pw_', 'secret', 'token', 'key', 'cred', 'auth', 'bearer', 'otp', 'mfa', 'psk', 'dsn', 'session', '_pat', 'pat_',
      '_pin', 'pin_', 'kubectl', 'secretsmanager', 'ssm', 'gcloud', 'keyvault', 'op read', 'op item', 'pass show', 'gopass', 'secret-tool', 'keyring',
      'sops', 'bw get', 'lpass', 'argocd', 'getnetworkcredential', 'urandom', '/dev/random', 'randombytes', 'find-generic', 'find-internet', 'gh auth',
      'openssl rand', 'pwgen', 'secrets.token', 'view-secret', 'ecr', 'print-access-token', 'print-identity-token', 'get-access-token'],
    keywordsIgnoreCase: true, neverPlaceholder: true, lines: 4,
    // A tool call's other arguments may follow the command on its line (a long `description`).
    pattern: new RegExp(String.raw`(?:${SECRET_COMMAND})[^\n]{0,2000}?${OUTPUT_LINE}`, 'gim'),
    accept: acceptOutput,
    truePositives: [
      j('$ printenv DB_PASSWORD\n', 'Kl4-ash-Uol22', '\n'), j('echo "$API_TOKEN"\n', 'Jk3-ash-Tol21', '\n'),
      j(`kubectl get secret db -o jsonpath='{.data.password}' | base64 -d\n`, 'Cd4-ash-Mol13', '\n'), j('vault kv get -field=password secret/db\n', 'Fg7-ash-Pol16', '\n'),
      j('terraform output -raw db_password\n', 'Pq9-ash-Zol27', '\n'), j('cat /run/secrets/db_password\n', 'Ij2-ash-Sol19', '\n'),
      j('jq -r .password config.json\n', 'Rs3-ash-Bol29', '\n'), j('{"command":"printenv DB_PASSWORD"}\n{"output":"', 'Lo4-harbor-Kim63', '\\n","metadata":{}}'),
      j('$ printenv DB_PASSWORD\n', 'correcthorsebattery', '\n'), j('$ cat -n /run/secrets/db_password\n', 'Ij2-ash-Sol19', '\n'),
      j('printenv DB_PASSWORD\nExit code: 0\nWall time: 0 seconds\nOutput:\n', 'Mw9-pumice-Tor67', '\n'), j('$ gcloud auth print-access-token\n', 'ya29-Eq6-raven-Vx66c', '\n'),
      j(`python -c "import os; print(os.environ['DB_PASSWORD'])"\n`, 'Hq3-glacier-Vx43c', '\n'), j('$ git config --get credential.password\n', 'Yq0-copper-Vx60c', '\n'),
    ],
    falsePositives: ['curl -H "Authorization: Bearer $(gh auth token)" https://api.github.com/user\ncurl -s https://x\n', 'cat password.txt | head -3\ngrep token | sort\n',
      '$ cat /etc/passwd\nroot:x:0:0:root:/root:/bin/bash\n', 'cat secrets/token.txt\n./deploy.sh\n', '$ printenv HOME\n/home/me\n', 'echo $PATH\n/usr/bin:/bin\n', 'cat README.md\n# journey\n', 'terraform output -raw region\neu-west-1\n',
      'printenv DB_PASSWORD\n[REDACTED:secret-command-output#1a2b]\n', 'echo $API_TOKEN\nnull\n', 'jq -r .name package.json\njourney\n'],
  },
];

// What a command prints when its whole job is to print a secret: `printenv DB_PASSWORD`, `echo
// $API_TOKEN`, `vault kv get -field=password`, `kubectl get secret … | base64 -d`, `terraform output
// -raw db_password`, a secret manager's `get`, `openssl rand`. The value is no `name: value` on a
// line: the command names it on one line (a transcript's prompt, a tool call's arguments) and its
// output is the next (the tool's result, read beside its call by redact-item's learnAcrossFields).
import { isCredentialName } from './credential-names.ts';
import { isCredentialValue } from './credential-values.ts';
import { isPlaceholder } from './placeholders.ts';
import { j, type MatchContext, type Rule } from './rule.ts';

/** A variable's name as the shell writes it: `$DB_PASSWORD`, `${DB_PASSWORD}`, `"$DB_PASSWORD"`, `$env:DB_PASSWORD`. */
const SHELL_VARIABLE = String.raw`["']?\$(?:env:)?\{?(?<variable>[A-Za-z_][\w]{0,80})\}?["']?`;

/**
 * The commands that print a secret, each naming it (a variable, a field, a file) in a group the
 * accept judges, or printing nothing else (a secret manager's read, a random generator).
 */
const SECRET_COMMAND = [
  String.raw`\bprintenv[ \t]+(?<variable>[A-Za-z_]\w{0,80})`,
  String.raw`\becho[ \t]+(?:-[neE]{1,3}[ \t]+)?${SHELL_VARIABLE}`,
  String.raw`\b(?:printf|Write-Output|Write-Host)[ \t]+(?:["']%s(?:\\n)?["'][ \t]+)?${SHELL_VARIABLE}`,
  String.raw`\b(?:cat|type|Get-Content|head[ \t]+-\w+[ \t]+\d*|tail[ \t]+-\w+[ \t]+\d*)[ \t]+["']?(?<file>[^\s|;&"'<>]{1,200})`,
  String.raw`\bvault[ \t]+(?:kv[ \t]+get|read)\b[^\n|;]{0,200}?[ \t]-field=["']?(?<field>[\w.-]{1,80})`,
  String.raw`\bterraform[ \t]+output[ \t]+(?:-raw[ \t]+|-json[ \t]+)?(?<field>[\w.-]{1,80})`,
  String.raw`\baws[ \t]+configure[ \t]+get[ \t]+(?<field>[\w.-]{1,80})`,
  String.raw`\bjq[ \t]+(?:-[a-z]{1,3}[ \t]+)*["']?(?:\.[\w"\[\]-]{1,80})*\.(?<field>[\w-]{1,80})["']?`,
  String.raw`\bheroku[ \t]+config:get[ \t]+(?<field>[\w.-]{1,80})`,
  String.raw`\bdoppler[ \t]+secrets[ \t]+get[ \t]+(?<field>[\w.-]{1,80})`,
  // Reads whose output is the secret, whatever it is named.
  String.raw`\b(?<read>kubectl[ \t][^\n]{0,200}?\bsecrets?\b[^\n]{0,200}?(?:\.data\.|base64[ \t]+(?:-d|--decode)|-o[ \t]*=?[ \t]*jsonpath)` +
    String.raw`|aws[ \t]+secretsmanager[ \t]+get-secret-value|aws[ \t]+ssm[ \t]+get-parameters?[ \t][^\n]{0,200}?--with-decryption` +
    String.raw`|gcloud[ \t]+secrets[ \t]+versions[ \t]+access|az[ \t]+keyvault[ \t]+secret[ \t]+show|op[ \t]+read|pass[ \t]+show` +
    String.raw`|security[ \t]+find-(?:generic|internet)-password\b[^\n]{0,200}?[ \t]-w\b|gh[ \t]+auth[ \t]+token|openssl[ \t]+rand|pwgen|` +
    String.raw`secrets\.token_(?:hex|urlsafe|bytes)|uuidgen)`,
].join('|');

/**
 * The output's first line, the value alone on it: bare, or opening a JSON string of the output
 * (`{"output":"v\n…`) as some agents record a command's result.
 */
const OUTPUT_LINE = String.raw`\r?\n[ \t]*(?:(?:\{[ \t]*)?"(?:output|stdout|content|text|result)"[ \t]*:[ \t]*"(?<value>[^\s"\\]{4,400})(?:\\[nr]|")[^\n]*` +
  String.raw`|(?<value>[^\s]{4,400})[ \t]*\r?$)`;

/** Files that hold one secret: a Docker or Kubernetes secret mount, a file named for a credential. */
function namesSecretFile(file: string): boolean {
  if (/(?:^|\/)(?:run|var\/run)\/secrets\/[^/]+$|(?:^|\/)secrets?\/[^/]+$/.test(file)) return true;
  const base = file.slice(file.lastIndexOf('/') + 1).replace(/\.(?:txt|key|secret|token)$/i, '');
  return /^[\w.-]+$/.test(base) && isCredentialName(base);
}

/**
 * A tool call's or a message's id, as agents' records write one (`call_5`, `toolu_01Hk…`, `fc_…`): a
 * record's fields read one after another put the result's id on the line after its command.
 */
const RECORD_ID = /^(?:call|toolu|tooluse|fc|msg|resp|run|chatcmpl|req|evt|item|tc|c)[_-]?[A-Za-z0-9_-]{0,60}$/;

function acceptOutput(value: string, context: MatchContext): boolean {
  const groups = context.match.groups ?? {};
  const named = groups['variable'] ?? groups['field'];
  const printsSecret = groups['read'] !== undefined || (named !== undefined && isCredentialName(named))
    || (groups['file'] !== undefined && namesSecretFile(groups['file']));
  return printsSecret && !isPlaceholder(value) && !RECORD_ID.test(value) && isCredentialValue(value, { quoted: false, configLine: true })
    && !/^(?:error|usage|null|none|undefined|true|false|permission|no|not|cat|bash|sh|zsh):?/i.test(value);
}

export const COMMAND_OUTPUT_RULES: readonly Rule[] = [
  {
    id: 'secret-command-output',
    description: 'what a command prints whose job is printing a secret (printenv DB_PASSWORD, echo $API_TOKEN, vault kv get -field=password, kubectl get secret … | base64 -d), on the line after it',
    keywords: ['printenv', 'echo', 'printf', 'write-output', 'write-host', 'cat ', 'type ', 'get-content', 'head ', 'tail ', 'vault', 'terraform', 'configure get', 'jq ',
      'config:get', 'doppler', 'kubectl', 'secretsmanager', 'ssm', 'gcloud', 'keyvault', 'op read', 'pass show', 'find-generic', 'find-internet', 'gh auth',
      'openssl rand', 'pwgen', 'secrets.token', 'uuidgen'],
    keywordsIgnoreCase: true, neverPlaceholder: true, lines: 1,
    pattern: new RegExp(String.raw`(?:${SECRET_COMMAND})[^\n]{0,300}?${OUTPUT_LINE}`, 'gim'),
    accept: acceptOutput,
    truePositives: [
      j('$ printenv DB_PASSWORD\n', 'Kl4-ash-Uol22', '\n'), j('echo "$API_TOKEN"\n', 'Jk3-ash-Tol21', '\n'),
      j(`kubectl get secret db -o jsonpath='{.data.password}' | base64 -d\n`, 'Cd4-ash-Mol13', '\n'), j('vault kv get -field=password secret/db\n', 'Fg7-ash-Pol16', '\n'),
      j('terraform output -raw db_password\n', 'Pq9-ash-Zol27', '\n'), j('cat /run/secrets/db_password\n', 'Ij2-ash-Sol19', '\n'),
      j('jq -r .password config.json\n', 'Rs3-ash-Bol29', '\n'), j('{"command":"printenv DB_PASSWORD"}\n{"output":"', 'Lo4-harbor-Kim63', '\\n","metadata":{}}'),
    ],
    falsePositives: ['$ printenv HOME\n/home/me\n', 'echo $PATH\n/usr/bin:/bin\n', 'cat README.md\n# journey\n', 'terraform output -raw region\neu-west-1\n',
      'printenv DB_PASSWORD\n[REDACTED:secret-command-output#1a2b]\n', 'echo $API_TOKEN\nnull\n', 'jq -r .name package.json\njourney\n'],
  },
];

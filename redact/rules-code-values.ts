// Credentials as code writes them in its own shapes rather than `name = value`: a literal fallback
// after an environment lookup, names and values unpacked from tuples, a name and its value as two
// quoted arguments or items, a property list's key and its value in sibling elements, a jq or yq
// path assigned. Part of the second detector (credential grammar): any value, whatever its entropy.
import { isCredentialName } from './credential-names.ts';
import { isCredentialValue, looksDrawn } from './credential-values.ts';
import { looksLikeSecretValue } from './rule-checks.ts';
import { groupsOf, j, type MatchContext, type Rule } from './rule.ts';

/** A quoted literal of code: its quote and its text. */
const QUOTED = String.raw`(?<quote>["'\x60])(?<value>[^"'\x60\n]{4,200})\k<quote>`;

/** The names a chain of assignments gives one value (`default = DB_PASSWORD = …`). */
const namesOfChain = (chain: string | undefined) => (chain ?? '').split('=').map((name) => name.trim()).filter((name) => name !== '');

/**
 * The items of a list of quoted literals and their offsets (`'admin', 'v'`), in order; undefined
 * when an item is no quoted literal.
 */
function quotedItems(list: string): { at: number; text: string }[] | undefined {
  const items: { at: number; text: string }[] = [];
  const item = /[ \t]*(["'])([^"'\n]*)\1[ \t]*(?:,|$)/y;
  for (let at = 0; at < list.length;) {
    item.lastIndex = at;
    const found = item.exec(list);
    if (!found) return undefined;
    items.push({ at: at + found[0].indexOf(found[1]!) + 1, text: found[2]! });
    at += found[0].length;
  }
  return items;
}

/** The value of the tuple `names = values` that the credential's name unpacks to, as a part of the values' list. */
function tuplePart(value: string, context: MatchContext): readonly (readonly [number, number])[] {
  const names = (groupsOf(context)['names'] ?? '').split(',').map((name) => name.trim().replace(/^\$/, ''));
  const items = quotedItems(value);
  if (!items || items.length !== names.length) return [];
  return names.flatMap((name, index) => {
    const item = items[index]!;
    // Beside a user's name, `pass` and `pw` are the password's (`let (user, pass) = ("admin", "v")`).
    const named = isCredentialName(name) || (/^(?:pass|pw|pwd)$/i.test(name) && names.some((other) => /^(?:user(?:name)?|login)$/i.test(other)));
    return named && isCredentialValue(item.text, { quoted: true, configLine: false }) ? [[item.at, item.at + item.text.length] as const] : [];
  });
}

export const CODE_VALUE_RULES: readonly Rule[] = [
  {
    id: 'credential-fallback', description: "a literal fallback after a credential's environment lookup: os.environ.get('DB_PASSWORD') or 'v', process.env.DB_PASSWORD || 'v', ?? 'v'",
    keywords: ['environ', 'getenv', 'process.env', 'env.get', 'ENV[', 'ENV.fetch', 'env::var', 'GetEnvironmentVariable'], keywordsIgnoreCase: true, neverPlaceholder: true, lines: 1,
    // The names the result is assigned to count too (`DB_PASSWORD = os.environ.get('X') or 'v'`).
    pattern: new RegExp(String.raw`(?<chain>(?:[\w.$]{1,80}[ \t]*=[ \t]*){0,3})(?:(?:const|let|var|final|val)[ \t]+(?<declared>[\w$]+)[ \t]*=[ \t]*)?` +
      String.raw`(?:os\.environ\.get|os\.getenv|getenv|System\.getenv|Deno\.env\.get|process\.env|ENV\.fetch|ENV|os\.environ|os\.Getenv|(?:std::)?env::var|Environment\.GetEnvironmentVariable)` +
      String.raw`[ \t]*[.([][ \t]*["']?(?<name>[\w.-]{1,80})["']?[ \t]*[)\]]?` +
      // The operator perhaps on the next line; Rust's unwrap_or("v"), unwrap_or_else(|_| "v".into()).
      String.raw`\s{0,40}(?:or|\|\||\?\?|\?:|\.unwrap_or(?:_else)?\([ \t]*(?:\|_?\|[ \t]*)?)[ \t]*` + QUOTED, 'gi'),
    accept: (value, context) => {
      const groups = groupsOf(context);
      const names = [groups['name'] ?? '', groups['declared'] ?? '', ...namesOfChain(groups['chain'])];
      return names.some(isCredentialName) && isCredentialValue(value, { quoted: true, configLine: false });
    },
    truePositives: [j("DB_PASSWORD = os.environ.get('DB_PASSWORD') or '", 'Ag1-lantern-Kor71', "'"), j('const password = process.env.DB_PASSWORD || "', 'Ag6-meadow-Kor76', '";'),
      j("const pw = process.env.DB_PASSWORD ?? '", 'Ag5-walnut-Kor75', "';"), j("default = DB_PASSWORD = os.environ.get('X') or '", 'Ae6-meadow-Kor56', "'"),
      j('token = ENV.fetch("GITHUB_TOKEN") || "', 'Lq3-cobalt-Wem82', '"'), j('let pw = env::var("DB_PASSWORD").unwrap_or("', 'Hb2-lantern-Vox62', '".to_string());'),
      j('let pw2 = std::env::var("DB_PASSWORD").unwrap_or_else(|_| "', 'Hd1-lantern-Vox81', '".into());'),
      j('var pw = Environment.GetEnvironmentVariable("DB_PASSWORD") ?? "', 'Hb3-lantern-Vox63', '";'), j("conn = connect(password=os.environ.get('DB_PASSWORD')\n    or '", 'Hb4-lantern-Vox64', "')")],
    falsePositives: ["LOG_LEVEL = os.environ.get('LOG_LEVEL') or 'info'", 'const port = process.env.PORT || "8080";', "password = os.environ.get('DB_PASSWORD') or ''",
      'const token = process.env.TOKEN || "${TOKEN}";'],
  },
  {
    id: 'credential-tuple', description: "a credential unpacked from a tuple of literals: user, password = 'admin', 'v'",
    keywords: ['password', 'passwd', 'pwd', 'secret', 'token', 'passphrase', 'api_key', 'apikey', ...['pass', 'pw'].flatMap((name) => [`, ${name})`, `, ${name} =`, `, ${name} :=`])], keywordsIgnoreCase: true, neverPlaceholder: true,
    // In brackets or not (`(user, password) = ("admin", "v")`, `[user, password] = […]`, `list($user, $password) = […]`), Go's `:=`.
    pattern: /(?<![\w.$])(?:(?:let|const|var|list)[ \t]*)?[([]?[ \t]*(?<names>\$?[A-Za-z_][\w.]{0,60}(?:[ \t]*,[ \t]*\$?[A-Za-z_][\w.]{0,60}){1,5})[ \t]*[)\]]?[ \t]*:?=[ \t]*[([]?[ \t]*(?<value>["'][^"'\n]*["'](?:[ \t]*,[ \t]*["'][^"'\n]*["']){1,5})/g,
    accept: (value, context) => tuplePart(value, context).length > 0,
    parts: tuplePart,
    truePositives: [j("user, password = 'admin', '", 'Ae7-juniper-Kor57', "'"), j("host, user, password = 'db', 'admin', '", 'Ag9-orchid-Kor79', "'"),
      j('(user, password) = ("admin", "', 'Hb7-lantern-Vox67', '")'), j("const [user, password] = ['admin', '", 'Hb8-lantern-Vox68', "'];"),
      j("list($user, $password) = ['admin', '", 'Hb9-lantern-Vox69', "'];"), j('user, password := "admin", "', 'Hb6-lantern-Vox66', '"'), j('let (user, pass) = ("admin", "', 'Hb5-lantern-Vox65', '");')],
    falsePositives: ["user, password = 'admin', ''", "user, password = 'admin'", "a, b = 'x', 'y'", "token, count = 'none', '3'"],
  },
  {
    id: 'credential-quoted-pair', description: "a credential's name and its value as two quoted items: setattr(cfg, 'password', 'v'), mapOf(\"password\" to \"v\"), ['password', 'v']",
    keywords: ['password', 'passwd', 'pwd', 'secret', 'token', 'passphrase', 'api_key', 'apikey'], keywordsIgnoreCase: true, neverPlaceholder: true,
    lines: 1,
    // A conversion after the name (`"password".to_string(), "v"`) and a line break after the comma are code's layout.
    pattern: new RegExp(String.raw`(?<q>["'])(?<name>[\w.-]{2,80})\k<q>(?:\.\w{1,20}\(\))?[ \t]*(?:,|[ \t]to|=>)\s{0,40}` + QUOTED, 'g'),
    // Only a value that looks like a secret: two quoted strings side by side are as often a label and its text (`('password', 'Password to use')`).
    accept: (value, context) => isCredentialName(groupsOf(context)['name'] ?? '') && (looksDrawn(value) || looksLikeSecretValue(value))
      && isCredentialValue(value, { quoted: true, configLine: false }),
    truePositives: [j("setattr(cfg, 'password', '", 'Af3-falcon-Kor62', "')"), j('mapOf("password" to "', 'Ah7-mosaic-Kor86', '")'), j("$cfg = ['password', '", 'Af7-mosaic-Kor66', "'];"),
      j('cfg.insert("password".to_string(), "', 'Hc2-lantern-Vox72', '".to_string());'), j('setattr(cfg, "password",\n        "', 'Hc3-lantern-Vox73', '")')],
    falsePositives: ["('password', 'Password to use')", "parser.add_argument('--token', 'The API token')", "headers.get('token', 'none')", "choices = [('secret', 'Secret')]"],
  },
  {
    id: 'credential-xml-key', description: "a property list's or a map's key and its value in sibling elements: <key>Password</key><string>v</string>",
    keywords: ['<key>', 'key=', 'name='], keywordsIgnoreCase: true, neverPlaceholder: true, lines: 3,
    // The value perhaps on lines of its own, a comment between the elements; or an element whose `key`, `name` or `id` names it (`<entry key="password">v</entry>`).
    pattern: new RegExp(String.raw`<key>[ \t]*(?<name>[^<\n]{1,80}?)[ \t]*<\/key>\s{0,200}(?:<!--[^<>]{0,200}-->\s{0,200})?<(?<tag>string|value|data)>\s{0,200}(?<value>[^<\s][^<\n]{0,399}?)\s{0,200}<\/\k<tag>>` +
      String.raw`|<(?<element>[\w:-]{1,40})\s[^<>]{0,200}?\b(?:key|name|id)\s*=\s*["'](?<name>[^"'<>\n]{1,80})["'][^<>]{0,200}>[ \t]*(?<value>[^<\s][^<\n]{0,399}?)[ \t]*<\/\k<element>>`, 'gi'),
    accept: (value, context) => isCredentialName(groupsOf(context)['name'] ?? '') && isCredentialValue(value, { quoted: true, configLine: false }),
    truePositives: [j('<key>Password</key>\n<string>', 'Ad3-pylon-Kor39', '</string>'), j('<entry><key>password</key><value>', 'Ad2-opal-Kor38', '</value></entry>'),
      j('<key>Password</key>\n<string>\n  ', 'Hc4-lantern-Vox74', '\n</string>'), j('<key>Password</key><!-- dev --><string>', 'Hc5-lantern-Vox75', '</string>'),
      j('<entry key="password">', 'Hc6-lantern-Vox76', '</entry>'), j('<param name="password">', 'Hc7-lantern-Vox77', '</param>')],
    falsePositives: ['<key>Username</key>\n<string>admin</string>', '<key>PasswordPolicy</key><string>strict</string>', '<key>password</key><string></string>',
      '<label name="password">Password</label>', '<entry key="token_count">3</entry>'],
  },
  {
    id: 'credential-path-assign', description: "a credential's path assigned in a jq or yq filter: jq '.db.password = \"v\"'",
    keywords: ['password', 'passwd', 'pwd', 'secret', 'token', 'passphrase', 'api_key', 'apikey'], keywordsIgnoreCase: true, neverPlaceholder: true,
    pattern: /(?<![\w\]])\.(?:[\w-]+\.|\[[^\]\n]{1,40}\]\.?){0,8}(?<name>[\w-]{2,80})[ \t]*\|?=[ \t]*(?:"(?<value>[^"\n]{4,200})"|\\"(?<value>[^"\\\n]{4,200})\\")|setpath\(\[[^\]\n]{0,200}?"(?<name>[\w-]{2,80})"\][ \t]*;[ \t]*"(?<value>[^"\n]{4,200})"/g,
    accept: (value, context) => isCredentialName(groupsOf(context)['name'] ?? '') && isCredentialValue(value, { quoted: true, configLine: false }),
    truePositives: [j("jq '.db.password = \"", 'Ah3-falcon-Kor82', "\"' cfg.json"), j("yq -i '.db.password = \"", 'Ah4-fennel-Kor83', "\"' values.yaml"), j("jq 'setpath([\"db\",\"password\"]; \"", 'Hc9-lantern-Vox79', "\")' cfg.json")],
    falsePositives: ["jq '.db.password = env.DB_PASSWORD' cfg.json", "jq '.db.password = \"\"'", "yq '.token |= \"${TOKEN}\"'"],
  },
];

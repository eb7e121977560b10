// Rules for personal and infrastructure data: e-mail, IP and MAC addresses, host names, internal
// hosts, ssh targets; with the account rules (rules-accounts.ts) and personal numbers
// (rules-personal-numbers.ts) they make the privacy table.
import { isPlaceholder } from './placeholders.ts';
import { isNetworkAddress, isReportableIpv4, isReportableIpv6 } from './rule-checks.ts';
import { j, type Rule } from './rule.ts';
import { ACCOUNT_RULES, GENERIC_ACCOUNT, SYSTEM_ACCOUNT } from './rules-accounts.ts';
import { NUMBER_RULES } from './rules-personal-numbers.ts';

/** Public code hosts' ssh users (`git@github.com`) name no person. */
const PUBLIC_GIT_HOST = /^git@(?:github\.com|gitlab\.com|bitbucket\.org|ssh\.dev\.azure\.com)$/i;
/** `icon@2x.png` and `pkg@1.2.3` are file names and versions, not addresses. */
const FILE_TLD = /\.(?:png|jpe?g|gif|svg|webp|avif|ico|js|mjs|cjs|ts|tsx|jsx|css|json|html?|txt|lock|ya?ml|map|wasm)$/i;

/**
 * `name@2x.png` and `pkg@1.2.3` are files and versions; `zoe@corp.com.json` is an address with an
 * extension after it (a file named after someone): what is left without the extension decides.
 */
function isFileName(value: string): boolean {
  if (!FILE_TLD.test(value)) return false;
  return !/@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/.test(value.replace(FILE_TLD, ''));
}

/**
 * The dotted form of an IPv4 address written the ways `inet_aton` reads: one to four parts, each
 * decimal, hex (`0x`) or octal (leading 0), the last filling the bytes left. Undefined when it is none.
 *
 * @example
 * dottedIpv4('0xa000001') // '10.0.0.1'
 */
function dottedIpv4(value: string): string | undefined {
  const parts = value.split('.').map((part) => (/^0[xX]/.test(part) ? Number.parseInt(part.slice(2), 16) : /^0\d/.test(part) ? Number.parseInt(part, 8) : Number(part)));
  if (parts.some((part) => !Number.isSafeInteger(part))) return undefined;
  const last = parts.pop()!;
  if (parts.some((part) => part > 255) || last >= 256 ** (4 - parts.length)) return undefined;
  const bytes = [...parts];
  for (let shift = 3 - parts.length; shift >= 0; shift--) bytes.push(Math.floor(last / 256 ** shift) % 256);
  return bytes.join('.');
}

/** Domains reserved for documentation and tests (RFC 2606, RFC 6761): no one's address. */
const DOCUMENTATION_DOMAIN = /@(?:[a-z0-9-]+\.)*(?:example\.(?:com|org|net|edu)|[a-z0-9-]+\.(?:example|test|invalid|localhost))$/i;

/**
 * An address whose user and first domain label are both stand-ins (`your-service@your-project.iam.gserviceaccount.com`,
 * `your.name@your-company.com`): a template to fill in. One real part (`your.name@acme.io`) makes it an address.
 */
function isTemplateAddress(value: string): boolean {
  const at = value.lastIndexOf('@');
  const label = value.slice(at + 1).split('.')[0] ?? '';
  return at > 0 && isPlaceholder(value.slice(0, at)) && isPlaceholder(label) && /your|example|placeholder|sample/i.test(value.slice(0, at) + label);
}

/** `user:password@host` of a URL is no address: url-credentials judges the password. */
function isUrlUserInfo(text: string, start: number): boolean {
  return /:\/\/[^\s/@"'<>]*:$/.test(text.slice(Math.max(0, start - 256), start));
}

/** Names machines get by default, not their owners: localhost, a distribution's, a container's. */
const GENERIC_HOST = /^(?:localhost|host|hostname|ubuntu|debian|fedora|centos|alpine|raspberrypi|kali|server|machine|box|sandbox|container|runner|workspace|devcontainer|codespaces-\w+|[0-9a-f]{12})$/i;

const NETWORK_RULES: readonly Rule[] = [
  {
    id: 'email', description: 'e-mail address, also with letters beyond ASCII (jörg@müller-bau.de), an IP literal (x@[10.2.3.4]) or a quoted local part (example.* domains are documentation and kept)',
    // Letters beyond ASCII: Latin-1's as they are, all others as the byte they fold to (text-bytes.ts).
    pattern: /@(?:[A-Za-z0-9\x80\xC0-\xD6\xD8-\xF6\xF8-\xFF-]+(?:\.[A-Za-z0-9\x80\xC0-\xD6\xD8-\xF6\xF8-\xFF-]+)*\.(?:[A-Za-z]{2,}|xn--[A-Za-z0-9-]{2,}|[\x80\xC0-\xD6\xD8-\xF6\xF8-\xFF]{2,})|\[(?:\d{1,3}\.){3}\d{1,3}\]|\[IPv6:[0-9A-Fa-f:.]{2,45}\])(?![A-Za-z0-9-])/g,
    extendLeft: /[A-Za-z0-9._%+\x80\xC0-\xD6\xD8-\xF6\xF8-\xFF-]/, lead: '@',
    // `\n@app.route(` of an escaped log is a decorator after a line break, not `n@app.route`.
    accept: (value, { text, start }) => !value.startsWith('@') && !PUBLIC_GIT_HOST.test(value) && !isFileName(value) && !/^[._+-]|\.\./.test(value)
      && !DOCUMENTATION_DOMAIN.test(value) && !isTemplateAddress(value) && !isUrlUserInfo(text, start) && text[start - 1] !== '\\',
    truePositives: [j('alice.smith', '@', 'acme-corp.io'), j('"client_email": "bot@proj-1', '.iam.gserviceaccount.com"'), j('jörg.schmidt', '@', 'müller-bau.de'),
      j('dmitri', '@', '[10.20.30.40]'), j('li', '@', 'почта.рф')],
    falsePositives: ['docs@example.com', 'your-bot@your-project.iam.gserviceaccount.com', 'v1.2@3', 'icon@2x.png', 'git@github.com:o/r.git', 'npm i astro@7.3.4', 'return x\\n\\n@app.route("/status")',
      "grep -E 'https?://[^[:space:]]+@github.com'", 'ping @[10.2.3.4]'],
  },
  {
    id: 'ipv4', description: 'IPv4 address, public or private (loopback, unspecified and documentation ranges are kept)',
    pattern: /\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}/g,
    accept: (value, context) => {
      const { text, start, end } = context;
      const before = text[start - 1] ?? ' ';
      const after = text[end] ?? ' ';
      const afterNext = text[end + 1] ?? ' ';
      if (/[\w.]/.test(before) || /\w/.test(after) || (after === '.' && /\d/.test(afterNext))) return false;
      // A network written as CIDR (`10.0.0.0/8`) names a range, not a machine.
      const prefix = after === '/' ? /^\/(\d{1,2})(?!\d)/.exec(text.slice(end, end + 4)) : null;
      if (prefix && isNetworkAddress(value, Number(prefix[1]))) return false;
      // A four-part version (`pyerfa 2.0.0.1`): a small first part and two zero parts; or one a label names (`version 1.2.3.4`).
      if (/^\d\.(?:0\.0\.\d+|0\.\d+\.0|\d+\.0\.0)$/.test(value)) return false;
      if (/(?:version|release|build|ver\.?)[ \t]*$/i.test(text.slice(Math.max(0, start - 12), start))) return false;
      return isReportableIpv4(value);
    },
    truePositives: [j('10.20', '.30.40'), j('host 34.117', '.9.201.'), j('10.1', '.2.3/32')], falsePositives: ['127.0.0.1', '192.0.2.10', '1.2.3.4.5', 'v1.2.3.45b', '10.0.0.0/8', '172.16.0.0/12', 'pyerfa 2.0.0.1', 'version 1.2.3.4', 'v1.2.3.4'],
  },
  {
    id: 'ipv6', description: 'IPv6 address (loopback and the documentation range 2001:db8::/32 are kept)',
    pattern: /:[0-9A-Fa-f]{0,4}:(?:[0-9A-Fa-f:.]*[0-9A-Fa-f:])?(?:%[\w]+)?/g, extendLeft: /[0-9A-Fa-f:]/,
    accept: (value, { text, start, end }) => !/[\w:.]/.test(text[start - 1] ?? ' ') && !/[\w:]/.test(text[end] ?? ' ')
      && !(text[end] === '.' && /\w/.test(text[end + 1] ?? ' ')) && isReportableIpv6(value),
    truePositives: [j('fd12:3456:789a', ':1::42'), j('2606:4700:', '4700::1111'), 'fe80::1%eth0'],
    falsePositives: ['2001:db8::1', '12:30:45', '::1', 'std::vector', 'a::b', 'sample[1::2]'],
  },
  {
    id: 'ipv4-integer', description: "an IPv4 address written as one integer, in hex or octal, as a URL's host (http://167772161/, http://0xa000001/, http://0x0a.0.0.1/)",
    keywords: ['://'], near: { before: 0, after: 96 },
    pattern: /:\/\/(?:[^\s/@]{0,64}@)?(?<value>0[xX][0-9a-fA-F]{1,8}|\d{1,10}|(?:0[xX][0-9a-fA-F]{1,2}|\d{1,4})(?:\.(?:0[xX][0-9a-fA-F]{1,8}|\d{1,10})){1,3})(?=[:/?#\]\s'"<>]|$)/g,
    // Plain dotted decimal is the ipv4 rule's; here only what a resolver reads differently (`inet_aton`).
    accept: (value) => !/^\d{1,3}(?:\.\d{1,3}){3}$/.test(value) || /(?:^|\.)0\d/.test(value) ? isReportableIpv4(dottedIpv4(value) ?? '') : false,
    truePositives: [j('curl http://1677', '72161/admin'), j('http://0xa', '000001:8080/'), j('https://0x0a.0', 'x14.30.40/')],
    falsePositives: ['http://2130706433/', 'http://localhost:8080/', 'https://10.1.2.3/', 'npm://123'],
  },
  {
    id: 'mac-address', description: "a network card's hardware address (00:1a:2b:3c:4d:5e, 00-1A-2B-3C-4D-5E); broadcast, multicast, Docker's 02:42 and the documentation range are kept",
    pattern: /(?<![0-9A-Fa-f:-])[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}(?![0-9A-Fa-f]|[:-][0-9A-Fa-f])/g,
    group: 0,
    accept: (value) => {
      const octets = value.split(/[:-]/).map((octet) => Number.parseInt(octet, 16));
      const first = octets[0]!;
      return (first & 1) === 0 && new Set(octets).size > 1 && !/^02[:-]42[:-]/i.test(value) && !/^00[:-]00[:-]5e[:-]00[:-]53[:-]/i.test(value);
    },
    truePositives: [j('ether 3c:22:fb', ':4d:5e:6f'), j('Physical Address: 3C-22-FB', '-4D-5E-6F')],
    falsePositives: ['ff:ff:ff:ff:ff:ff', '00:00:00:00:00:00', 'ether 02:42:ac:11:00:02', '01:00:5e:00:00:fb', '12:30:45', 'fp 16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48'],
  },
  {
    id: 'host-name',
    description: "a machine's own name: shell prompts (user@host:~$, user@host:/srv$, zsh's user@host dir %, fish's user@host ~>), login prompts (host login:), OS and cloud default names (DESKTOP-XXXXXXX, ip-10-1-2-3, name-virtual-machine, Tanyas-MacBook-Pro, ubuntu-8gb-hel1-1), a private service's host:port",
    keywords: ['DESKTOP-', 'LAPTOP-', 'WIN-', 'ip-', '-virtual-machine', '-VirtualBox', '-ThinkPad', 'MacBook', '-MBP', 'iMac', 'Mac-mini', 'Mac-Pro', 'Mac-Studio',
      '-iPhone', '-iPad', 's Mac mini', 'gb-', 'vcpu-', ' login:', ':~$', ':~#', ':~/', ':~ ', ' % ', '~ $', '~> ', ' ~/', ':/$', ':/#', ':/_', ':/.',
      // A prompt's path after `host:` (URLs have `://`, never a letter after `:/`).
      ...[...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((letter) => `:/${letter}`),
      ']$ ', ']# ', ':5432', ':6379', ':3306', ':27017', ':9200', ':5672', ':11211', ':2379', ':8500', ':9092', ':1433', ':5984'],
    pattern: new RegExp([
      String.raw`(?<![\w.-])(?<value>(?:DESKTOP|LAPTOP)-[A-Z0-9]{7,8}|WIN-[A-Z0-9]{11}|ip-\d{1,3}-\d{1,3}-\d{1,3}-\d{1,3}|[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*-(?:virtual-machine|VirtualBox|ThinkPad[\w-]*|MacBook[\w-]*|MBP|iMac[\w-]*|Mac-(?:mini|Pro|Studio)[\w-]*|iPhone[\w-]*|iPad[\w-]*)|[a-z0-9]+(?:-[a-z0-9]+)*-\d+gb-[a-z]{3}\d-\d+|[a-z0-9-]+-s-\d+vcpu-\d+gb-[a-z]{3}\d-\d+)(?![\w-])`,
      // A device's own name, an owner's first name in it: `Tanya’s MacBook Pro`.
      String.raw`(?<![\w.-])(?<value>(?!Apple)[A-Z][a-z]{1,20}['\x80]s (?:MacBook(?: Pro| Air)?|iMac|Mac mini|Mac Pro|Mac Studio|iPhone|iPad))(?![\w-])`,
      // A prompt: `user@host` before `:~`, `:/path`, then the prompt character; or before a blank, a folder and `%`, `$`, `#` or `>`.
      // Not after a backslash: `\nme@box:~$` of a JSON string is `me`, which the decoded view reads.
      String.raw`(?<![\w.\\-])(?<value>[a-z_][a-z0-9_.-]{0,31}@[A-Za-z0-9][A-Za-z0-9-]{1,62})(?=:~|:\/[^\s]{0,200}?[$#%>](?:[ \t]|$)|[ \t]+(?:~|\/|[\w.-]+)[^\s]{0,200}?[ \t]?[%$#>](?:[ \t]|$))`,
      String.raw`\[[a-z_][\w-]{0,31}@(?<value>[A-Za-z0-9][\w-]{1,62})[ \t][^\]\n]{0,80}\][$#]`,
      String.raw`(?:^|\n|\\n)(?<value>[A-Za-z0-9][\w-]{1,62}) login:`,
      String.raw`(?<![\w.-])(?<value>[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*-[A-Za-z0-9]*\d[A-Za-z0-9]*)(?=:(?:5432|6379|3306|27017|9200|5672|11211|2379|8500|9092|1433|5984)\b)`,
    ].join('|'), 'g'),
    // A prompt's `user@host` names someone unless both are defaults (`root@localhost`, `me@ubuntu`).
    accept: (value) => {
      const [user, host] = value.includes('@') ? value.split('@') as [string, string] : ['', value];
      return !GENERIC_HOST.test(host) || (user !== '' && !GENERIC_ACCOUNT.test(user) && !SYSTEM_ACCOUNT.test(user) && user !== 'me');
    },
    truePositives: [j('DESKTOP-', '7QK2ABC'), j('alice@', 'hockey-rig', ':~$ ls'), j('\n', 'hockeyinjune-virtual-machine', ' login: '), j('ip-10', '-1-2-3.ec2.internal'),
      j('ubuntu-8gb', '-hel1-1'), j('connect to db-prod', '-3:5432 failed'), j('alice@', 'gpu-box-7', ':/srv/app$ ls'), j('alice@', 'ledger-dev', ' ledger % ls'),
      j('Tanyas-', 'MacBook-Pro'), j('Tanya’s ', 'MacBook Pro')],
    falsePositives: ['root@localhost:~# ls', 'user@host:~$', 'me@ubuntu:~$ ls', 'redis:6379', 'docs@example.com:/x', 'PATH=/usr/bin:/bin', 'Apple’s MacBook Pro',
      'scp build.tar root@localhost:/tmp', 'the MacBook Pro'],
  },
  {
    id: 'internal-host', description: 'internal host name (.internal, .local, .corp, .lan, .intra, .private, .home.arpa)',
    keywords: ['.internal', '.local', '.corp', '.lan', '.intra', '.private', '.home.arpa'], keywordsIgnoreCase: true,
    pattern: /[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*\.(?:internal|localdomain|local|corp|lan|intra|private|home\.arpa)(?![a-z0-9-])/gi,
    accept: (_value, { text, start, end }) => !/[.\\\w-]/.test(text[start - 1] ?? ' ') && !/[\w-]/.test(text[end] ?? ' ')
      && !(text[start - 1] === '/' && text[start - 2] !== '/') // a path segment, not a URL's host
      && !(text[end] === '.' && /\w/.test(text[end + 1] ?? ' ')),
    truePositives: [j('gpu-box-3', '.corp'), j('https://vault', '.prod.internal:8200')], falsePositives: ['localhost', '.env.local', 'src/app.local.ts'],
  },
  {
    id: 'ssh-target', description: 'user@host target of ssh, scp, rsync or sftp',
    keywords: ['ssh', 'scp ', 'rsync ', 'sftp ', 'mosh '], keywordsIgnoreCase: true,
    pattern: /(?:ssh|scp|rsync|sftp|mosh)\b[^\n]*?(?<![\w.-])([a-z_][a-z0-9_.-]*@[a-z0-9][a-z0-9.-]*[a-z0-9])/gi,
    // A generic account on this machine (`root@localhost`, `git@127.0.0.1`) names no one and nowhere.
    accept: (value) => !PUBLIC_GIT_HOST.test(value) && !/@(?:localhost|127\.0\.0\.1|0\.0\.0\.0)$/i.test(value),
    truePositives: [j('ssh deploy', '@build7'), j('rsync -av dist/ www', '@10.0.0.9:/srv')], falsePositives: ['ssh -V', 'git clone git@github.com:o/r', 'ssh -p 2222 root@localhost'],
  },
];

/** The privacy table, in priority order: addresses and hosts, accounts, personal numbers. */
export const PRIVACY_RULES: readonly Rule[] = [...NETWORK_RULES, ...ACCOUNT_RULES, ...NUMBER_RULES];

// Rules for personal and infrastructure data: e-mail, IP addresses, internal hosts, ssh targets, home paths.
import { isNetworkAddress, isReportableIpv4, isReportableIpv6 } from './rule-checks.ts';
import { j, type Rule } from './rule.ts';

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

/** Domains reserved for documentation and tests (RFC 2606, RFC 6761): no one's address. */
const DOCUMENTATION_DOMAIN = /@(?:[a-z0-9-]+\.)*(?:example\.(?:com|org|net|edu)|[a-z0-9-]+\.(?:example|test|invalid|localhost))$/i;

/** `user:password@host` of a URL is no address: url-credentials judges the password. */
function isUrlUserInfo(text: string, start: number): boolean {
  return /:\/\/[^\s/@"'<>]*:$/.test(text.slice(Math.max(0, start - 256), start));
}

/** Accounts that name no person: generic, pseudonymized, CI and cloud defaults. */
const GENERIC_ACCOUNT = /^(?:user|users|username|USER|USERNAME|me|you|your-?name|yourname|name|someone|somebody|example|exampleuser|runner|runner-cache|shared|Shared|Guest|guest|root|admin|ubuntu|debian|ec2-user|centos|fedora|vagrant|node|app|dev|developer|jenkins|circleci|travis|gitlab-runner|buildkite-agent|codespace|vscode|sandbox|agent|openhands|swe-agent|\$\{?USER\}?|\$HOME|<user(?:name)?>|\{user(?:name)?\}|x+|X+)$/;

/** Names machines get by default, not their owners: localhost, a distribution's, a container's. */
const GENERIC_HOST = /^(?:localhost|host|hostname|ubuntu|debian|fedora|centos|alpine|raspberrypi|kali|server|machine|box|sandbox|container|runner|workspace|devcontainer|codespaces-\w+|[0-9a-f]{12})$/i;

/** Accounts of the system and its services: `ls -l` shows them everywhere. */
const SYSTEM_ACCOUNT = /^(?:nobody|nogroup|wheel|staff|daemon|bin|sys|adm|docker|www-data|nginx|postgres|mysql|redis|systemd-[\w-]+|_\w+|syslog|messagebus|sshd|users|sudo|admin|\d+)$/;

/** The account part of a home path: `/home/alice/x` -> alice, `-home-alice-src` -> alice, `__home__alice__x` -> alice. */
function userOfHomePath(value: string): string {
  const flat = /^(?:-home-|-Users-|__home__|__Users__)(.*)$/.exec(value);
  if (flat) return (flat[1] ?? '').split(/__|-/)[0] ?? '';
  return value.split(/[\\/]+/).filter(Boolean).at(-1) ?? '';
}

export const PRIVACY_RULES: readonly Rule[] = [
  {
    id: 'email', description: 'e-mail address (example.* domains are documentation and kept)',
    pattern: /@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])/g, extendLeft: /[A-Za-z0-9._%+-]/, lead: '@',
    // `\n@app.route(` of an escaped log is a decorator after a line break, not `n@app.route`.
    accept: (value, { text, start }) => !value.startsWith('@') && !PUBLIC_GIT_HOST.test(value) && !isFileName(value) && !/^[._+-]|\.\./.test(value)
      && !DOCUMENTATION_DOMAIN.test(value) && !isUrlUserInfo(text, start) && text[start - 1] !== '\\',
    truePositives: [j('alice.smith', '@', 'acme-corp.io'), j('"client_email": "bot@proj-1', '.iam.gserviceaccount.com"')],
    falsePositives: ['docs@example.com', 'v1.2@3', 'icon@2x.png', 'git@github.com:o/r.git', 'npm i astro@7.3.4', 'return x\\n\\n@app.route("/status")',
      "grep -E 'https?://[^[:space:]]+@github.com'"],
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
      // A four-part version (`pyerfa 2.0.0.1`): a small first part and two zero parts.
      if (/^\d\.(?:0\.0\.\d+|0\.\d+\.0|\d+\.0\.0)$/.test(value)) return false;
      return isReportableIpv4(value);
    },
    truePositives: [j('10.20', '.30.40'), j('host 34.117', '.9.201.'), j('10.1', '.2.3/32')], falsePositives: ['127.0.0.1', '192.0.2.10', '1.2.3.4.5', 'v1.2.3.45b', '10.0.0.0/8', '172.16.0.0/12', 'pyerfa 2.0.0.1'],
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
    id: 'host-name', description: "a machine's own name: shell and login prompts (user@host:~$, host login:), OS and cloud default names (DESKTOP-XXXXXXX, ip-10-1-2-3, name-virtual-machine, ubuntu-8gb-hel1-1), a private service's host:port",
    keywords: ['DESKTOP-', 'LAPTOP-', 'WIN-', 'ip-', '-virtual-machine', '-VirtualBox', '-ThinkPad', '-MacBook', '-MBP', 'gb-', 'vcpu-', ' login:', ':~$', ':~#',
      ':~/', ':~ ', ']$ ', ']# ', ':5432', ':6379',
      ':3306', ':27017', ':9200', ':5672', ':11211', ':2379', ':8500', ':9092', ':1433', ':5984'],
    pattern: new RegExp([
      String.raw`(?<![\w.-])(?<value>(?:DESKTOP|LAPTOP)-[A-Z0-9]{7,8}|WIN-[A-Z0-9]{11}|ip-\d{1,3}-\d{1,3}-\d{1,3}-\d{1,3}|[a-z][a-z0-9]*(?:-[a-z0-9]+)*-(?:virtual-machine|VirtualBox|ThinkPad[\w-]*|MacBook[\w-]*|MBP|iMac)|[a-z0-9]+(?:-[a-z0-9]+)*-\d+gb-[a-z]{3}\d-\d+|[a-z0-9-]+-s-\d+vcpu-\d+gb-[a-z]{3}\d-\d+)(?![\w-])`,
      String.raw`(?<![\w.-])(?<value>[a-z_][a-z0-9_-]{0,31}@[A-Za-z0-9][A-Za-z0-9-]{1,62})(?=:~)`,
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
      j('ubuntu-8gb', '-hel1-1'), j('connect to db-prod', '-3:5432 failed')],
    falsePositives: ['root@localhost:~# ls', 'user@host:~$', 'me@ubuntu:~$ ls', 'redis:6379', 'docs@example.com:/x'],
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
  {
    id: 'ls-owner', description: 'the owner and group columns of ls -l output (a personal account name; root, nobody and service accounts are kept)',
    keywords: ['rwx', 'rw-', 'r-x', 'r--'],
    pattern: /(?<![\w-])[-dlcbps][-rwxsStT]{9}[.@+]?[ \t]+\d+[ \t]+(?<value>[A-Za-z_][\w.-]{0,31}[ \t]+[A-Za-z_][\w.-]{0,31})[ \t]+\d/g,
    accept: (value) => value.split(/[ \t]+/).some((name) => !GENERIC_ACCOUNT.test(name) && !SYSTEM_ACCOUNT.test(name)),
    truePositives: [j('drwxrwxr-x 13 ', 'marco marco', '  4096 Feb 10 22:55 .')],
    falsePositives: ['-rw-r--r-- 1 root root 220 Jan 1 .bashrc', 'drwxr-xr-x 2 runner docker 4096 x', '-rw-r--r-- 1 ubuntu ubuntu 807 x'],
  },
  {
    id: 'login-name', description: 'an account name typed at a login: prompt, or named in a sentence (a user named x, username x)',
    keywords: ['login:', 'user named', 'user called', 'username '], keywordsIgnoreCase: true,
    pattern: /(?:(?:^|\n|\\n)(?:[\w.-]+ )?login:|\buser(?:name)?\s+(?:named|called)|\busername)[ \t]+(?<value>[a-z_][\w.-]{1,31})(?![\w@-])/gi,
    accept: (value, { match }) => !GENERIC_ACCOUNT.test(value) && !SYSTEM_ACCOUNT.test(value) && !/\blast\s+login:/i.test(match[0])
      && !/^(?:is|was|and|or|the|for|to|in|of|with|incorrect|failed|field|must|should|parameter|argument)$/i.test(value),
    truePositives: [j('\nhockey-rig login: ', 'csaw'), j('a user named ', 'csaw', ' is trying to log in')],
    falsePositives: ['login: root', 'username is required', 'Last login: Mon'],
  },
  {
    id: 'home-path-tilde', description: "a user's home named the shell's way: ~alice/src",
    pattern: /~[a-z_][a-z0-9_.-]{1,31}(?=\/)/g, lead: '~',
    accept: (value, { text, start }) => !/[\w~/.-]/.test(text[start - 1] ?? ' ') && !GENERIC_ACCOUNT.test(value.slice(1)),
    truePositives: [j('ls ~', 'zhartmann', '/src/ledger')], falsePositives: ['cd ~/src', 'ls ~root/x', 'a~b/c'],
  },
  {
    id: 'home-path', description: 'home-directory path naming a user (/home/<user>, /Users/<user>, C:\\Users\\<user>), also flattened (-home-<user>-, __home__<user>)',
    keywords: ['/home/', '/Users/', 'Users\\', '-home-', '__home__', '-Users-', '__Users__'],
    pattern: /(?:\/home\/|\/Users\/|(?<![\w-])-home-|(?<![\w-])-Users-|__home__|__Users__)[A-Za-z0-9._-]+|[A-Za-z]:\\{1,2}Users\\{1,2}[A-Za-z0-9._-]+/g,
    // A generic or pseudonymized account (`/home/USER`, `/home/runner`, `/Users/Shared`) names no one;
    // a flattened path (`-home-alice-src`, `__home__alice__x`) keeps only the user's part.
    accept: (value) => !GENERIC_ACCOUNT.test(userOfHomePath(value)),
    group: 0,
    truePositives: [j('/home/', 'alice/.ssh'), '/Users/bob/x', j('C:\\\\Users\\\\', 'carol\\\\AppData'), j('~/.claude/projects/-home-', 'alice-src-app/'),
      j('"eval_output_dir": "evaluation__home__', 'dave__outputs"')],
    falsePositives: ['/usr/home', '/srv/www', '/rootfs/x', '/home/USER/project', '/home/user/x', '/root/.bashrc', '/home/runner/work', '/Users/Shared/x'],
  },
];

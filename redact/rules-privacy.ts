// Rules for personal and infrastructure data: e-mail, IP addresses, internal hosts, ssh targets, home paths.
import { isReportableIpv4, isReportableIpv6 } from './rule-checks.ts';
import { j, type Rule } from './rule.ts';

/** Public code hosts' ssh users (`git@github.com`) name no person. */
const PUBLIC_GIT_HOST = /^git@(?:github\.com|gitlab\.com|bitbucket\.org|ssh\.dev\.azure\.com)$/i;
/** `icon@2x.png` and `pkg@1.2.3` are file names and versions, not addresses. */
const FILE_TLD = /\.(?:png|jpe?g|gif|svg|webp|avif|ico|js|mjs|cjs|ts|tsx|jsx|css|json|md|html?|txt|lock|ya?ml|map|wasm|py|rs|go)$/i;

export const PRIVACY_RULES: readonly Rule[] = [
  {
    id: 'email', description: 'e-mail address (example.* domains are documentation and kept)',
    pattern: /@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])/g, extendLeft: /[A-Za-z0-9._%+-]/, lead: '@',
    accept: (value) => !value.startsWith('@') && !PUBLIC_GIT_HOST.test(value) && !FILE_TLD.test(value) && !/^[._-]|\.\./.test(value),
    truePositives: [j('alice.smith', '@', 'acme-corp.io'), j('"client_email": "bot@proj-1', '.iam.gserviceaccount.com"')],
    falsePositives: ['docs@example.com', 'v1.2@3', 'icon@2x.png', 'git@github.com:o/r.git', 'npm i astro@7.3.4'],
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
      return isReportableIpv4(value);
    },
    truePositives: [j('10.20', '.30.40'), j('host 34.117', '.9.201.')], falsePositives: ['127.0.0.1', '192.0.2.10', '1.2.3.4.5', 'v1.2.3.45b'],
  },
  {
    id: 'ipv6', description: 'IPv6 address (loopback and the documentation range 2001:db8::/32 are kept)',
    pattern: /:[0-9A-Fa-f]{0,4}:(?:[0-9A-Fa-f:.]*[0-9A-Fa-f:])?(?:%[\w]+)?/g, extendLeft: /[0-9A-Fa-f:]/,
    accept: (value, { text, start, end }) => !/[\w:.]/.test(text[start - 1] ?? ' ') && !/[\w:]/.test(text[end] ?? ' ')
      && !(text[end] === '.' && /\w/.test(text[end + 1] ?? ' ')) && isReportableIpv6(value),
    truePositives: [j('fd12:3456:789a', ':1::42'), j('2606:4700:', '4700::1111'), 'fe80::1%eth0'],
    falsePositives: ['2001:db8::1', '12:30:45', '::1', 'std::vector', 'a::b'],
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
    accept: (value) => !PUBLIC_GIT_HOST.test(value),
    truePositives: [j('ssh deploy', '@build7'), j('rsync -av dist/ www', '@10.0.0.9:/srv')], falsePositives: ['ssh -V', 'git clone git@github.com:o/r'],
  },
  {
    id: 'home-path', description: 'home-directory path naming a user (/home/<user>, /Users/<user>, C:\\Users\\<user>, /root)',
    keywords: ['/home/', '/Users/', '/root', 'Users\\'],
    pattern: /(?:\/home\/|\/Users\/)[A-Za-z0-9._-]+|(?<![\w/])\/root(?![\w.-])|[A-Za-z]:\\{1,2}Users\\{1,2}[A-Za-z0-9._-]+/g,
    accept: (value) => !/^\/(?:home|Users)\/(?:shared|Shared|runner-cache)$/.test(value),
    truePositives: [j('/home/', 'alice/.ssh'), '/Users/bob/x', '/root/.bashrc', j('C:\\\\Users\\\\', 'carol\\\\AppData')],
    falsePositives: ['/usr/home', '/srv/www', '/rootfs/x'],
  },
];

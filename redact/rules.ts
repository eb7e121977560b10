// The rule table as data: one entry per kind, with true- and false-positive examples the tests run.
// Examples are assembled from parts at run time so this file holds no key-shaped literal.

export interface Rule {
  id: string;
  description: string;
  pattern: RegExp;
  /** Index of the capture group holding the secret; 0 (the whole match) when absent. */
  group?: number;
  /** Return false to let a match through (documentation addresses, loopback...). */
  accept?: (value: string) => boolean;
  truePositives: string[];
  falsePositives: string[];
}

const j = (...parts: string[]) => parts.join('');
const alnum = 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0u1V2w3X4y5Z6';

function isPublicIpv4(value: string): boolean {
  const octets = value.split('.').map(Number);
  if (octets.some((octet) => octet > 255)) return false;
  const [a, b, c] = octets as [number, number, number, number];
  if (a === 127 || a === 0 || value === '255.255.255.255') return false; // loopback, unspecified
  if ((a === 192 && b === 0 && c === 2) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) {
    return false; // documentation ranges (RFC 5737)
  }
  return true;
}

function looksSecret(value: string): boolean {
  return /\d/.test(value) && /[A-Za-z]/.test(value) && !/^\d+(\.\d+)*$/.test(value) && !value.startsWith('[REDACTED');
}

export const RULES: readonly Rule[] = [
  {
    id: 'private-key',
    description: 'PEM, OpenSSH or PGP private key block, also with JSON-escaped newlines',
    pattern: /-----BEGIN ([A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?)-----[\s\S]*?-----END \1-----/g,
    truePositives: [j('-----BEGIN RSA PRIVATE', ' KEY-----\\nMIIEow', alnum, '\\n-----END RSA PRIVATE KEY-----')],
    falsePositives: ['-----BEGIN PUBLIC KEY-----'],
  },
  {
    id: 'aws-access-key-id', description: 'AWS access key id',
    pattern: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[A-Z0-9]{16}\b/g,
    truePositives: [j('AKIA', 'Z7Q4R2T8W3K5M9P1')], falsePositives: ['AKIAS'],
  },
  {
    id: 'github-token', description: 'GitHub token of any kind',
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g,
    truePositives: [j('gh', 'p_', alnum.slice(0, 36))], falsePositives: ['ghp_short'],
  },
  {
    id: 'gitlab-token', description: 'GitLab personal access token',
    pattern: /\bglpat-[A-Za-z0-9_-]{20,}\b/g,
    truePositives: [j('glpat', '-', alnum.slice(0, 20))], falsePositives: ['glpat-'],
  },
  {
    id: 'slack-token', description: 'Slack token or webhook',
    pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b|https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/]+/g,
    truePositives: [j('xo', 'xb-', '123456789012-', alnum.slice(0, 24))], falsePositives: ['xoxo'],
  },
  {
    id: 'llm-api-key', description: 'OpenAI, Anthropic, OpenRouter or other sk- style key',
    pattern: /\bsk-(?:ant-|proj-|or-v1-)?[A-Za-z0-9_-]{20,}\b/g,
    truePositives: [j('s', 'k-proj-', alnum.slice(0, 40))], falsePositives: ['sk-learn', 'task-runner-configuration-x'],
  },
  {
    id: 'stripe-key', description: 'Stripe secret or restricted key',
    pattern: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}\b/g,
    truePositives: [j('sk', '_live_', alnum.slice(0, 24))], falsePositives: ['sk_live_'],
  },
  {
    id: 'google-api-key', description: 'Google API key',
    pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g,
    truePositives: [j('AI', 'za', alnum.slice(0, 35))], falsePositives: ['AIzaShort'],
  },
  {
    id: 'huggingface-token', description: 'Hugging Face token',
    pattern: /\bhf_[A-Za-z0-9]{30,}\b/g,
    truePositives: [j('h', 'f_', alnum.slice(0, 34))], falsePositives: ['hf_hub'],
  },
  {
    id: 'npm-token', description: 'npm access token',
    pattern: /\bnpm_[A-Za-z0-9]{36}\b/g,
    truePositives: [j('np', 'm_', alnum.slice(0, 36))], falsePositives: ['npm_config_cache'],
  },
  {
    id: 'jwt', description: 'JSON Web Token',
    pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
    truePositives: [j('ey', 'JhbGciOiJIUzI1NiJ9.', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0.', alnum.slice(0, 20))],
    falsePositives: ['eyJ.eyJ.x'],
  },
  {
    id: 'url-credentials', description: 'user:password inside a URL or connection string',
    pattern: /\b[a-z][a-z0-9+.-]*:\/\/([^\s:/@"'<>]+:[^\s@/"'<>]+)@/gi, group: 1,
    truePositives: [j('postgres://app:', 'Pa55w0rd', '@db:5432/x')], falsePositives: ['https://example.com/a@b'],
  },
  {
    id: 'auth-header', description: 'Authorization or Cookie header value',
    pattern: /\b(?:authorization|proxy-authorization|cookie|set-cookie|x-api-key)\s*:\s*((?:bearer|basic|token)\s+)?([^\s"'<>]{6,})/gi,
    group: 2,
    truePositives: [j('Authorization: Bearer ', alnum.slice(0, 30))], falsePositives: ['authorization: none'],
  },
  {
    id: 'secret-assignment', description: 'a secret-looking value assigned to a secret-looking name (.env, YAML, JSON)',
    pattern:
      /\b[A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential|auth[_-]?key)[A-Za-z0-9_.-]*["']?\s*[:=]\s*["']?([A-Za-z0-9_\-+/=.~!@#$%^&*]{8,})/gi,
    group: 1, accept: looksSecret,
    truePositives: [j('DB_PASS', 'WORD=hunter2', 'correct9horse')], falsePositives: ['token = getToken()', 'PASSWORD_MIN_LENGTH=12345678'],
  },
  {
    id: 'email', description: 'e-mail address (example.* domains are kept)',
    pattern: /\b[A-Za-z0-9._%+-]+@(?!example\.(?:com|org|net)\b)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g,
    truePositives: [j('alice.smith', '@', 'acme-corp.io')], falsePositives: ['docs@example.com', 'v1.2@3'],
  },
  {
    id: 'ipv4', description: 'IPv4 address other than loopback, unspecified and documentation ranges',
    pattern: /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])/g, accept: isPublicIpv4,
    truePositives: [j('10.20', '.30.40'), j('34.117', '.9.201')], falsePositives: ['127.0.0.1', '192.0.2.10', '1.2.3.4.5'],
  },
  {
    id: 'ipv6', description: 'IPv6 address other than loopback and documentation range',
    pattern: /(?<![\w:])(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}(?![\w:])|(?<![\w:])(?:[0-9a-f]{1,4}:){1,6}:[0-9a-f]{1,4}(?![\w:])/gi,
    accept: (value) => /\d/.test(value) && !/^2001:db8:/i.test(value),
    truePositives: [j('fd12:3456:789a', ':1::42')], falsePositives: ['2001:db8::1', '12:30:45'],
  },
  {
    id: 'internal-host', description: 'internal host name (.internal, .local, .corp, .lan, .intra, .home.arpa)',
    pattern: /\b[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*\.(?:internal|local|corp|lan|intra|home\.arpa)\b/gi,
    truePositives: [j('gpu-box-3', '.corp'), j('vault', '.prod.internal')], falsePositives: ['localhost', 'local'],
  },
  {
    id: 'ssh-target', description: 'user@host target of ssh, scp or rsync',
    pattern: /\b(?:ssh|scp|rsync|sftp)\b[^\n]*?\b([a-z_][a-z0-9_-]*@[a-z0-9][a-z0-9.-]*)/gi, group: 1,
    truePositives: [j('ssh deploy', '@build7')], falsePositives: ['ssh -V'],
  },
  {
    id: 'home-path', description: 'home-directory path naming a user',
    pattern: /(?:\/home\/|\/Users\/)[A-Za-z0-9._-]+|(?<![\w/])\/root(?=\/|\b)/g,
    truePositives: [j('/home/', 'alice/.ssh'), '/Users/bob/x', '/root/.bashrc'], falsePositives: ['/usr/home', '/srv/www'],
  },
];

/** Prefix of a private-key block without its end marker: the redactor cannot know where it stops. */
export const UNTERMINATED_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/;

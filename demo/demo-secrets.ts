// Fake secrets the demo plants where a real loop leaks them. Built from parts so no literal sits in git.
import type { Random } from './demo-random.ts';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const USERS = ['mkowalski', 'jdoe', 'asha.r', 'tnguyen', 'lfischer'];

export interface PlantedSecret {
  kind: string;
  /** The exact text that must never appear in published output. */
  value: string;
}

/** One fake secret of each kind, as the line a leaky tool would print. */
export function makeSecrets(random: Random): { planted: PlantedSecret[]; lines: string[] } {
  const user = random.pick(USERS);
  const values = {
    aws: ['AK', 'IA', random.chars(UPPER, 16)].join(''),
    github: ['gh', 'p_', random.chars(ALNUM, 36)].join(''),
    openai: ['s', 'k-proj-', random.chars(ALNUM, 48)].join(''),
    anthropic: ['s', 'k-ant-api03-', random.chars(ALNUM, 40)].join(''),
    slack: ['xo', 'xb-', random.chars('0123456789', 12), '-', random.chars(ALNUM, 24)].join(''),
    stripe: ['sk', '_live_', random.chars(ALNUM, 28)].join(''),
    hf: ['h', 'f_', random.chars(ALNUM, 34)].join(''),
    dbPassword: `${random.chars(ALNUM, 10)}9x${random.chars(ALNUM, 6)}`,
    urlPassword: `${random.chars(ALNUM, 12)}7q`,
    email: `${user.replace('.', '')}@${random.pick(['acme-robotics.io', 'corp-mail.net', 'labs.sanctum.dev'])}`,
    ip: `10.${random.int(1, 254)}.${random.int(1, 254)}.${random.int(2, 254)}`,
    ip2: `192.168.${random.int(1, 254)}.${random.int(2, 254)}`,
    host: `gpu-node-${random.int(2, 99)}.${random.pick(['corp', 'internal', 'lan'])}`,
    home: `/home/${user}`,
    jwtBody: random.chars(ALNUM, 32),
    keyBody: Array.from({ length: 6 }, () => random.chars(`${ALNUM}+/`, 64)),
  };
  const jwt = ['ey', 'JhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', '.ey', 'Jz', values.jwtBody, '.', random.chars(ALNUM, 43)].join('');
  const pem = ['-----BEGIN OPENSSH PRIVATE', ' KEY-----', ...values.keyBody, '-----END OPENSSH PRIVATE', ' KEY-----'];
  const pemBlock = [pem[0]! + pem[1]!, ...values.keyBody, pem[pem.length - 2]! + pem[pem.length - 1]!].join('\n');
  const planted: PlantedSecret[] = [
    { kind: 'aws-access-key-id', value: values.aws },
    { kind: 'github-token', value: values.github },
    { kind: 'openai-key', value: values.openai },
    { kind: 'anthropic-key', value: values.anthropic },
    { kind: 'slack-token', value: values.slack },
    { kind: 'stripe-key', value: values.stripe },
    { kind: 'huggingface-token', value: values.hf },
    { kind: 'env-password', value: values.dbPassword },
    { kind: 'url-password', value: values.urlPassword },
    { kind: 'email', value: values.email },
    { kind: 'private-ip', value: values.ip },
    { kind: 'private-ip', value: values.ip2 },
    { kind: 'internal-host', value: values.host },
    { kind: 'home-path', value: values.home },
    { kind: 'jwt', value: jwt },
    { kind: 'private-key', value: values.keyBody[2]! },
  ];
  const lines = [
    `export AWS_ACCESS_KEY_ID=${values.aws}`,
    `git remote set-url origin https://x-access-token:${values.github}@github.com/acme/ledger-ts.git`,
    `OPENAI_API_KEY=${values.openai}`,
    `anthropic client init: key=${values.anthropic}`,
    `posting summary to slack with token ${values.slack}`,
    `STRIPE_SECRET_KEY="${values.stripe}"`,
    `huggingface-cli login --token ${values.hf}`,
    `DB_PASSWORD=${values.dbPassword}`,
    `DATABASE_URL=postgres://ledger:${values.urlPassword}@${values.ip}:5432/ledger`,
    `notify ${values.email} when the run finishes`,
    `ssh runner@${values.host} 'nvidia-smi' # gateway ${values.ip2}`,
    `reading config from ${values.home}/.config/ledger/settings.json`,
    `Authorization: Bearer ${jwt}`,
    pemBlock,
  ];
  return { planted, lines };
}

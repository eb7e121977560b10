// Rules for credentials: cloud, code hosts, registries, LLM providers, messaging, payments, keys, tokens.
import { isPatterned } from './patterned-values.ts';
import { readsAsWords } from './reads-as-words.ts';
import { isCardNumber, isTokenChar } from './rule-checks.ts';
import { fill, j, type MatchContext, type Rule } from './rule.ts';

const HEX = '0123456789abcdef';
const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/**
 * The match is not the middle of a longer word: no letter or digit touches it. A `-` or `_` may
 * (`deploy-ghp_…`, `ghp_…-backup`): a token glued into a name is still the token. Nor is its body
 * words: a vendor's bodies are random.
 */
const standsAlone = (value: string, context: MatchContext) => alone(context) && isRandomBody(value);
/** A body a vendor could have issued, not words (`requiredCharacteristicTypesForDisplayMetadata`). */
const isRandomBody = (value: string) => !readsAsWords(value.replace(/^[a-z]{2,4}_/, ''));
const alone = ({ text, start, end }: MatchContext) => !isAlphanumeric(text[start - 1]) && !isAlphanumeric(text[end]);
const isAlphanumeric = (char: string | undefined) => char !== undefined && /[A-Za-z0-9]/.test(char);

export const SECRET_RULES: readonly Rule[] = [
  {
    id: 'private-key',
    description: 'PEM, OpenSSH or PGP private key block, also with JSON-escaped newlines',
    keywords: ['-----BEGIN '], multiline: true, group: 0,
    pattern: /-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----(?:[\s\S]{0,65536}?-----END \1-----)?/g,
    unsure: (match) => (match[0].includes('-----END ') ? undefined : 'a private key block without its end marker'),
    // A block whose body is a placeholder (`***`, `xxx`, `...`, a short example) holds no key: the
    // smallest real body (an Ed25519 key in PKCS #8) is 64 base64 characters.
    accept: (value) => !value.includes('-----END ') || value.replace(/^-----BEGIN [^-]+-----|-----END [^-]+-----$/g, '')
      .replace(/\\[nr]|\s|[A-Za-z-]+:[^\n]*\n/g, '').replace(/[^A-Za-z0-9+/=]/g, '').length >= 60,
    truePositives: [
      j('-----BEGIN RSA PRIVATE', ' KEY-----\nMIIEow', fill(120), '\n-----END RSA PRIVATE KEY-----'),
      j('"-----BEGIN OPENSSH PRIVATE', ' KEY-----\\nb3BlbnNzaC', fill(120), '\\n-----END OPENSSH PRIVATE KEY-----\\n"'),
      j('-----BEGIN PGP PRIVATE', ' KEY BLOCK-----\n\nlQOYBF', fill(120), '\n-----END PGP PRIVATE KEY BLOCK-----'),
    ],
    falsePositives: ['-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----', '-----BEGIN CERTIFICATE-----'],
  },
  {
    id: 'aws-access-key-id', description: 'AWS access key id (long-term, temporary, STS bearer ABIA, context-specific ACCA)',
    keywords: ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'AGPA', 'AIDA', 'AROA', 'AIPA', 'ANPA', 'ANVA', 'A3T'],
    pattern: /(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|A3T[A-Z0-9])[A-Z0-9]{16}/g, accept: standsAlone,
    truePositives: [j('AK', 'IAZ7Q4R2T8W3K5M9P1'), j('aws_access_key_id = AS', 'IAQ3N8V2L7D4K9X6B1'), j('AB', 'IAQ3N8V2L7D4K9X6B1'), j('AC', 'CAZ7Q4R2T8W3K5M9P1')],
    falsePositives: ['AKIASHORT', j('XAK', 'IAZ7Q4R2T8W3K5M9P1Q')],
  },
  {
    id: 'aws-secret-key', description: 'AWS secret access key next to its name',
    keywords: ['secret_access_key', 'secretaccesskey', 'secret-access-key', 'aws_secret', 'aws-secret'], keywordsIgnoreCase: true,
    pattern: /(?:aws[_-]?)?secret[_-]?(?:access[_-]?)?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    truePositives: [j('aws_secret_access_key = ', fill(38), '/+')],
    falsePositives: ['aws_secret_access_key = <paste it here>', 'AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}'],
  },
  {
    id: 'gcp-service-account', description: 'GCP service-account key id (its key block and e-mail are caught as such)',
    keywords: ['private_key_id'],
    pattern: /"private_key_id"\s*:\s*"([a-f0-9]{40})"/g,
    truePositives: [j('{"type": "service_account", "private_key_id": "', fill(40, HEX), '"}')],
    falsePositives: ['"private_key_id": ""'],
  },
  {
    id: 'google-api-key', description: 'Google API key',
    keywords: ['AIza'], pattern: /AIza[0-9A-Za-z_-]{35}/g, accept: (value, context) => standsAlone(value, context) && !isPatterned(value.slice(6)),
    // A body that walks the alphabet (`AIzaSyklmnop…0123456`) is a sample typed by hand (patterned-values.ts).
    truePositives: [j('AI', 'za', fill(35))], falsePositives: ['AIzaShort', j('AI', 'zaSy', 'klmnopqrstuvwxyzabcdefghij0123456')],
  },
  {
    id: 'google-oauth', description: 'Google OAuth client secret or access token',
    keywords: ['GOCSPX-', 'ya29.'],
    pattern: /GOCSPX-[A-Za-z0-9_-]{28}|ya29\.[0-9A-Za-z_-]{20,}/g,
    truePositives: [j('GOC', 'SPX-', fill(28)), j('ya', '29.', fill(60))], falsePositives: ['GOCSPX-', 'ya29.short'],
  },
  {
    id: 'azure-key', description: 'Azure storage or service-bus account key, SAS signature',
    keywords: ['accountkey', 'sharedaccesskey', 'sig='], keywordsIgnoreCase: true,
    pattern: /(?:AccountKey|SharedAccessKey)\s*=\s*([A-Za-z0-9+/]{20,}={0,2})|[?&]sig=([A-Za-z0-9%+/=]{30,})/gi,
    truePositives: [
      j('DefaultEndpointsProtocol=https;AccountName=x;Account', 'Key=', fill(86), '==;EndpointSuffix=core.windows.net'),
      j('https://x.blob.core.windows.net/c?sv=2022&s', 'ig=', fill(44), '%3D'),
    ],
    falsePositives: ['AccountKey=', 'AccountKey=<key>'],
  },
  {
    id: 'github-token', description: 'GitHub token of any kind (personal, OAuth, app, refresh, fine-grained)',
    keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
    pattern: /gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255}/g, accept: standsAlone,
    truePositives: [j('gh', 'p_', fill(36)), j('gh', 's_', fill(36)), j('github', '_pat_', fill(22), '_', fill(59))],
    falsePositives: ['ghp_short', 'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
  },
  {
    id: 'gitlab-token', description: 'GitLab personal, deploy, runner, trigger or OAuth token',
    keywords: ['glpat-', 'gldt-', 'glrt-', 'glptt-', 'gloas-', 'glcbt-', 'glft-', 'glimt-', 'glsoat-', 'GR1348941'],
    // No token is shorter than its kind's format: a trigger token is 40 characters, an OAuth secret 64 characters, an incoming-mail token 25.
    pattern: /gl(?:pat|dt|rt|cbt|ft|soat)-[A-Za-z0-9_-]{20,}|glptt-[A-Za-z0-9_-]{40,}|gloas-[A-Za-z0-9_-]{64,}|glimt-[A-Za-z0-9_-]{25,}|GR1348941[A-Za-z0-9_-]{20,}/g,
    truePositives: [j('glp', 'at-', fill(20)), j('GR1348', '941', fill(20)), j('glp', 'tt-', fill(40, HEX)), j('glo', 'as-', fill(64))],
    falsePositives: ['glpat-', 'glptt-my_trigger_name_2024'],
  },
  {
    id: 'token-cut-by-wrap', description: "a vendor's token cut at a line's end short of its length: a terminal wrapped its last letters onto the next line",
    // Each token's own rule wants its whole length; three quarters of that rule's least length or more, ending a
    // line whose next opens with a short word (its rest: `…Nc3V` + `d (expires`), is still the secret.
    keywords: ['glpat-', 'gldt-', 'glrt-', 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'npm_', 'dckr_pat_', 'sk-ant-', 'sk-proj-', 'xoxb-', 'xoxp-', 'AKIA', 'ASIA'], lines: 1,
    pattern: /(?:gl(?:pat|dt|rt)-[A-Za-z0-9_-]{15,19}|gh[pousr]_[A-Za-z0-9]{27,35}|npm_[A-Za-z0-9]{27,35}|dckr_pat_[A-Za-z0-9_-]{20,26}|sk-(?:ant|proj)-[A-Za-z0-9_-]{15,19}|xox[bp]-[A-Za-z0-9-]{8,9}|(?:AKIA|ASIA)[A-Z0-9]{12,15})(?=(?:\r?\n|\\[nr])[A-Za-z0-9_-]{1,8}(?![A-Za-z0-9_-]))/g,
    accept: standsAlone,
    truePositives: [j('remote: token glp', 'at-', fill(19), '\nd (expires soon)'), j('export GH=gh', 'p_', fill(33), '\nab'), j('"content": "key AK', 'IA', fill(14, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'), '\\nXY"')],
    falsePositives: ['glpat-\nx', j('ghp_', 'x'.repeat(30), '\nxxxxxx'), 'the prefix glpat-example_token_here\nis documented'],
  },
  {
    id: 'npm-token', description: 'npm access token',
    keywords: ['npm_'], pattern: /npm_[A-Za-z0-9]{36}/g, accept: standsAlone,
    truePositives: [j('//registry.npmjs.org/:_authToken=np', 'm_', fill(36))], falsePositives: ['npm_config_cache', 'npm_package_version'],
  },
  {
    id: 'pypi-token', description: 'PyPI upload token',
    keywords: ['pypi-'], pattern: /pypi-AgE[A-Za-z0-9_-]{50,}/g,
    truePositives: [j('pyp', 'i-AgEIcHlwaS5vcmc', fill(60))], falsePositives: ['pypi-simple', 'pypi-AgE'],
  },
  {
    id: 'dockerhub-token', description: 'Docker Hub personal or organisation access token',
    keywords: ['dckr_pat_', 'dckr_oat_'], pattern: /dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,}/g,
    truePositives: [j('dckr', '_pat_', fill(27))], falsePositives: ['dckr_pat_'],
  },
  {
    id: 'huggingface-token', description: 'Hugging Face user or organisation token',
    keywords: ['hf_', 'api_org_'], pattern: /hf_[A-Za-z0-9]{34,}|api_org_[A-Za-z0-9]{34,}/g,
    // Its random letters mix both cases: a body in one case is a name (`hf_uplinkpowercontrol…`).
    // A word repeated (`hf_FakeFakeFake…`) is no draw either (patterned-values.ts).
    accept: (value, context) => standsAlone(value, context) && /[a-z]/.test(value.slice(3)) && /[A-Z]/.test(value.slice(3)) && !isPatterned(value.slice(3)),
    truePositives: [j('h', 'f_', fill(34))],
    falsePositives: ['hf_hub_download', 'from hf_transfer import x', j('&hf_', 'uplinkpowercontrolparametersgroup_ul_mode'),
      j('- (void)hf_', 'updatePreferredCharacteristicValuesForBackgroundRefresh;'), j('hf_', 'Mock'.repeat(9))],
  },
  {
    id: 'anthropic-key', description: 'Anthropic API or admin key',
    keywords: ['sk-ant-'], pattern: /sk-ant-[A-Za-z0-9_-]{20,}/g, accept: (value) => isRandomBody(value.replace(/^sk-ant-(?:[a-z]+\d\d-)?/, '')),
    truePositives: [j('s', 'k-ant-api03-', fill(93))], falsePositives: ['sk-ant-', j('sk-ant-', 'api03-', 'NotARealKeyJustSomeWordsStandingInForTheDocs')],
  },
  {
    id: 'openrouter-key', description: 'OpenRouter API key',
    keywords: ['sk-or-'], pattern: /sk-or-(?:v1-)?[A-Za-z0-9]{20,}/g,
    truePositives: [j('s', 'k-or-v1-', fill(64, HEX))], falsePositives: ['sk-or-'],
  },
  {
    id: 'openai-key', description: 'OpenAI project, service-account, admin or legacy key',
    keywords: ['sk-proj-', 'sk-svcacct-', 'sk-admin-', 'T3BlbkFJ'],
    pattern: /sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}/g,
    truePositives: [j('s', 'k-proj-', fill(48)), j('s', 'k-', fill(20), 'T3Blbk', 'FJ', fill(20))], falsePositives: ['sk-proj-'],
  },
  {
    id: 'sk-key', description: 'any other sk- style API key (DeepSeek, Moonshot, local gateways...)',
    keywords: ['sk-'], pattern: /sk-[A-Za-z0-9_-]{20,}/g,
    // `sk-ant-` is Anthropic's prefix: anthropic-key judges those, and shorter than its 20 characters is none.
    accept: (value, context) => standsAlone(value, context) && /\d/.test(value) && /[A-Za-z]/.test(value.slice(3)) && !value.startsWith('sk-ant-'),
    truePositives: [j('s', 'k-', fill(32))],
    falsePositives: ['sk-learn', 'task-runner-configuration-x', 'disk-usage-report-2026-11-21-full', j('sk-ant-', 'api09-', 'demo2key')],
  },
  {
    id: 'slack-token', description: 'Slack bot, user, app or configuration token',
    keywords: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxo-', 'xoxs-', 'xoxr-', 'xoxe', 'xapp-'],
    pattern: /xox[abposre]-[A-Za-z0-9-]{10,}|xoxe\.xox[bp]-\d-[A-Za-z0-9-]{10,}|xapp-\d-[A-Za-z0-9-]{10,}/g,
    truePositives: [j('xo', 'xb-', '123456789012-', fill(24)), j('xa', 'pp-1-', fill(40)),
      j('xo', 'xe-', '4726837507825-4848681849303-4856614048758-', fill(32, HEX)), j('xo', 'xe.xoxp-1-', fill(164))],
    falsePositives: ['xoxo', 'xoxb-your-bot-token', 'xoxe-1-short'],
  },
  {
    id: 'slack-webhook', description: 'Slack incoming webhook or workflow URL',
    // Also without its scheme, as prose and logs often quote it (`post to hooks.slack.com/services/T…`).
    keywords: ['hooks.slack.com/'], pattern: /(?:https?:\/\/|(?<![\w./-]))hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{20,}/g,
    truePositives: [j('https://hooks.slack', '.com/services/T0', fill(8), '/B0', fill(8), '/', fill(24)), j('posting to hooks.slack', '.com/workflows/T0', fill(8), '/A0', fill(8), '/', fill(24))],
    falsePositives: ['https://hooks.slack.com/', 'see hooks.slack.com/services/ for the docs', 'https://docs.acme.net/hooks.slack.com/services/a-page-about-webhooks-in-general'],
  },
  {
    id: 'discord-token', description: 'Discord bot or user token',
    pattern: /[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}/g, accept: standsAlone,
    truePositives: [j('MT', 'A5', fill(22), '.', fill(6), '.', fill(38))], falsePositives: ['Mozilla.Firefox.Release'],
  },
  {
    id: 'discord-webhook', description: 'Discord webhook URL',
    keywords: ['discord.com/api/webhooks/', 'discordapp.com/api/webhooks/'],
    pattern: /https?:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d+\/[A-Za-z0-9_-]{30,}/g,
    truePositives: [j('https://discord', '.com/api/webhooks/123456789012345678/', fill(68))],
    falsePositives: ['https://discord.com/api/webhooks/'],
  },
  {
    id: 'webhook-url', description: 'a webhook URL whose secret is in its path: Microsoft Teams, Power Automate, Mattermost, Rocket.Chat, Zapier, IFTTT, Make, Netlify and Vercel build hooks, Feishu, Webex',
    keywords: ['webhookb2', 'outlook.office', 'logic.azure', '/hooks/', 'hooks.zapier', 'maker.ifttt', 'make.com/', 'netlify.com',
      '/integrations/deploy', 'open-apis', 'webexapis'],
    pattern: new RegExp([
      // Teams: .../webhookb2/<group>@<tenant>/IncomingWebhook/<32 hex>/<uuid> (the two last parts are the secret).
      String.raw`(?:webhook\.office\.com\/webhookb2|outlook\.office(?:365)?\.com\/webhook)\/[\w-]+@[\w-]+\/IncomingWebhook\/(?<value>[0-9a-f]{32}\/[0-9a-f-]{36}(?:\/[\w-]+)?)`,
      // Power Automate and Logic Apps: the sig of the trigger URL.
      String.raw`logic\.azure\.com(?::443)?\/workflows\/[0-9a-f]{32}\/triggers\/[^\s"'<>]{0,200}?[?&]sig=(?<value>[A-Za-z0-9_%-]{20,})`,
      // Mattermost: /hooks/<26 lowercase letters and digits>; Rocket.Chat: /hooks/<17 id>/<token>.
      String.raw`https?:\/\/[^\s/"'<>]+(?:\/[^\s/"'<>?#]+)*?\/hooks\/(?<value>[a-z0-9]{26}|[A-Za-z0-9]{17}\/[A-Za-z0-9]{20,})(?![A-Za-z0-9_-])`,
      String.raw`hooks\.zapier\.com\/hooks\/catch\/(?<value>\d+\/[a-z0-9]+)`,
      String.raw`maker\.ifttt\.com\/(?:trigger\/[\w-]+\/(?:json\/)?with\/key|use)\/(?<value>[A-Za-z0-9_-]{16,})`,
      String.raw`hook\.(?:[a-z0-9]+\.)?make\.com\/(?<value>[a-z0-9]{20,})`,
      String.raw`api\.netlify\.com\/build_hooks\/(?<value>[0-9a-f]{24})`,
      String.raw`api\.vercel\.com\/v1\/integrations\/deploy\/[\w-]+\/(?<value>[A-Za-z0-9]{8,})`,
      String.raw`open(?:-apis)?\.(?:feishu\.cn|larksuite\.com)\/open-apis\/bot\/v2\/hook\/(?<value>[\w-]{20,})`,
      String.raw`webexapis\.com\/v1\/webhooks\/incoming\/(?<value>[A-Za-z0-9_=-]{20,})`,
    ].join('|'), 'g'),
    // A Mattermost id mixes letters and digits; a path word (`/hooks/usefetchdata`) does not.
    accept: (value) => !/^[a-z0-9]{26}$/.test(value) || (/\d.*\d.*\d/.test(value) && /[a-z].*[a-z].*[a-z]/.test(value)),
    truePositives: [
      j('https://acme.webhook.office.com/webhookb2/', fill(8, HEX), '-aaaa-bbbb-cccc-', fill(12, HEX), '@', fill(8, HEX), '-aaaa-bbbb-cccc-', fill(12, HEX),
        '/IncomingWebhook/', fill(32, HEX), '/', fill(8, HEX), '-aaaa-4bbb-8ccc-', fill(12, HEX)),
      j('https://chat.acme.net/hooks/', 'xsq', 'bfsz0ms9qve04pejxgzp0ql'), j('https://hooks.zapier.com/hooks/catch/', '123456/', 'abc12x/'),
      j('https://maker.ifttt.com/trigger/x/with/key/', fill(22)),
    ],
    falsePositives: ['https://chat.acme.net/hooks/', 'src/hooks/useAuthentication.ts', 'https://github.com/o/r/settings/hooks/123456789',
      'https://maker.ifttt.com/trigger/x/with/key/{your_key}'],
  },
  {
    id: 'telegram-bot-token', description: 'Telegram bot token',
    keywords: [':AA'], pattern: /\d{8,10}:AA[A-Za-z0-9_-]{33}/g,
    accept: (_value, { text, start, end }) => !/\d/.test(text[start - 1] ?? ' ') && !isTokenChar(text[end]), // `bot<token>` in API URLs
    truePositives: [j('bot', '123456789', ':AA', fill(33))], falsePositives: ['12:AA'],
  },
  {
    id: 'twilio-key', description: 'Twilio API key or account SID',
    pattern: /(?:SK|AC)[0-9a-f]{32}/g, accept: standsAlone,
    truePositives: [j('S', 'K', fill(32, HEX)), j('A', 'C', fill(32, HEX))], falsePositives: ['SKIP', j('TASK', fill(32, HEX))],
  },
  {
    id: 'sendgrid-key', description: 'SendGrid API key',
    keywords: ['SG.'], pattern: /SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}/g,
    truePositives: [j('S', 'G.', fill(22), '.', fill(43))], falsePositives: ['SG.short'],
  },
  {
    id: 'mailgun-key', description: 'Mailgun API key',
    keywords: ['key-'], pattern: /key-[0-9a-f]{32}/g, accept: standsAlone,
    truePositives: [j('ke', 'y-', fill(32, HEX))], falsePositives: ['key-value', 'monkey-0123456789abcdef0123456789abcdef'],
  },
  {
    id: 'stripe-key', description: 'Stripe secret or restricted key, webhook signing secret',
    keywords: ['sk_live_', 'sk_test_', 'sk_prod_', 'rk_live_', 'rk_test_', 'rk_prod_', 'whsec_'],
    pattern: /(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{16,}|whsec_[A-Za-z0-9]{24,}/g, accept: standsAlone,
    truePositives: [j('sk', '_live_', fill(24)), j('rk', '_test_', fill(24)), j('rk', '_prod_', fill(99)), j('wh', 'sec_', fill(32))],
    falsePositives: ['sk_live_', 'sk_prod_', j('ta', 'sk_test_', fill(30))],
  },
  {
    id: 'card-number', description: 'payment card number (issuer prefix and Luhn checked)',
    pattern: /[2-6]\d{3}(?:[ -]?\d){9,15}/g,
    // A digit run inside a longer word is part of something else: a hex hash, a base64 blob, an id.
    // So is the fraction of a number (`1.2527634166181087`, `-38.300000000000004`).
    accept: (value, { text, start, end }) => !/[0-9A-Za-z.]/.test(text[start - 1] ?? '') && !/[0-9A-Za-z]/.test(text[end] ?? '')
      && !(text[end] === '.' && /\d/.test(text[end + 1] ?? '')) && isCardNumber(value),
    truePositives: ['4111 1111 1111 1111', '5555-5555-5555-4444', '378282246310005', 'card=4111111111111111;'],
    falsePositives: ['4111 1111 1111 1112', '1763726400000', '"time": 1.2527634166181087', 'index 1111111..2222222 100644', '2026-11-21 10:00:00', 'sha256:5d8f6cce532a7aeb57196be62344095936793400b3aeb3580d248b17d5518a86'],
  },
  {
    id: 'vault-token', description: 'HashiCorp Vault service, batch or recovery token',
    keywords: ['hvs.', 'hvb.', 'hvr.'], pattern: /hv[sbr]\.[A-Za-z0-9_-]{24,}/g,
    truePositives: [j('hv', 's.', fill(90))], falsePositives: ['hvs.short'],
  },
  {
    id: 'jwt', description: 'JSON Web Token',
    keywords: ['eyJ'], pattern: /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
    // Its header opens a JSON object with a named member (`{"alg":`, `{"kid":`, `{"enc":`), even if what
    // follows is typed over: a first segment whose bytes name nothing (`eyJqwrtz…`) is no header.
    accept: (value) => /^\{\s*"\w{1,30}"\s*:/.test(Buffer.from(value.slice(0, value.indexOf('.')), 'base64url').toString('latin1')),
    truePositives: [j('ey', 'JhbGciOiJIUzI1NiJ9.', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0.', fill(43))],
    falsePositives: ['eyJ.eyJ.x', j('eyJ', 'qwrtzpLmXoQ.', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0.', fill(43))],
  },
  {
    id: 'crypto-wallet-key', description: 'crypto wallet private key: extended (xprv, yprv, zprv, tprv), or 64 hex digits labelled a private key (Hardhat, Anvil, Foundry)',
    // A raw secp256k1 or ed25519 key is 64 hex digits, the shape of any SHA-256 digest: only its label tells them apart.
    keywords: ['xprv', 'yprv', 'zprv', 'tprv', 'private key', 'private_key', 'privatekey', 'private-key', 'priv key', 'privkey', 'secret key', ') 0x'],
    keywordsIgnoreCase: true,
    pattern: new RegExp([
      '[xyzt]prv[1-9A-HJ-NP-Za-km-z]{100,112}',
      // Private Key: 0x…, deployer private key 0x…, PRIVATE_KEY=…, privkey …: the hex within a few characters of its label.
      String.raw`(?:[Pp]riv(?:ate)?|PRIV(?:ATE)?|[Ss]ecret|SECRET)[ _-]?(?:[Kk]ey|KEY)s?\b[^0-9A-Za-z\n]{0,12}(?:0x)?(?<value>[0-9a-fA-F]{64})(?![0-9A-Za-z])`,
      // Anvil's list under "Private Keys": (0) 0x…
      String.raw`^\(\d{1,3}\)[ \t]+0x(?<value>[0-9a-fA-F]{64})[ \t]*$`,
    ].join('|'), 'gm'),
    truePositives: [j('xp', 'rv9s21', fill(105, BASE58)), j('Private Key: 0x', fill(64, HEX)), j('deployer private key 0x', fill(64, HEX))],
    falsePositives: ['xprv', 'xprv9s21 is the prefix of a mainnet key', j('commit ', fill(64, HEX)), j('sha256: ', fill(64, HEX)),
      j('private key fingerprint SHA256:', fill(43))],
  },
  {
    id: 'crypto-wif-key', description: 'crypto wallet private key in wallet import format (WIF)',
    // No literal start, so it runs over the whole text; the left boundary is checked in `accept`
    // (a lookbehind at every 5, K and L costs this regex half its speed).
    pattern: /[5KL][1-9A-HJ-NP-Za-km-z]{50,51}(?![A-Za-z0-9])/g,
    accept: (value, { text, start }) => !/[A-Za-z0-9]/.test(text[start - 1] ?? '') && /\d/.test(value),
    truePositives: [j('K', fill(51, BASE58))],
    falsePositives: ['Kubernetes', `a${j('K', fill(51, BASE58))}`],
  },
];

// Rules for the names of people's accounts: login names wherever tools print them (`id`, `whoami`,
// `USER=`, `ps`, `who`, passwd lines, `ls -l` owners, AWS ARNs), their home folders, and the names
// in git's and mail's author lines.
import { j, type Rule } from './rule.ts';

/** Accounts that name no person: generic, pseudonymized, CI and cloud defaults. */
export const GENERIC_ACCOUNT = /^(?:user|users|username|USER|USERNAME|me|you|your-?name|yourname|name|someone|somebody|example|exampleuser|runner|runner-cache|shared|Shared|Public|public|Default|default|All Users|Guest|guest|root|admin|Administrator|administrator|ubuntu|debian|ec2-user|centos|fedora|vagrant|node|app|dev|developer|jenkins|circleci|travis|gitlab-runner|buildkite-agent|codespace|vscode|sandbox|agent|openhands|swe-agent|\$\{?USER\}?|\$HOME|%USERNAME%|<user(?:name)?>|\{user(?:name)?\}|x+|X+)$/;

/** Accounts of the system and its services: `ls -l` and `ps` show them everywhere. */
export const SYSTEM_ACCOUNT = /^(?:nobody|nogroup|wheel|staff|daemon|bin|sys|adm|docker|www-data|nginx|postgres|mysql|redis|systemd-[\w-]+|systemd\+|_\w+|syslog|messagebus|sshd|users|sudo|admin|polkitd|avahi|colord|rtkit|pulse|gdm|lp|mail|news|uucp|proxy|backup|list|irc|gnats|man|games|sync|tss|uuidd|dnsmasq|kernoops|whoopsie|usbmux|cups-pk-helper|geoclue|\d+)$/;

/** Neither generic nor a system account: a name that may be someone's. */
const isPersonal = (name: string) => !GENERIC_ACCOUNT.test(name) && !SYSTEM_ACCOUNT.test(name);

/** The account part of a home path: `/home/alice/x` -> alice, `-home-alice-src` -> alice, `__home__alice__x` -> alice. */
function userOfHomePath(value: string): string {
  const flat = /^(?:-home-|-Users-|__home__|__Users__)(.*)$/.exec(value);
  if (flat) return (flat[1] ?? '').split(/__|-/)[0] ?? '';
  return value.split(/[\\/]+/).filter(Boolean).at(-1) ?? '';
}

/** Authors and signers that are tools, not people (`dependabot[bot]`, `Claude`, git's own test author). */
const TOOL_AUTHOR = /\[bot\]|^(?:github(?:-actions)?|github actions?|dependabot|renovate(?:\[bot\])?|claude|copilot|codex|openhands|devin|cursor agent|gemini|your name|a u thor|c o mitter|jenkins|gitlab ci|ci|bot|root|unknown|nobody)$/i;

/** A login name as `id`, `ps` and `who` print it. */
const LOGIN = String.raw`[A-Za-z_][\w.+-]{0,31}`;

export const ACCOUNT_RULES: readonly Rule[] = [
  {
    id: 'ls-owner', description: 'the owner and group columns of ls -l output (a personal account name; root, nobody and service accounts are kept)',
    keywords: ['rwx', 'rw-', 'r-x', 'r--'],
    pattern: /(?<![\w-])[-dlcbps][-rwxsStT]{9}[.@+]?[ \t]+\d+[ \t]+(?<value>[A-Za-z_][\w.-]{0,31}[ \t]+[A-Za-z_][\w.-]{0,31})[ \t]+\d/g,
    accept: (value) => value.split(/[ \t]+/).some(isPersonal),
    truePositives: [j('drwxrwxr-x 13 ', 'marco marco', '  4096 Feb 10 22:55 .')],
    falsePositives: ['-rw-r--r-- 1 root root 220 Jan 1 .bashrc', 'drwxr-xr-x 2 runner docker 4096 x', '-rw-r--r-- 1 ubuntu ubuntu 807 x'],
  },
  {
    id: 'login-name',
    description: 'an account name: typed at a login: prompt, named in a sentence (a user named x), printed by id, set as USER=, LOGNAME=, SUDO_USER=, or in the user column of ps, who and passwd lines',
    // Case-sensitive (`USER`, not every `user` of a text), so the other cases are written out.
    keywords: ['login:', 'Login:', 'LOGIN:', 'user named', 'User named', 'user called', 'User called', 'username ', 'Username ', 'uid=', 'gid=', 'groups=',
      'USER', 'LOGNAME', 'pts/', 'tty', ' ?  ', ' ?? ', ':x:', ':*:'],
    pattern: new RegExp([
      String.raw`(?i:(?:^|\n|\\n)(?:[\w.-]+ )?login:|\buser(?:name)?\s+(?:named|called)|\busername)[ \t]+(?<value>[A-Za-z_][\w.-]{1,31})(?![\w@-])`,
      // `id`: uid=1000(jdoe) gid=1000(jdoe) groups=1000(jdoe),27(sudo)
      String.raw`(?:\b(?:e?uid|e?gid|groups)=|,)\d+\((?<value>${LOGIN})\)`,
      // USER=jdoe, "LOGNAME": "jdoe", export SUDO_USER='jdoe'
      String.raw`(?<![\w$])["']?(?:USER|LOGNAME|SUDO_USER|USERNAME|LNAME|PAM_USER)["']?[ \t]*(?:=|:[ \t])[ \t]*["']?(?<value>${LOGIN})["']?(?![\w.@/-])`,
      // ps aux / ps -ef / who / w: the name opening a line, then numbers or a terminal
      String.raw`(?:^|\n)(?<value>${LOGIN})[ \t]+(?:\d+[ \t]+\d+(?:[.,]\d+)?[ \t]+\d+(?:[.,]\d+)?[ \t]+\d+[ \t]+\d+[ \t]+|\d+[ \t]+\d+[ \t]+\d+[ \t]+\S+[ \t]+)?(?:\?\??|pts\/\d+|tty\w*|console|s\d{3})[ \t]`,
      // passwd and getent: name:x:uid:gid:Full Name,,,:/home/name:/bin/sh
      String.raw`(?:^|\n)(?<value>${LOGIN}:[x*!]?:\d+:\d+:[^:\n]{0,100})(?=:)`,
    ].join('|'), 'g'),
    accept: (value, { match }) => {
      const name = value.split(':')[0]!;
      return isPersonal(name) && !/\blast\s+login:/i.test(match[0])
        && !/^(?:is|was|and|or|the|for|to|in|of|with|incorrect|failed|field|must|should|parameter|argument|PID|UID|USER|TTY)$/i.test(name);
    },
    truePositives: [j('\nhockey-rig login: ', 'csaw'), j('a user named ', 'csaw', ' is trying to log in'), j('uid=1000(', 'mvolkova', ') gid=1000'),
      j('USER=', 'lweiss'), j('\n', 'jdoe', '      4123  0.0  0.1 123456  7890 pts/0    Ss   10:00   0:00 -bash'),
      j('\n', 'mvolkova', ':x:1000:1000:Marta Volkova,,,:/home/mvolkova:/bin/bash')],
    falsePositives: ['login: root', 'username is required', 'Last login: Mon', 'uid=0(root) gid=0(root) groups=0(root),27(sudo)', 'USER=${USER}',
      '\nroot         1  0.0  0.1 167716 11864 ?        Ss   10:00   0:02 /sbin/init', 'USER_AGENT=curl', 'root:x:0:0:root:/root:/bin/bash'],
  },
  {
    id: 'login-name-printed', description: 'an account name printed by whoami, logname, id -un or echo $USER: the line after the command',
    // A rule of its own, with only these keywords: its window takes the next line too, which a keyword of another kind there must not cover.
    keywords: ['whoami', 'logname', 'id -un', 'id -n', 'echo $USER', 'echo "$USER', 'echo ${USER', 'echo $LOGNAME', 'echo $USERNAME', 'echo %USERNAME%'],
    lines: 1,
    // Windows' whoami prints host\name.
    pattern: new RegExp(String.raw`(?:whoami|logname|id -u?n|echo "?(?:\$\{?(?:USER|LOGNAME|USERNAME)\}?|%USERNAME%)"?)[ \t]*\r?\n(?:[\w-]+\\)?(?<value>${LOGIN})[ \t]*(?=\r?\n|$)`, 'g'),
    accept: (value) => isPersonal(value),
    truePositives: [j('$ whoami\n', 'tokafor', '\n$ ls'), j('> whoami\ndesktop-7qk2abc\\', 'tokafor', '\n')],
    falsePositives: ['$ whoami\nroot\n', '$ whoami\nrunner\n', 'whoami is a command'],
  },
  {
    id: 'home-path-tilde', description: "a user's home named the shell's way: ~alice/src",
    pattern: /~[a-z_][a-z0-9_.-]{1,31}(?=\/)/g, lead: '~',
    accept: (value, { text, start }) => !/[\w~/.-]/.test(text[start - 1] ?? ' ') && !GENERIC_ACCOUNT.test(value.slice(1)),
    truePositives: [j('ls ~', 'zhartmann', '/src/ledger')], falsePositives: ['cd ~/src', 'ls ~root/x', 'a~b/c'],
  },
  {
    id: 'home-path',
    description: 'home-directory path naming a user (/home/<user>, /Users/<user>, C:\\Users\\<user> in any case or with slashes, \\\\wsl$\\…\\home\\<user>, /var/mail/<user>, /homes/<user>), also flattened (-home-<user>-, __home__<user>)',
    keywords: ['/home/', '/Users/', 'Users\\', 'users\\', ':/users/', 'USERS\\', '-home-', '__home__', '-Users-', '__Users__', '\\home\\', '/homes/', '/home2/',
      '/var/mail/', '/spool/mail/', 'Documents and Settings'],
    pattern: new RegExp([
      String.raw`(?:\/home\d?\/|\/homes\/|\/Users\/|\/var\/(?:spool\/)?mail\/|(?<![\w-])-home-|(?<![\w-])-Users-|__home__|__Users__)[A-Za-z0-9._-]+`,
      String.raw`[A-Za-z]:(?:\\{1,2}|\/)(?:[Uu][Ss][Ee][Rr][Ss]|Documents and Settings)(?:\\{1,2}|\/)[A-Za-z0-9._ -]*[A-Za-z0-9._-]`,
      String.raw`\\{1,2}home\\{1,2}[A-Za-z0-9._-]+`,
    ].join('|'), 'g'),
    // A generic or pseudonymized account (`/home/USER`, `/home/runner`, `c:\users\public`) names no one;
    // a flattened path (`-home-alice-src`, `__home__alice__x`) keeps only the user's part.
    accept: (value) => !GENERIC_ACCOUNT.test(userOfHomePath(value)),
    group: 0,
    truePositives: [j('/home/', 'alice/.ssh'), '/Users/bob/x', j('C:\\\\Users\\\\', 'carol\\\\AppData'), j('~/.claude/projects/-home-', 'alice-src-app/'),
      j('"eval_output_dir": "evaluation__home__', 'dave__outputs"'), j('c:\\users\\', 'erin\\x'), j('\\\\wsl$\\Ubuntu\\home\\', 'frank\\src'),
      j('You have mail in /var/mail/', 'gwen'), j('/homes/', 'hugo/src')],
    falsePositives: ['/usr/home', '/srv/www', '/rootfs/x', '/home/USER/project', '/home/user/x', '/root/.bashrc', '/home/runner/work', '/Users/Shared/x',
      'c:\\users\\public\\x', 'C:\\Users\\Default\\x', 'GET /api/users/42'],
  },
  {
    id: 'git-author-name',
    description: "a person's name in git and mail author lines (Author:, Commit:, Signed-off-by:, Co-authored-by: and the other trailers, From:, Cc:), before the address",
    keywords: ['Author:', 'Commit:', 'Committer:', '-by:', 'From:', 'To:', 'Cc:', 'Reply-To:'], keywordsIgnoreCase: true,
    pattern: /(?:^|\n|\\n)[ \t>]*(?:Author|Commit(?:ter)?|[A-Z][a-z]+(?:-[a-z]+)*-by|From|To|Cc|Reply-To):[ \t]+"?(?<value>[^\s<>"@:,;()[\]\\][^<>"@:;\n\\]{0,78}[^\s<>"@:,;\\])"?[ \t]*<[^<>\s]*@/gi,
    accept: (value) => !TOOL_AUTHOR.test(value.trim()) && /[A-Za-z\x80-\xff]/.test(value),
    truePositives: [j('commit abc\nAuthor: ', 'Marta Volkova', ' <mv@acme-ledger.io>'), j('\nSigned-off-by: ', 'Tunde Okafor', ' <to@acme-ledger.io>'),
      j('\nCo-authored-by: ', 'Li Wei', ' <lw@acme-ledger.io>')],
    falsePositives: ['\nCo-authored-by: Claude <noreply@anthropic.com>', '\nAuthor: dependabot[bot] <support@github.com>', 'Author: unknown', '\nFrom: <x@acme.io>'],
  },
  {
    id: 'git-identity-name',
    description: "a person's name set as git's identity: git config user.name, git -c user.name=, GIT_AUTHOR_NAME / GIT_COMMITTER_NAME, commit --author",
    keywords: ['user.name', 'git_author_name', 'git_committer_name', '--author'], keywordsIgnoreCase: true,
    pattern: /(?:\buser\.name(?:[ \t]*=[ \t]*|[ \t]+)|\bGIT_(?:AUTHOR|COMMITTER)_NAME[ \t]*[=:][ \t]*|--author[= ])(?:["'](?<value>[^"'\n<>]{1,80}?)[ \t]*(?=["'<])|(?<value>[^\s"'<>=$-][^\s"'<>;&|]*(?:[ \t]+[A-Z][^\s"'<>;&|]*){0,4}))/gm,
    accept: (value) => !TOOL_AUTHOR.test(value.trim()) && /[A-Za-z\x80-\xff]/.test(value) && !/^(?:string|str|none|null|unknown|user|name)$/i.test(value.trim()),
    truePositives: [j('git config --global user.name "', 'Marta Volkova', '"'), j('export GIT_AUTHOR_NAME="', 'Tunde Okafor', '"'),
      j('git -c user.name=', 'lwei', ' commit -m x'), j('git commit --author="', 'Li Wei', ' <lw@acme-ledger.io>"')],
    falsePositives: ['git config user.name', 'git config --get user.name', 'GIT_AUTHOR_NAME=$NAME', 'git config user.name "github-actions[bot]"'],
  },
  {
    id: 'git-config-name',
    description: "a person's name in the [user] section of a git config file (name = Marta Volkova, up to three lines below the header)",
    keywords: ['[user]'], lines: 4,
    pattern: /\[user\][ \t]*\r?\n(?:[ \t]*(?:[\w.-]+[ \t]*=[^\n]*|[#;][^\n]*)?\r?\n){0,3}[ \t]*name[ \t]*=[ \t]*"?(?<value>[^\s"#;][^\n"#;]{0,79}?)"?[ \t]*(?=\r?\n|$)/g,
    accept: (value) => !TOOL_AUTHOR.test(value.trim()) && !/^(?:your name|\$\{?\w+\}?)$/i.test(value.trim()),
    truePositives: [j('[user]\n\tname = ', 'Marta Volkova', '\n\temail = x'), j('[user]\n\temail = x\n\tname = "', 'Li Wei', '"\n')],
    falsePositives: ['[user]\n\tname = Your Name', '[user]\n\tname = github-actions[bot]', '[core]\n\tname = x'],
  },
  {
    id: 'mail-display-name',
    description: "a person's name written before an address in angle brackets (Tunde Okafor <to@acme.io>), as mail headers, git trailers and prose quote people",
    // From each `<`, the name is read behind it: a `<` costs one sticky try.
    lead: '<',
    pattern: /<(?<=(?<![\w.-])(?<value>[A-Z][a-z\x80-\xff]+(?:[ \t]+(?:[A-Z][a-z\x80-\xff'-]+|van|von|de|da|del|der|le|la|bin|al)){1,3})[ \t]+<)[^<>\s@]{1,64}@[A-Za-z0-9.-]{1,253}>/g,
    accept: (value) => !TOOL_AUTHOR.test(value.trim()),
    truePositives: [j('reviewed by ', 'Tunde Okafor', ' <to@acme-ledger.io>'), j('cc ', 'Marta van Dijk', ' <mvd@acme.io>')],
    falsePositives: ['Dependabot <support@github.com>', 'Claude <noreply@anthropic.com>', 'a <b@c.io>', 'GitHub Actions <actions@github.com>'],
  },
  {
    id: 'aws-arn-user', description: 'the user or session name in an AWS IAM or STS ARN (arn:aws:iam::123456789012:user/jdoe)',
    keywords: ['arn:aws'],
    pattern: /arn:aws[\w-]*:(?:iam|sts)::\d{12}:(?:user|federated-user|assumed-role\/[\w+=,.@-]{1,64})\/(?:[\w+=,.@-]{1,64}\/){0,8}(?<value>[\w+=,.@-]{1,64})(?![\w+=,.@/-])/g,
    accept: (value) => isPersonal(value),
    truePositives: [j('arn:aws:iam::123456789012:user/', 'mvolkova'), j('arn:aws:sts::123456789012:assumed-role/Deployer/', 'mvolkova-cli')],
    falsePositives: ['arn:aws:iam::123456789012:role/deployer', 'arn:aws:iam::123456789012:root', 'arn:aws:iam::123456789012:user/admin'],
  },
];

// `npm run deploy:install`: renders the systemd units and the polkit rule for this host; prints them
// (no --out), writes them to a folder (--out), or installs them into the system folders (--install).
import { info, out as print } from '../core/log.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { main, usageError, type CommandSpec } from '../cli/define-command.ts';
import { REPO_ROOT } from '../synth/render/run-astro-process.ts';
import { enableCommands, renderUnits, UNIT_PREFIX, type UnitOptions } from './render-units.ts';

/** Where `--install` puts each folder of the rendered files. */
const SYSTEM_DIRS: Record<string, string> = { systemd: '/etc/systemd/system', 'polkit-1': '/etc/polkit-1' };

const text = (flags: Record<string, unknown>, name: string) => (typeof flags[name] === 'string' ? flags[name] as string : undefined);

export const installCommand: CommandSpec = {
  invocation: 'npm run deploy:install --',
  summary: [
    'Render the systemd units (server, synth timer, trigger path unit, monitor, watchdog, meta-judge) and the',
    'polkit rule that lets the watchdog restart the loop\'s unit and nothing else. Without --out it prints',
    'what it would write and where; --out DIR writes systemd/ and polkit-1/rules.d/ there; --install writes',
    'them into /etc and prints the systemctl commands to enable them.',
  ].join('\n'),
  flags: [
    { name: 'prefix', type: 'string', valueName: 'DIR', description: 'where the app lives', defaultText: 'this checkout' },
    { name: 'user', type: 'string', valueName: 'USER', description: 'the dedicated user the units run as', defaultText: 'journey' },
    { name: 'node', type: 'string', valueName: 'PATH', description: 'the Node binary the units run', defaultText: 'the one running this command' },
    { name: 'loop-unit', type: 'string', valueName: 'UNIT', description: 'the loop\'s unit the watchdog may restart', defaultText: 'autoswe.service' },
    { name: 'env-file', type: 'string', valueName: 'FILE', description: 'optional environment file of every unit', defaultText: '/etc/journey/journey.env' },
    { name: 'secret-env-file', type: 'string', valueName: 'FILE', description: 'the loop\'s secrets, handed over with LoadCredential= (must exist; may be empty)', defaultText: '/etc/journey/loop-secrets.env' },
    { name: 'trigger-consumer', type: 'string', valueName: 'server|path', description: 'who consumes the trigger file: the server\'s watcher or the systemd path unit', defaultText: 'server' },
    { name: 'unit-prefix', type: 'string', valueName: 'NAME', description: 'name the units the seed\'s way: NAME-journey-server.service, NAME-journey-synth.timer, NAME-synth-bridge.path, NAME-monitor.timer...', defaultText: 'none: journey-server.service...' },
    { name: 'out', type: 'string', valueName: 'DIR', description: 'write the rendered files below DIR' },
    { name: 'install', type: 'boolean', description: 'write them into /etc/systemd/system and /etc/polkit-1/rules.d (as root)' },
  ],
  examples: [
    'npm run deploy:install -- --prefix /opt/journey --user journey --data-dir /data/autoswe --loop-dir /srv/autoswe',
    'npm run deploy:install -- --data-dir /data/autoswe --loop-dir /srv/autoswe --out /tmp/units',
    'npm run deploy:install -- --unit-prefix autoswe --data-dir /data/autoswe --loop-dir /srv/autoswe --out /tmp/units',
    'sudo npm run deploy:install -- --prefix /opt/journey --node /usr/local/bin/node --data-dir /data/autoswe --loop-dir /srv/autoswe --install',
  ],
  run({ config, flags }) {
    const consumer = text(flags, 'trigger-consumer') ?? 'server';
    if (consumer !== 'server' && consumer !== 'path') throw usageError(installCommand, '--trigger-consumer takes server or path');
    if (!config.loopDir) throw usageError(installCommand, '--loop-dir (or JOURNEY_LOOP_DIR) is required: the units read the loop from there');
    const options: UnitOptions = {
      prefix: path.resolve(text(flags, 'prefix') ?? REPO_ROOT).replace(/\/$/, ''), node: path.resolve(text(flags, 'node') ?? process.execPath),
      user: text(flags, 'user') ?? 'journey', dataDir: path.resolve(config.dataDir), loopDir: path.resolve(config.loopDir),
      loopUnit: text(flags, 'loop-unit') ?? 'autoswe.service', envFile: text(flags, 'env-file') ?? '/etc/journey/journey.env',
      secretEnvFile: text(flags, 'secret-env-file') ?? '/etc/journey/loop-secrets.env', triggerConsumer: consumer,
      ...(text(flags, 'unit-prefix') !== undefined ? { unitPrefix: text(flags, 'unit-prefix')! } : {}),
    };
    if (options.unitPrefix !== undefined && !UNIT_PREFIX.test(options.unitPrefix)) {
      throw usageError(installCommand, `--unit-prefix ${JSON.stringify(options.unitPrefix)} is not a unit name prefix: use letters, digits, _ . and - (not at either end), such as autoswe`);
    }
    if (!/^[a-z_][a-z0-9_-]*$/.test(options.user)) throw usageError(installCommand, `--user ${options.user} is not a user name`);
    const files = renderUnits(options);
    const out = text(flags, 'out');
    const install = flags['install'] === true;
    const target = (relative: string) => (install
      ? path.join(SYSTEM_DIRS[relative.split('/')[0]!]!, relative.split('/').slice(1).join('/'))
      : out ? path.join(out, relative) : relative);
    for (const [relative, content] of files) {
      const file = target(relative);
      if (install || out) {
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, content, { mode: 0o644 });
        info(`wrote ${file}`);
      } else {
        print(`# ${file} (would be written with --out DIR, or to ${path.join(SYSTEM_DIRS[relative.split('/')[0]!]!, relative.split('/').slice(1).join('/'))} with --install)\n${content}\n`);
      }
    }
    const steps = enableCommands(options);
    info(`then:\n  ${[`useradd --system --home-dir ${options.dataDir} --shell /usr/sbin/nologin ${options.user}   # once`,
      `install -d -o ${options.user} -g ${options.user} ${options.dataDir}; install -m 600 /dev/null ${options.secretEnvFile}   # once`, ...steps].join('\n  ')}`);
    return 0;
  },
};

if (import.meta.main) main(installCommand);

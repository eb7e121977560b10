// The systemd units and the polkit rule of a one-host deployment, rendered from where the app,
// its Node binary and its data live. Pure: text in, text out (deploy/install-cli.ts writes them).

export interface UnitOptions {
  /** Where the app lives (a checkout with node_modules). */
  prefix: string;
  /** The Node binary the units run (no npm at run time). */
  node: string;
  /** The dedicated user the units run as. */
  user: string;
  dataDir: string;
  loopDir: string;
  /** The loop's own unit, the one the watchdog may restart. */
  loopUnit: string;
  /** Optional environment file (`EnvironmentFile=-...`: missing is fine). */
  envFile: string;
  /** The loop's secrets (a .env file), handed over with LoadCredential=, redacted wherever they appear. */
  secretEnvFile: string;
  /** Who consumes the trigger file: the server's watcher (default) or the systemd path unit (the server then runs with --no-trigger). */
  triggerConsumer: 'server' | 'path';
  /** Prefixes the unit names the seed's way (`autoswe` → autoswe-journey-server.service, autoswe-monitor.timer...); none by default. */
  unitPrefix?: string;
}

/** The units' base names (no suffix), by role. */
interface UnitNames {
  server: string;
  synth: string;
  bridge: string;
  monitor: string;
  watchdog: string;
  judge: string;
}

/**
 * The unit names: journey-server, journey-synth, journey-synth-bridge, journey-monitor, journey-watchdog
 * and journey-meta-judge by default; with a prefix the seed's names: <p>-journey-server,
 * <p>-journey-synth, <p>-synth-bridge, <p>-monitor, <p>-watchdog, <p>-meta-judge.
 *
 * @example
 * unitNames('autoswe').monitor // 'autoswe-monitor'
 */
function unitNames(prefix?: string): UnitNames {
  const p = prefix ?? 'journey';
  const journey = prefix ? `${prefix}-journey` : 'journey';
  return { server: `${journey}-server`, synth: `${journey}-synth`, bridge: `${p}-synth-bridge`, monitor: `${p}-monitor`, watchdog: `${p}-watchdog`, judge: `${p}-meta-judge` };
}

/** A unit prefix systemd and a shell both take as is: letters, digits, `_`, `.` and `-`, not at either end. */
export const UNIT_PREFIX = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,62}[A-Za-z0-9])?$/;

/** The files, by path below the output folder (`systemd/...`, `polkit-1/rules.d/...`). */
export type RenderedFiles = Map<string, string>;

const HEADER = '# Rendered by `npm run deploy:install`; edit the options there, not this file.';

/** Hardening every unit carries: a dedicated user, a read-only system but the data folder, no capabilities. */
function hardening(o: UnitOptions, memoryMax: string): string[] {
  return [
    `User=${o.user}`, `Group=${o.user}`, `WorkingDirectory=${o.prefix}`,
    `EnvironmentFile=-${o.envFile}`,
    // systemd has read that file (as root, before dropping to the user): the tools need not read it again.
    'Environment=JOURNEY_ENV_FILE=',
    `Environment=NODE_ENV=production JOURNEY_DATA_DIR=${o.dataDir} JOURNEY_LOOP_DIR=${o.loopDir} NO_COLOR=1`,
    // The loop's secrets arrive as a credential (readable by this unit only), never a file in the app folder.
    `LoadCredential=loop-secrets.env:${o.secretEnvFile}`,
    'Environment=JOURNEY_SECRET_ENV_FILE=%d/loop-secrets.env',
    'NoNewPrivileges=yes', 'ProtectSystem=strict', `ReadWritePaths=${o.dataDir}`, 'ProtectHome=yes', 'PrivateTmp=yes',
    'PrivateDevices=yes', 'ProtectKernelTunables=yes', 'ProtectKernelModules=yes', 'ProtectControlGroups=yes',
    'RestrictSUIDSGID=yes', 'LockPersonality=yes', 'RestrictNamespaces=yes', 'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6',
    'CapabilityBoundingSet=', 'AmbientCapabilities=', `MemoryMax=${memoryMax}`,
  ];
}

const unit = (description: string, unitLines: string[], service: string[], install?: string[]) => [
  HEADER, '[Unit]', `Description=${description}`, ...unitLines, '', '[Service]', ...service, ...(install ? ['', '[Install]', ...install] : []), '',
].join('\n');

const timer = (description: string, unitName: string, onBoot: string, calendar: string, accuracy: string) => [
  HEADER, '[Unit]', `Description=${description}`, '', '[Timer]', `Unit=${unitName}`, `OnBootSec=${onBoot}`,
  // A calendar schedule keeps firing after the timer is restarted, with no reboot; Persistent catches up a missed run.
  `OnCalendar=${calendar}`, `AccuracySec=${accuracy}`, 'Persistent=true', '', '[Install]', 'WantedBy=timers.target', '',
].join('\n');

/**
 * @example
 * const files = renderUnits({ prefix: '/opt/journey', node: '/usr/bin/node', user: 'journey', dataDir: '/data/autoswe', ... });
 * files.get('systemd/journey-server.service') // with unitPrefix 'autoswe': 'systemd/autoswe-journey-server.service'
 */
export function renderUnits(o: UnitOptions): RenderedFiles {
  const n = unitNames(o.unitPrefix);
  const run = (script: string, args = '') => `ExecStart=${o.node} ${o.prefix}/${script}${args ? ` ${args}` : ''}`;
  const trigger = `${o.dataDir}/synth-trigger`;
  const synthArgs = '--public --no-codex-cleanup --rebuild-site';
  const files: RenderedFiles = new Map();
  files.set(`systemd/${n.server}.service`, unit('journey: public server, trigger bridge and publish worker',
    ['After=network-online.target', 'Wants=network-online.target'],
    ['Type=simple', run('server/serve-cli.ts', o.triggerConsumer === 'path' ? '--no-trigger' : ''),
      // The worker's publishes skip the narrative step, as the synth units' --no-codex-cleanup does: the
      // local model stays out of the regeneration path.
      'Environment=JOURNEY_NO_CODEX_CLEANUP=1',
      'Restart=on-failure', 'RestartSec=10', 'TimeoutStopSec=30', ...hardening(o, '2G')],
    ['WantedBy=multi-user.target']));
  files.set(`systemd/${n.synth}.service`, unit('journey: one publish (the timer\'s)', [],
    ['Type=oneshot', run('synth/synth-cli.ts', synthArgs), 'Nice=10', 'Environment=JOURNEY_PUBLISH=1', 'SuccessExitStatus=3', 'TimeoutStartSec=600',
      ...hardening(o, '2G')]));
  files.set(`systemd/${n.synth}.timer`, timer('journey: publish every 15 minutes', `${n.synth}.service`, '2min', '*:0/15', '30s'));
  files.set(`systemd/${n.bridge}.path`, [
    HEADER, '[Unit]', 'Description=journey: publish when the trigger file appears (instead of the server\'s watcher: enable one of the two)', '',
    '[Path]', `PathExists=${trigger}`, `Unit=${n.bridge}.service`, '', '[Install]', 'WantedBy=paths.target', '',
  ].join('\n'));
  files.set(`systemd/${n.bridge}.service`, unit('journey: one publish asked for by the trigger file', [],
    // The trigger goes first: one written during the run makes exactly one more run.
    ['Type=oneshot', `ExecStartPre=/bin/rm -f ${trigger}`, run('synth/synth-cli.ts', synthArgs), 'Nice=10', 'Environment=JOURNEY_PUBLISH=1',
      'SuccessExitStatus=3', 'TimeoutStartSec=600', ...hardening(o, '2G')]));
  files.set(`systemd/${n.monitor}.service`, unit('journey: monitor sample (system-state.jsonl)', [],
    ['Type=oneshot', run('ops/monitor-cli.ts', '--log'), 'Nice=15', 'SuccessExitStatus=1 2', 'TimeoutStartSec=120', ...hardening(o, '256M')]));
  files.set(`systemd/${n.monitor}.timer`, timer('journey: monitor every 3 minutes', `${n.monitor}.service`, '1min', '*:0/3', '15s'));
  files.set(`systemd/${n.watchdog}.service`, unit(`journey: restart ${o.loopUnit} when its heartbeat is stale`, [],
    ['Type=oneshot', run('ops/watchdog-cli.ts'), `Environment="JOURNEY_RESTART_COMMAND=/usr/bin/systemctl restart ${o.loopUnit}"`,
      `Environment="JOURNEY_SERVICE_FAILED_COMMAND=/usr/bin/systemctl is-failed --quiet ${o.loopUnit}"`, 'SuccessExitStatus=1',
      'TimeoutStartSec=180', ...hardening(o, '256M')]));
  files.set(`systemd/${n.watchdog}.timer`, timer('journey: watchdog every 5 minutes', `${n.watchdog}.service`, '2min', '*:0/5', '30s'));
  files.set(`systemd/${n.judge}.service`, unit('journey: meta-judge review', [],
    ['Type=oneshot', run('ops/judge-cli.ts'), 'TimeoutStartSec=480', ...hardening(o, '1G')]));
  files.set(`systemd/${n.judge}.timer`, timer('journey: meta-judge every 30 minutes', `${n.judge}.service`, '5min', '*:0/30', '1min'));
  files.set(`polkit-1/rules.d/50-${n.watchdog}.rules`, [
    '// Rendered by `npm run deploy:install`: journey\'s watchdog may restart the loop\'s unit, and nothing else.',
    'polkit.addRule(function (action, subject) {',
    '  if (action.id == "org.freedesktop.systemd1.manage-units" &&',
    `      action.lookup("unit") == ${JSON.stringify(o.loopUnit)} &&`,
    '      action.lookup("verb") == "restart" &&',
    `      subject.user == ${JSON.stringify(o.user)}) {`,
    '    return polkit.Result.YES;',
    '  }',
    '});',
    '',
  ].join('\n'));
  return files;
}

/** What an operator runs after installing, in order. */
export function enableCommands(o: Pick<UnitOptions, 'triggerConsumer' | 'unitPrefix'>): string[] {
  const n = unitNames(o.unitPrefix);
  return [
    'systemctl daemon-reload',
    `systemctl enable --now ${n.server}.service`,
    `systemctl enable --now ${n.synth}.timer ${n.monitor}.timer ${n.watchdog}.timer ${n.judge}.timer`,
    // Exactly one consumer of the trigger file.
    ...(o.triggerConsumer === 'path' ? [`systemctl enable --now ${n.bridge}.path`] : []),
  ];
}

// `npm run scan -- DIR [--json]`: the leak scan of a built site, exactly as synth runs it before a swap.
import { info, out, progressLine } from '../core/log.ts';
import { statSync } from 'node:fs';
import path from 'node:path';
import { main, usageError, type CommandSpec } from '../cli/define-command.ts';
import { JourneyError } from '../core/journey-error.ts';
import { readDetector } from '../redact/read-detector.ts';
import { formatFileFinding, readScanDir } from '../redact/read-scan-dir.ts';

export const scanCommand: CommandSpec = {
  invocation: 'npm run scan --',
  positionals: 'DIR',
  summary: [
    "Scan every file below DIR with journey's rule table and secretlint's recommended preset, after undoing",
    "each format's escaping (HTML, JSON, JS, XML, percent, base64, .gz/.br twins, image and font text).",
    'Symlinks, special files and unexpected dotfiles are findings too. Values are never printed: each',
    'finding names file, line, column, rule and a keyed fingerprint.',
    'Exit codes: 0 clean, 1 findings, 2 usage error.',
  ].join('\n'),
  flags: [{ name: 'json', type: 'boolean', description: 'print only {"files_scanned","bytes_scanned","findings"} as JSON on stdout' }],
  examples: ['npm run scan -- data/current', 'npm run --silent scan -- data/releases/20261121T113000Z-ab12cd --json | jq .findings'],
  async run({ config, flags, positionals }) {
    if (positionals.length !== 1) throw usageError(scanCommand, 'give exactly one folder to scan');
    const dir = path.resolve(positionals[0]!);
    let isDirectory = false;
    try {
      isDirectory = statSync(dir).isDirectory();
    } catch {
      // reported below
    }
    if (!isDirectory) {
      throw new JourneyError('JOURNEY_SCAN_DIR_MISSING', `${dir} is not a folder`); // the catalogue's fix
    }
    const json = flags['json'] === true;
    const warn = (text: string) => info(text);
    const detector = readDetector(config, { createKey: false, warn });
    const progress = process.stderr.isTTY && !json;
    const started = performance.now();
    const report = await readScanDir(dir, detector, {
      onFile: (done) => {
        if (progress && done % 50 === 0) progressLine(`scanned ${done} files`);
      },
    });
    if (progress) progressLine('');
    const findings = report.findings.map(({ file, line, column, rule, fingerprint }) => ({ file, line, column, rule, fingerprint }));
    if (json) {
      out(`${JSON.stringify({ files_scanned: report.files, bytes_scanned: report.bytes, findings })}\n`);
    } else {
      for (const finding of report.findings) out(`${formatFileFinding(finding)}\n`);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      out(`${report.files} files, ${(report.bytes / 1e6).toFixed(1)} MB scanned in ${seconds} s: ${findings.length === 0 ? 'clean' : `${findings.length} findings`}\n`);
    }
    return findings.length === 0 ? 0 : 1;
  },
};

if (import.meta.main) main(scanCommand);

// Routes a third pair of eyes found from a secret named once to its bare repeats: a long log's head
// that names a credential without the word password, a folder or file the loop named after a learned
// value (and a command that prints it later), a learned value another iteration writes encoded, a label and its value in one column of a list of records, a YAML alias named like a secret.
import { readdirSync, readFileSync, mkdirSync, writeFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTestLoop } from '../../testkit/demo-loop.ts';
import { publishLoop, runCli, tempDir } from '../../testkit/run-cli.ts';

const numbered = (from: number, count: number) => Array.from({ length: count }, (_, i) => `line ${from + i}`).join('\n');

/** Every file under `dir` but the learned-secrets store (which holds the values by design), with its text. */
function filesUnder(dir: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: false }) as string[]) {
    const file = path.join(dir, entry);
    if (entry === 'learned-secrets' || !statSync(file).isFile()) continue;
    out.push([entry, readFileSync(file, 'latin1')]);
  }
  return out;
}

describe('npm run synth against values named once and repeated elsewhere', () => {
  it('publishes none of them, in any file of the data folder or any line it prints', async () => {
    const loopDir = tempDir('attack3-loop');
    const dataDir = tempDir('attack3-data');
    writeTestLoop(loopDir, 4);
    const values = {
      mysql: 'Fen-Oriel-4410', sudo: 'Fen-Oriel-4411', kennwort: 'Fen-Oriel-4412', curl: 'Fen-Oriel-4414', cyrillic: 'Fen-Oriel-4415',
      folder: 'amber-falcon-88', column: 'Gorse-Vale-5530', alias: 'Heron-Mist-6641', encoded: 'Lichen!osprey-8753',
    };
    const forms = { encodedUrl: 'Lichen%21osprey-8753', encodedJson: 'Lichen\\u0021osprey-8753', encodedBase64: Buffer.from(values.encoded).toString('base64') };
    // A long log whose head names each credential in a way no `password` word announces; its tail repeats them bare.
    const head = [`mysql -u root -p${values.mysql} ledger`, `echo ${values.sudo} | sudo -S apt-get update`, `Kennwort: ${values.kennwort}`,
      `curl -u admin:${values.curl} https://api.example.com/v1`, `пароль: ${values.cyrillic}`, numbered(1, 20_000)];
    const tail = [`retry ${values.mysql} ${values.sudo} ${values.kennwort} ${values.curl} ${values.cyrillic}`, numbered(20_001, 10)];
    writeFileSync(path.join(loopDir, 'iterations', '0001', 'log.txt'), `${head.join('\n')}\n${tail.join('\n')}\n`);
    // A value learned in one iteration names a folder the loop made and a subagent file it wrote half.
    writeFileSync(path.join(loopDir, 'iterations', '0002', 'plan.md'), `Deploy with\n\n    export API_TOKEN=${values.folder}\n    export DB_PASSWORD='${values.encoded}'\n`);
    // Another iteration's log repeats that password URL-encoded, JSON-escaped and in base64, with no name near it.
    const encodedRepeats = [`GET /probe/${encodeURIComponent(values.encoded).replace('!', '%21')} 200`, `echo "${values.encoded.replace('!', '\\u0021')}"`,
      `blob ${Buffer.from(values.encoded).toString('base64')}`];
    writeFileSync(path.join(loopDir, 'iterations', '0003', 'log.txt'), `${encodedRepeats.join('\n')}\n`);
    mkdirSync(path.join(loopDir, 'iterations', values.folder));
    mkdirSync(path.join(loopDir, 'subagents'), { recursive: true });
    writeFileSync(path.join(loopDir, 'subagents', `${values.folder}.json`), '{not json');
    // A label in one test's name, its value in the next test's name: one column of the page's list.
    const testsFile = path.join(loopDir, 'iterations', '0002', 'tests.json');
    const tests = JSON.parse(readFileSync(testsFile, 'utf8')) as { cases: Array<{ name: string }> };
    tests.cases[0]!.name = 'staging db password:';
    tests.cases[1]!.name = values.column;
    writeFileSync(testsFile, JSON.stringify(tests));
    // An alias the parser cannot resolve: its message names the alias.
    writeFileSync(path.join(loopDir, 'acceptance', 'parity-matrix.yaml'), `features:\n  - id: a\n    name: *${values.alias}\n    state: green\n`);

    const result = await publishLoop(loopDir, dataDir, { env: { JOURNEY_MAX_FILE_BYTES: '100000' } });
    expect(result.code, result.stderr).toBe(3);
    // A command that prints the loop's own words afterwards (the state's phase) knows the learned values too.
    const state = JSON.parse(readFileSync(path.join(loopDir, 'state.json'), 'utf8')) as { phase: string };
    writeFileSync(path.join(loopDir, 'state.json'), JSON.stringify({ ...state, phase: values.folder }));
    const monitor = await runCli('ops/monitor-cli.ts', ['--data-dir', dataDir, '--loop-dir', loopDir]);
    expect(monitor.stdout).toMatch(/\[REDACTED:(?:credential-assignment|learned-secret)#[0-9a-f]{4}\]/);
    const printed = result.stdout + result.stderr + monitor.stdout + monitor.stderr;
    for (const [name, value] of Object.entries({ ...values, ...forms })) {
      expect(printed.includes(value), `${name} in the output`).toBe(false);
      const holding = filesUnder(dataDir).filter(([, text]) => text.includes(value)).map(([file]) => file);
      expect(holding, `${name} in the data folder`).toEqual([]);
    }
    // The positions are still named.
    expect(result.stderr).toMatch(/iterations\/\[REDACTED:(?:credential-assignment|learned-secret)#[0-9a-f]{4}\]: is not an iteration number/);
    expect(result.stderr).toContain('acceptance/parity-matrix.yaml:1: cannot be expanded (an alias it cannot resolve)');
  }, 180_000);
});

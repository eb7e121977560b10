// Usage errors say what was meant: a did-you-mean for a mistyped flag, the range of a number, the
// flag a value is missing from; each exits 2 and ends with the --help hint (STYLE rule 19).
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../../testkit/run-cli.ts';

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);

describe('usage errors', () => {
  it.each([
    ['--pubic', 'unknown option --pubic; did you mean --public?'],
    ['-public', 'unknown option -public; did you mean --public?'],
    ['--dryrun', 'unknown option --dryrun; did you mean --dry-run?'],
    ['--rebuild', 'unknown option --rebuild; did you mean --rebuild-site?'],
    ['--loopdir=/srv/loop', 'unknown option --loopdir; did you mean --loop-dir?'],
    ['--d', 'unknown option --d; did you mean --dry-run or --data-dir?'],
    ['--no-such-flag', 'unknown option --no-such-flag'],
  ])('synth %s exits 2 with the closest flag offered and the --help hint last', async (typed, message) => {
    const result = await runCli('synth/synth-cli.ts', [typed]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`JOURNEY_USAGE: ${message}\nRun \`npm run synth -- --help\` for usage.\n`);
  });

  it('a negative number for a numeric flag names the range and what was given, whether written --flag -3 or --flag=-3', async () => {
    for (const args of [['--iterations', '-3'], ['--iterations=-3']]) {
      const result = await runCli('demo/demo-cli.ts', [...args, '--out', tempDir('neg')]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toBe('JOURNEY_USAGE: --iterations must be a whole number from 0 to 100000, got -3\nRun `npm run demo -- --help` for usage.\n');
    }
    const words = await runCli('demo/demo-cli.ts', ['--iterations', 'ten', '--out', tempDir('neg')]);
    expect(words.stderr).toContain('--iterations must be a whole number from 0 to 100000, got ten');
  });

  it('a negative number for a setting given as a flag says what it got, and points at --help', async () => {
    const result = await runCli('admin/config-cli.ts', ['--print', '--port', '-3', '--data-dir', tempDir('neg-port')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe([
      'JOURNEY_CONFIG_INVALID: setting "port" from flag --port must be an integer from 0 to 65535, got -3',
      '  fix: Correct the value; `npm run config -- --print` shows every setting and where it comes from.',
      'Run `npm run config -- --help` for usage.',
      '',
    ].join('\n'));
  });

  it('a flag whose value was forgotten is named, and a value that starts with a dash is shown how to pass', async () => {
    const forgotten = await runCli('demo/demo-cli.ts', ['--out', '--seed', 'x']);
    expect(forgotten.code).toBe(2);
    expect(forgotten.stderr).toContain('JOURNEY_USAGE: --out needs a value, got the option --seed; write --out=--seed if that is the value');
    const last = await runCli('demo/demo-cli.ts', ['--out']);
    expect(last.stderr).toContain('JOURNEY_USAGE: --out needs a value\n');
    const switchValue = await runCli('synth/synth-cli.ts', ['--public=yes']);
    expect(switchValue.stderr).toContain('JOURNEY_USAGE: --public is a switch and takes no value\n');
    const stray = await runCli('synth/synth-cli.ts', ['public']);
    expect(stray.stderr).toContain('JOURNEY_USAGE: unexpected argument public: this command takes options only\n');
    for (const result of [forgotten, last, switchValue, stray]) {
      expect(result.code).toBe(2);
      expect(lastLine(result.stderr)).toMatch(/^Run `npm run \w+ -- --help` for usage\.$/);
    }
  });

  it('--help wins over a mistyped flag beside it', async () => {
    const result = await runCli('synth/synth-cli.ts', ['--pubic', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: npm run synth -- \[options\]/);
  });

  it('a usage error found by the command itself (not by the flag parser) also ends with the hint, and only once', async () => {
    const result = await runCli('synth/synth-cli.ts', ['--loop-dir', tempDir('no-public')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe([
      'JOURNEY_USAGE: pass --public: journey writes only the redacted public projection, and the data folder is served publicly',
      'Run `npm run synth -- --help` for usage.',
      '',
    ].join('\n'));
  });
});

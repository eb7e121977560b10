// Bad input on real `synth` runs: the smallest thing that is wrong is withheld behind a visible
// marker, the operator reads file, line and fix, and the rest publishes. One table, one run per row.
import { appendFileSync, closeSync, mkdirSync, openSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { INVALID_MARKER } from '../../synth/project-public.ts';
import type { IterationPage, SiteData } from '../../contract/site-data-schema.ts';
import { writeTestLoop } from '../../testkit/demo-loop.ts';
import { publishLoop, tempDir, type CliResult } from '../../testkit/run-cli.ts';

const synth = (loopDir: string, dataDir: string, env: NodeJS.ProcessEnv = {}) => publishLoop(loopDir, dataDir, { env });
const siteData = (dataDir: string) => JSON.parse(readFileSync(path.join(dataDir, 'current', 'site-data.json'), 'utf8')) as SiteData;
const folder = (loopDir: string, n: number) => path.join(loopDir, 'iterations', String(n).padStart(4, '0'));
const pageOf = (dataDir: string, n: number) => JSON.parse(readFileSync(path.join(dataDir, 'current', 'iterations', `${n}.json`), 'utf8')) as IterationPage;
const editJson = (file: string, edit: (value: Record<string, unknown>) => unknown) =>
  writeFileSync(file, JSON.stringify(edit(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>), null, 2));

/** What a row's run published: the current release's site data, pages and files. */
interface Published {
  data: SiteData;
  page: (n: number) => IterationPage;
  html: (file: string) => string;
  /** The site data and pages of the same loop published without the bad input. */
  clean: SiteData;
  cleanPage: (n: number) => IterationPage;
}

interface BadInput {
  what: string;
  plant: (loopDir: string) => void;
  env?: NodeJS.ProcessEnv;
  exit: 0 | 3;
  /** The lines the operator reads (code, file, line, field, fix), in order; none when nothing is said. */
  says: RegExp[];
  published: (site: Published) => void;
}

/** Writes `megabytes` of ordinary log lines to `file`, then `last`. */
function writeLongLog(file: string, megabytes: number, last: string): void {
  const fd = openSync(file, 'w');
  try {
    const chunk = 'step 4711: compiled 12 modules, 0 warnings, cache warm\n'.repeat(20_000);
    for (let written = 0; written < megabytes * 1024 * 1024; written += chunk.length) writeSync(fd, chunk);
    writeSync(fd, `${last}\n`);
  } finally {
    closeSync(fd);
  }
}

const ITERATIONS = 6;
const LAST_LOG_LINE = 'the newest line of a very long log';

const TABLE: BadInput[] = [
  {
    what: 'a 50 MB log.txt (over the 20 MB cap)',
    plant: (loop) => writeLongLog(path.join(folder(loop, 3), 'log.txt'), 50, LAST_LOG_LINE),
    exit: 0,
    says: [],
    published: ({ data, page, html, clean, cleanPage }) => {
      expect(page(3).status).toBe('complete');
      expect(page(3).log!.trimEnd().endsWith(LAST_LOG_LINE)).toBe(true);
      expect(page(3).log!.split('\n').length).toBeLessThanOrEqual(2001);
      expect(page(3).log_lines_withheld).toBeGreaterThan(900_000);
      expect(page(3).plan).toBe(cleanPage(3).plan);
      expect(data.totals.cost_usd).toBe(clean.totals.cost_usd);
      expect(data.iterations[2]!.cost_usd).toBeGreaterThan(0);
      expect(html('iterations/3.html')).toMatch(/id="log-withheld">\d+ lines withheld for size/);
    },
  },
  {
    what: 'state.json naming a phase and a status journey does not know',
    plant: (loop) => editJson(path.join(loop, 'state.json'), (state) => ({ ...state, phase: 'reviewer', status: 'thinking' })),
    exit: 0,
    says: [],
    published: ({ data, html }) => {
      expect(data.state).toMatchObject({ phase: 'reviewer', status: 'thinking' });
      expect(html('index.html')).toContain('id="current-phase">reviewer<');
      expect(html('index.html')).toContain('id="loop-status">thinking<');
    },
  },
  {
    what: 'a truncated state.json',
    plant: (loop) => writeFileSync(path.join(loop, 'state.json'), readFileSync(path.join(loop, 'state.json'), 'utf8').slice(0, 40)),
    exit: 3,
    says: [/withheld: JOURNEY_LOOP_STATE_INVALID: state\.json:\d+: is not valid JSON; this section is withheld\. fix: \S/],
    published: ({ data, html, clean }) => {
      expect(data.state).toBeNull();
      expect(data.withheld_sections).toEqual([{ section: 'state', file: 'state.json', since: expect.stringMatching(/^\d{4}-/) }]);
      expect(html('index.html')).toMatch(/state\.json unreadable since \d{4}-\d\d-\d\d [\d:]+Z: the loop&#39;s status is unknown/);
      expect(data.iterations).toHaveLength(clean.iterations.length);
      expect(data.totals.cost_usd).toBe(clean.totals.cost_usd);
    },
  },
  {
    what: 'a state.json that is a JSON array',
    plant: (loop) => writeFileSync(path.join(loop, 'state.json'), '[1, 2, 3]\n'),
    exit: 3,
    says: [/withheld: JOURNEY_LOOP_STATE_INVALID: state\.json:1: Invalid input: expected object, received array; this section is withheld\. fix: \S/],
    published: ({ data, html }) => {
      expect(data.withheld_sections.map((w) => w.section)).toEqual(['state']);
      expect(html('index.html')).toContain('data-withheld-section="state"');
      expect(html('iterations/2.html')).toContain('<h2 id="plan">');
    },
  },
  {
    what: 'invalid YAML in acceptance/parity-matrix.yaml',
    plant: (loop) => appendFileSync(path.join(loop, 'acceptance', 'parity-matrix.yaml'), '  - id: [unclosed\n'),
    exit: 3,
    says: [/withheld: JOURNEY_LOOP_PARITY_INVALID: acceptance\/parity-matrix\.yaml:\d+: is not valid YAML \(\w+\); this section is withheld\. fix: \S/],
    published: ({ data, html }) => {
      expect(data.parity).toBeNull();
      expect(html('parity/index.html')).toMatch(/acceptance\/parity-matrix\.yaml unreadable since [^:]+:\d\d:\d\dZ: the parity matrix is not shown/);
      expect(html('index.html')).toContain('data-withheld-section="parity"');
      expect(data.state).not.toBeNull();
    },
  },
  {
    what: 'a parity feature in a state journey does not know',
    plant: (loop) => {
      const file = path.join(loop, 'acceptance', 'parity-matrix.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/state: \w+/, 'state: purple'));
    },
    exit: 3,
    says: [/withheld: JOURNEY_LOOP_PARITY_INVALID: acceptance\/parity-matrix\.yaml:\d+ field "features\.0\.state": .+; this section is withheld\. fix: \S/],
    published: ({ data }) => expect(data.withheld_sections.map((w) => w.section)).toEqual(['parity']),
  },
  {
    what: 'a state-heartbeat.json that is not JSON',
    plant: (loop) => writeFileSync(path.join(loop, 'state-heartbeat.json'), '{"ts": '),
    exit: 3,
    says: [/withheld: JOURNEY_HEARTBEAT_INVALID: state-heartbeat\.json:1: is not valid JSON; this section is withheld\. fix: \S/],
    published: ({ data, html }) => {
      expect(data.heartbeat).toBeNull();
      expect(html('index.html')).toContain('state-heartbeat.json unreadable since');
      expect(data.state).not.toBeNull();
    },
  },
  {
    what: 'an iteration folder that is a symlink to /etc',
    plant: (loop) => symlinkSync('/etc', path.join(loop, 'iterations', String(ITERATIONS + 1))),
    exit: 3,
    says: [new RegExp(`withheld: JOURNEY_ITERATION_INVALID: iterations/${ITERATIONS + 1}: is a symlink pointing outside the loop folder\\. fix: \\S`)],
    published: ({ data, page, html }) => {
      const phantom = data.iterations.find((it) => it.number === ITERATIONS + 1)!;
      expect(phantom.status).toBe('withheld');
      expect(page(ITERATIONS + 1).notes).toEqual([`withheld: iterations/${ITERATIONS + 1}: is a symlink pointing outside the loop folder`]);
      expect(html(`iterations/${ITERATIONS + 1}.html`)).toContain(`iteration ${ITERATIONS + 1} withheld: invalid input`);
      expect(html(`iterations/${ITERATIONS + 1}.html`)).not.toMatch(/root:x?:0:0|passwd/);
    },
  },
  {
    what: 'a folder under iterations/ whose name is not a number',
    plant: (loop) => mkdirSync(path.join(loop, 'iterations', 'abc')),
    exit: 3,
    says: [/withheld: JOURNEY_ITERATION_NAME: iterations\/abc: is not an iteration number: skipped\. fix: \S/],
    published: ({ data, html, clean }) => {
      expect(data.withheld).toContainEqual({ item: 'iterations/abc', reason: 'invalid input' });
      expect(html('index.html')).toContain('iterations/abc withheld: invalid input');
      expect(data.iterations).toHaveLength(clean.iterations.length);
    },
  },
  {
    what: 'tests.json whose counts disagree with its cases',
    plant: (loop) => editJson(path.join(folder(loop, 2), 'tests.json'), () => ({
      passed: 3, failed: 0, skipped: 0, cases: [{ name: 'parses money', status: 'passed', duration_ms: 4 }],
    })),
    exit: 0,
    says: [/note: JOURNEY_TESTS_DISAGREE: iterations\/0002\/tests\.json field "passed": says 3 passed but lists 1 passed case; both are shown as written\. fix: \S/],
    published: ({ data, page, html }) => {
      expect(page(2).tests).toMatchObject({ passed: 3, cases: [{ name: 'parses money' }] });
      expect(page(2).notes).toEqual([expect.stringMatching(/^note: iterations\/0002\/tests\.json field "passed": says 3 passed but lists 1 passed case/)]);
      expect(html('iterations/2.html')).toMatch(/<ul class="notice" id="notes"><li>note: iterations\/0002\/tests\.json field &quot;passed&quot;: says 3 passed/);
      expect(data.withheld).toEqual([]);
    },
  },
  {
    what: 'iteration.json with a title of the wrong type',
    plant: (loop) => editJson(path.join(folder(loop, 2), 'iteration.json'), (meta) => ({ ...meta, title: 42 })),
    exit: 3,
    says: [/withheld: JOURNEY_ITERATION_INVALID: iterations\/0002\/iteration\.json:3 field "title": Invalid input: expected string, received number; left out, the rest is published\. fix: \S/],
    published: ({ data, page, clean }) => {
      expect(page(2)).toMatchObject({ status: 'complete', title: 'Iteration 2', withheld_fields: ['title'] });
      expect(page(2).plan).not.toBeNull();
      expect(page(2).phases.length).toBeGreaterThan(0);
      expect(data.totals.cost_usd).toBe(clean.totals.cost_usd);
      expect(data.withheld).toEqual([{ item: 'iteration 2 iteration.json title', reason: 'invalid input' }]);
    },
  },
  {
    what: 'one phase of iteration.json with a negative cost',
    plant: (loop) => editJson(path.join(folder(loop, 2), 'iteration.json'), (meta) => ({
      ...meta, phases: (meta['phases'] as Record<string, unknown>[]).map((p, i) => (i === 1 ? { ...p, cost_usd: -1 } : p)),
    })),
    exit: 3,
    says: [/withheld: JOURNEY_ITERATION_INVALID: iterations\/0002\/iteration\.json:\d+ field "phases\.1": Too small: expected number to be >=0; left out, the rest is published\. fix: \S/],
    published: ({ page, cleanPage }) => {
      expect(page(2).phases).toEqual(cleanPage(2).phases.filter((_, i) => i !== 1));
      expect(page(2).withheld_fields).toEqual(['phases.1']);
      expect(page(2).title).not.toBe('Iteration 2');
    },
  },
  {
    what: 'one test case of tests.json with a status journey does not know',
    plant: (loop) => editJson(path.join(folder(loop, 2), 'tests.json'), (tests) => ({
      ...tests, cases: (tests['cases'] as Record<string, unknown>[]).map((c, i) => (i === 0 ? { ...c, status: 'flaky' } : c)),
    })),
    exit: 3,
    says: [
      /withheld: JOURNEY_ITERATION_INVALID: iterations\/0002\/tests\.json:\d+ field "cases\.0": .+; left out, the rest is published\. fix: \S/,
      // The count still names the case left out: the cases kept disagree with it, and the reader is told.
      /note: JOURNEY_TESTS_DISAGREE: iterations\/0002\/tests\.json field "\w+": says \d+ \w+ but lists \d+ \w+ cases?; both are shown as written\. fix: \S/,
    ],
    published: ({ page }) => {
      expect(page(2).withheld_fields).toEqual(['tests.cases.0']);
      expect(page(2).tests!.cases.length).toBeGreaterThan(0);
    },
  },
  {
    what: 'a log.txt holding binary data',
    plant: (loop) => writeFileSync(path.join(folder(loop, 3), 'log.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0xff, 0x00])),
    exit: 3,
    says: [/withheld: JOURNEY_ITERATION_INVALID: iterations\/0003\/log\.txt: holds binary data \(NUL bytes\)\. fix: \S/],
    published: ({ data, page }) => {
      expect(page(3)).toMatchObject({ status: 'complete', log: INVALID_MARKER, withheld_fields: ['log'] });
      expect(page(3).plan).not.toBeNull();
      expect(data.withheld).toEqual([{ item: 'iteration 3 log.txt', reason: 'invalid input' }]);
    },
  },
  {
    what: 'a plan.md that is not UTF-8',
    plant: (loop) => writeFileSync(path.join(folder(loop, 4), 'plan.md'), Buffer.from([0x23, 0x20, 0xc3, 0x28, 0x0a])),
    exit: 3,
    says: [/withheld: JOURNEY_ITERATION_INVALID: iterations\/0004\/plan\.md: is not valid UTF-8\. fix: \S/],
    published: ({ page, html }) => {
      expect(page(4)).toMatchObject({ plan: INVALID_MARKER, withheld_fields: ['plan'] });
      expect(page(4).diff).not.toBeNull();
      expect(html('iterations/4.html')).toContain('withheld: iterations/0004/plan.md: is not valid UTF-8');
    },
  },
  {
    what: 'a plan.md symlinked to /etc/passwd',
    plant: (loop) => {
      unlinkSync(path.join(folder(loop, 5), 'plan.md'));
      symlinkSync('/etc/passwd', path.join(folder(loop, 5), 'plan.md'));
    },
    exit: 3,
    says: [/withheld: JOURNEY_ITERATION_INVALID: iterations\/0005\/plan\.md: is a symlink pointing outside the loop folder\. fix: \S/],
    published: ({ page, html }) => {
      expect(page(5).plan).toBe(INVALID_MARKER);
      expect(html('iterations/5.html')).not.toMatch(/root:x?:0:0/);
    },
  },
  {
    what: 'a diff.patch over the size cap',
    plant: (loop) => writeFileSync(path.join(folder(loop, 5), 'diff.patch'), `${'+ added line\n'.repeat(6_000)}`),
    env: { JOURNEY_MAX_FILE_BYTES: '60000' },
    exit: 3,
    says: [/withheld: JOURNEY_ITERATION_INVALID: iterations\/0005\/diff\.patch: is 78000 bytes, over the size cap of 60000\. fix: \S/],
    published: ({ page }) => {
      expect(page(5)).toMatchObject({ status: 'complete', diff: INVALID_MARKER, withheld_fields: ['diff'] });
      expect(page(5).plan).not.toBe(INVALID_MARKER);
    },
  },
];

describe('one bad file withholds the smallest thing that is wrong, and the rest publishes', () => {
  /** A clean publish first, to compare each row with (the render bundle is the suite's shared one: vitest.config.ts). */
  const cleanLoop = tempDir('table-clean-loop');
  const cleanData = tempDir('table-clean-data');
  let clean: SiteData;
  beforeAll(async () => {
    writeTestLoop(cleanLoop, ITERATIONS);
    expect((await synth(cleanLoop, cleanData)).code).toBe(0);
    clean = siteData(cleanData);
  }, 180_000);

  for (const row of TABLE) {
    it(`${row.what}: exit ${row.exit}${row.says.length > 0 ? ', names file, line and fix' : ''}`, async () => {
      const loopDir = tempDir('table-loop');
      const dataDir = tempDir('table-data');
      writeTestLoop(loopDir, ITERATIONS);
      row.plant(loopDir);
      let result: CliResult;
      try {
        result = await synth(loopDir, dataDir, row.env);
      } finally {
        rmSync(path.join(folder(loopDir, 3), 'log.txt'), { force: true }); // the 50 MB log goes at once
      }
      expect(result.code, result.stderr).toBe(row.exit);
      const said = result.stderr.split('\n').filter((line) => /^\s+(withheld|note): /.test(line));
      expect(said, result.stderr).toHaveLength(row.says.length);
      row.says.forEach((line, i) => {
        expect(said[i]).toMatch(line);
      });
      expect(result.stderr).toMatch(/published release \S+/);
      row.published({
        data: siteData(dataDir), clean, cleanPage: (n) => pageOf(cleanData, n), page: (n) => pageOf(dataDir, n),
        html: (file) => readFileSync(path.join(dataDir, 'current', file), 'utf8'),
      });
    }, 180_000);
  }
});

describe('verdicts.jsonl', () => {
  it('skips a last line without its newline quietly and publishes it next time', async () => {
    const loopDir = tempDir('partial-loop');
    const dataDir = tempDir('partial-data');
    writeTestLoop(loopDir, 4);
    const file = path.join(loopDir, 'verdicts.jsonl');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    writeFileSync(file, `${lines.join('\n')}\n${lines.at(-1)!.replace(/"iteration":3/, '"iteration":4').slice(0, -1)}`);
    const first = await synth(loopDir, dataDir);
    expect(first.code).toBe(0);
    expect(first.stderr).not.toContain('verdicts.jsonl');
    expect(siteData(dataDir).iterations.find((i) => i.number === 4)!.verdict).toBeNull();
    appendFileSync(file, '}\n');
    const second = await synth(loopDir, dataDir);
    expect(second.code).toBe(0);
    expect(siteData(dataDir).iterations.find((i) => i.number === 4)!.verdict).not.toBeNull();
  });

  it('withholds corrupt lines in the middle (bad JSON, binary bytes) and publishes the others (exit 3)', async () => {
    const loopDir = tempDir('corrupt-loop');
    const dataDir = tempDir('corrupt-data');
    writeTestLoop(loopDir, 5);
    const file = path.join(loopDir, 'verdicts.jsonl');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    lines[1] = '{"iteration": 2, "verdict": "pass", garbage';
    lines[2] = `${lines[2]!.slice(0, 20)}\u0000\u00ff`;
    writeFileSync(file, `${lines.join('\n')}\n`);
    const result = await synth(loopDir, dataDir);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/JOURNEY_VERDICT_INVALID: verdicts\.jsonl:2: is not valid JSON\. fix: \S/);
    const data = siteData(dataDir);
    expect(result.stderr).toMatch(/JOURNEY_VERDICT_INVALID: verdicts\.jsonl:3: holds binary data \(NUL bytes\)\. fix: \S/);
    expect(data.withheld).toContainEqual({ item: 'verdicts.jsonl line 2', reason: 'invalid input' });
    expect(data.withheld).toContainEqual({ item: 'verdicts.jsonl line 3', reason: 'invalid input' });
    expect(data.iterations.filter((i) => i.verdict !== null).map((i) => i.number)).toEqual([1, 4]);
  });
});

describe('npm run synth with a text the redactor cannot vouch for', () => {
  it('withholds that field behind a visible marker, names file, line, column and rule, publishes the rest, exits 3', async () => {
    const loopDir = tempDir('withhold-loop');
    const dataDir = tempDir('withhold-data');
    writeTestLoop(loopDir, 3);
    const unterminated = ['-----BEGIN RSA PRIVATE', ' KEY-----\nMIIEowIBAAKCAQEA'].join('');
    writeFileSync(path.join(folder(loopDir, 2), 'plan.md'), `# Plan\nread the deploy key:\n${unterminated}\n`);
    const result = await synth(loopDir, dataDir);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('JOURNEY_REDACT_UNSURE: iterations/0002/plan.md:3:1 field "plan" rule private-key: withheld: a private key block without its end marker');
    expect(result.stderr + result.stdout).not.toContain('MIIEow');
    const page = readFileSync(path.join(dataDir, 'current', 'iterations', '2.html'), 'utf8');
    expect(page).toContain('[WITHHELD: could not be redacted safely]');
    expect(page).toContain('<h2 id="diff">');
    const data = siteData(dataDir);
    expect(data.withheld).toContainEqual({ item: 'iteration 2 plan', reason: 'could not be redacted safely' });
    expect(data.iterations[1]?.withheld_fields).toBe(1);
    expect(data.redactions.total).toBeGreaterThan(0);
    expect(data.iterations.some((it) => it.redactions > 0)).toBe(true);
  }, 180_000);
});

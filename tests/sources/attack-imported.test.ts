// Every route a fresh-eyes attack found onto the site through the importers, published by the real
// command: terminal hard wraps inside a URL, a token or a credential's name; a clip inside a quoted
// passphrase or a wrapped token; a title cut inside a value; a replacement character or a lone
// surrogate inside a token; a password SQL sets. None of tests/fixtures/attacks/imported/<case>/needles
// may appear in what is published or printed. And what crashed or misled a publish: a lone surrogate in
// a learned value, a time past what a Date holds, a subagents folder that is a symlink out of the folder.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishLoop, REPO, tempDir } from '../../testkit/run-cli.ts';
import { filesBelow } from '../../testkit/source-folder.ts';

const CASES = path.join(REPO, 'tests', 'fixtures', 'attacks', 'imported');
const ENV = { JOURNEY_REDACT_KEY: 'attack-imported-key-0123456789abcdef', JOURNEY_VLLM_URL: '', JOURNEY_NVIDIA_SMI: '' };


/** Where each needle appears: the published folders and the command's output, case-insensitive. */
function hits(dataDir: string, output: string, needles: readonly string[]): string[] {
  const texts = [...['current', 'public', 'snapshots'].flatMap((dir) => filesBelow(path.join(dataDir, dir)))
    .map((file) => ({ where: path.relative(dataDir, file), text: readFileSync(file, 'utf8').toLowerCase() })), { where: 'output', text: output.toLowerCase() }];
  return needles.flatMap((needle) => texts.filter((t) => t.text.includes(needle.toLowerCase())).map((t) => `${needle.slice(0, 4)}… in ${t.where}`));
}

const cases = readdirSync(CASES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

/**
 * Attacks that still get through, and why: a limit stated, not a failure hidden. The test checks each
 * still does, so the list shrinks as soon as the redactor learns the class.
 */
const KNOWN_MISSES: Record<string, string> = {
  // A name at the end of one iteration's plan, its value at the end of the next: each page alone holds a
  // bare low-entropy word, which no detector can call a secret; only the compare page sets them side by side.
  'attack31-compare-label-value': 'a label in one iteration and its value in the next, side by side on the compare page',
  'attack40-label-next-line-bare-labels': 'a plain word under a label that names no credential alone (Wi-Fi:, Key: under an SSID line) or a heading without its colon (Password)',
  // Attack 43's routes still open: markup and prose shapes the readings do not take yet.
  'attack43-conflict-marker-value': "a value on the line after a label's merge-conflict marker (password: <<<<<<< HEAD / v)",
  'attack43-latex-math-label': 'a label and its value in LaTeX math ($\\text{password} = \\texttt{v}$)',
  'attack43-markup-link-dialects': "links of other markup languages (Org, wiki, reStructuredText, BBCode, LaTeX, AsciiDoc, Pandoc's attributes)",
  'attack43-md-footnote-use-shapes': 'a footnote used on the line after its word, after words that name no credential, or inline (^[v])',
  'attack43-md-link-title-shapes': 'a link title of several words with escaped quotes',
  'attack43-md-refdef-shapes': "a reference id broken over two lines",
  'attack43-label-pair-next-line-shapes': 'a user and a password as two list items under Login:, or in a table under a Login header',
  'attack43-prose-chosen-word-clause-goes-on': 'a plain word after its is in a question or in the sentence after the one naming the password',
  'attack43-prose-chosen-word-other-verbs': "a plain word after password's or right after the word with no verb (use the password v to log in)",
  'attack43-prose-chosen-word-shapes': 'a plain word on the line after the password and its is',
  'attack43-prose-chosen-word-state-endings': 'a plain lower-case word of another language with a state\'s ending (serenata)',
  'attack43-toml-multiline-string': 'a value in a multi-line TOML string opened on the line of its name',
  // Attack 44's routes still open.
  'attack44-code-fallback-other-langs': "a fallback assigned in an if block after the lookup (Go's if pw == \"\" { pw = \"v\" })",
  'attack44-jq-arg-and-setpath': "a jq path assigned a variable passed in by --arg",
  'attack44-md-link-text-and-url-path': 'a value as the link text a sentence names, or as a segment of a URL path',
  'attack44-prose-contrast-negation': "a plain word after a negation (isn't admin, it's v)",
  'attack44-prose-copula-interrupted': 'words between the is and a plain word (as agreed, is v; is the word v; is — v)',
  'attack44-prose-other-verb-forms': 'a plain word after a colon of a sentence (the password we picked: v)',
  'attack44-prose-short-names-pass-strike': 'a plain word after pass is, or after a struck-out word',
};

/** Attacks the redactor misses and the leak scan of the built pages catches: the publish is refused whole. */
const KNOWN_REFUSALS: Record<string, string> = {
  'attack43-refuse-fstring-url-credentials': "a URL's password written as an f-string's literal expression (admin:{'v'}@db)",
  'attack43-refuse-shell-assign-default': 'a shell default assigned in an expansion (${DB_PASSWORD:=v})',
};

describe('the importers under attack', () => {
  it('holds a case for every attack', () => {
    expect(cases.length).toBeGreaterThanOrEqual(14);
  });

  for (const name of cases) {
    it(`${KNOWN_REFUSALS[name] ? 'refuses' : 'publishes'} ${name} with ${KNOWN_MISSES[name] ? 'its needles still there (a known miss)' : 'none of its needles'} and no crash`, async () => {
      const root = tempDir(`attack-${name}`);
      const [sourceDir, dataDir] = [path.join(root, 'records'), path.join(root, 'data')];
      cpSync(path.join(CASES, name, 'records'), sourceDir, { recursive: true });
      const result = await publishLoop(sourceDir, dataDir, { env: ENV });
      // A known refusal: the scan refuses what the redactor missed, and nothing of it is published, public/ included.
      expect(KNOWN_REFUSALS[name] ? [1] : [0, 3], result.stderr.slice(-2000)).toContain(result.code);
      if (KNOWN_REFUSALS[name]) expect(result.stderr, KNOWN_REFUSALS[name]).toContain('JOURNEY_LEAK_SCAN_FAILED');
      expect(result.stderr).not.toContain('JOURNEY_INTERNAL');
      expect(result.stderr, 'a bad field is a field problem, not an unreadable record').not.toContain('could not be read');
      const needlesFile = path.join(CASES, name, 'needles');
      const needles = existsSync(needlesFile) ? readFileSync(needlesFile, 'utf8').split('\n').filter((line) => line.trim() !== '') : [];
      if (KNOWN_MISSES[name]) expect(hits(dataDir, result.stdout + result.stderr, needles), KNOWN_MISSES[name]).not.toEqual([]);
      else expect(hits(dataDir, result.stdout + result.stderr, needles)).toEqual([]);
      if (KNOWN_REFUSALS[name]) return;
      // A positive control: the run was published, with its trace.
      const pages = readdirSync(path.join(dataDir, 'current', 'iterations')).filter((file) => /^\d+\.json$/.test(file));
      expect(pages.length).toBeGreaterThan(0);
    }, 120_000);
  }

  it('does not follow a subagents folder that is a symlink out of the source folder', async () => {
    const root = tempDir('attack-symlink');
    const [sourceDir, dataDir, outside] = [path.join(root, 'records'), path.join(root, 'data'), path.join(root, 'outside', 'subagents')];
    const session = '7b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
    const record = (type: string, uuid: string, content: unknown, extra: object = {}) => JSON.stringify({
      parentUuid: null, isSidechain: false, userType: 'external', cwd: '/home/me/app', sessionId: session, version: '2.1.38', gitBranch: 'main',
      type, uuid, timestamp: '2026-12-01T10:00:00.000Z', message: { role: type, content }, ...extra,
    });
    mkdirSync(path.join(sourceDir, 'proj', session), { recursive: true });
    writeFileSync(path.join(sourceDir, 'proj', `${session}.jsonl`), `${record('user', 'u1', 'Look at the subagents')}\n`);
    mkdirSync(outside, { recursive: true });
    writeFileSync(path.join(outside, 'agent-a1.jsonl'), `${record('user', 's1', 'OUTSIDE-THE-SOURCE read from another folder', { isSidechain: true, agentId: 'a1' })}\n`);
    symlinkSync(outside, path.join(sourceDir, 'proj', session, 'subagents'));
    const result = await publishLoop(sourceDir, dataDir, { env: ENV });
    expect([0, 3], result.stderr.slice(-2000)).toContain(result.code);
    expect(hits(dataDir, result.stdout + result.stderr, ['OUTSIDE-THE-SOURCE'])).toEqual([]);
    const pages = readdirSync(path.join(dataDir, 'current', 'iterations')).filter((file) => /^\d+\.json$/.test(file));
    expect(pages.map((file) => readFileSync(path.join(dataDir, 'current', 'iterations', file), 'utf8')).join('\n')).toContain('Look at the subagents');
  }, 120_000);

  // What a review of the listing found: a format remembered across --source, one key from two records,
  // a record that failed to read remembered as holding no run.
  const pagesOf = (dataDir: string) => readdirSync(path.join(dataDir, 'current', 'iterations')).filter((file) => /^\d+\.json$/.test(file))
    .map((file) => JSON.parse(readFileSync(path.join(dataDir, 'current', 'iterations', file), 'utf8')) as { source?: { format: string; record: string }; status: string });

  it('detects a file again when --source changes, instead of remembering it as no format', async () => {
    const root = tempDir('attack-source-change');
    const [sourceDir, dataDir] = [path.join(root, 'records'), path.join(root, 'data')];
    cpSync(path.join(REPO, 'tests', 'fixtures', 'real', 'harbor-atif', 'hello-world.trajectory.json'), path.join(sourceDir, 't.json'));
    mkdirSync(path.join(sourceDir, 'other'));
    cpSync(path.join(REPO, 'tests', 'fixtures', 'real', 'codex-cli', 'sample_codex_session.jsonl'), path.join(sourceDir, 'other', 'rollout.jsonl'));
    expect([0, 3]).toContain((await publishLoop(sourceDir, dataDir, { env: ENV, extra: ['--source', 'codex'] })).code);
    expect(pagesOf(dataDir).map((p) => p.source?.format)).toEqual(['codex']);
    expect([0, 3]).toContain((await publishLoop(sourceDir, dataDir, { env: ENV, extra: ['--source', 'auto'] })).code);
    expect(pagesOf(dataDir).map((p) => p.source?.format).sort()).toEqual(['atif', 'codex']);
  }, 120_000);

  it('publishes one run when two records name the same run key, and names the other', async () => {
    const root = tempDir('attack-same-key');
    const [sourceDir, dataDir] = [path.join(root, 'records'), path.join(root, 'data')];
    cpSync(path.join(REPO, 'tests', 'fixtures', 'real', 'openhands-multi-swe-bench', 'output.jsonl'), path.join(sourceDir, 'output.jsonl'));
    cpSync(path.join(REPO, 'tests', 'fixtures', 'real', 'harbor-atif', 'hello-world.trajectory.json'), path.join(sourceDir, 'output.jsonl#ponylang__ponyc-4595'));
    for (let publish = 0; publish < 2; publish++) {
      const result = await publishLoop(sourceDir, dataDir, { env: ENV });
      expect([0, 3], result.stderr.slice(-2000)).toContain(result.code);
      expect(result.stderr).toContain('holds a run another record of the folder also names');
      expect(pagesOf(dataDir).filter((p) => p.source?.record === 'output.jsonl#ponylang__ponyc-4595')).toHaveLength(1);
    }
  }, 120_000);

  it('reads a record that failed to read again on the next publish', async () => {
    const root = tempDir('attack-failed-read');
    const [sourceDir, dataDir] = [path.join(root, 'records'), path.join(root, 'data')];
    const session = '4d5611e5-241a-462a-8d15-5122611a9569';
    mkdirSync(path.join(sourceDir, 'proj', session), { recursive: true });
    cpSync(path.join(REPO, 'tests', 'fixtures', 'real', 'claude-code', 'subagent.jsonl'), path.join(sourceDir, 'proj', `${session}.jsonl`));
    const loop = path.join(sourceDir, 'proj', session, 'subagents');
    symlinkSync(loop, loop); // ELOOP when the importer looks for the session's subagents
    const first = await publishLoop(sourceDir, dataDir, { env: ENV });
    expect([0, 3], first.stderr.slice(-2000)).toContain(first.code);
    expect(first.stderr).toContain('could not be read (ELOOP)');
    rmSync(loop);
    const second = await publishLoop(sourceDir, dataDir, { env: ENV });
    expect([0, 3], second.stderr.slice(-2000)).toContain(second.code);
    expect(pagesOf(dataDir).filter((p) => p.status !== 'withheld').map((p) => p.source?.format)).toEqual(['claude-code']);
  }, 120_000);
});

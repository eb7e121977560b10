// The verify gate scans a long public text (site-data.json of a long journey) window by window and
// skips windows it found clean before. It must find what a scan of the whole text finds, wherever it
// is (at a cut, a name on one line and its value on the next straddling a cut), at the same line; and
// adding an iteration must change only the window it lands in.
import { describe, expect, it } from 'vitest';
import { createDetector } from '../../redact/detect.ts';
import { scanBytes } from '../../redact/read-scan-dir.ts';
import { publicJson, sha256 } from '../../core/public-json.ts';
import { findUnredacted, windowsOf } from '../../synth/verify-redacted.ts';

const detector = createDetector({ key: 'verify-windows-test-key-0123456789' });

const summary = (n: number) => ({
  number: n, title: `Iteration ${n}: parser work on module ${n % 37}`, verdict: n % 5 === 0 ? 'fail' : 'pass', score: (n * 7) % 100,
  tokens_in: 1000 + n, tokens_out: 200 + n, cost_usd: n / 1000, started_at: '2026-11-21T12:00:00Z',
});
const siteData = (count: number, from = 1) => publicJson({ schema_version: 1, iterations: Array.from({ length: count }, (_, i) => summary(from + i)) });

/** The text with `lines` put in place of the line at `at` (0-based), and the line the first of them lands on. */
function plant(text: string, at: number, lines: string[]): string {
  const all = text.split('\n');
  all.splice(at, 1, ...lines);
  return all.join('\n');
}

const whole = async (text: string) => (await scanBytes('site-data.json', Buffer.from(text), detector))[0];
const windowed = async (text: string) => (await findUnredacted([{ path: 'site-data.json', text }], detector))[0];
const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;
/** Whether a window ends right after line `c` when `a` and `b` are the two lines above it. */
const isCutAfter = (a: string, b: string, c: string) => {
  const windows = windowsOf(`${a}\n${b}\n${c}\nnext\n`, []);
  return windows.length === 2 && windows[0]!.keepTo === a.length + b.length + c.length + 3;
};

describe('the verify gate on a long text, window by window', () => {
  const text = siteData(4000);

  it('cuts the text into windows that cover it, each scanned past its end as far as the detector reaches', () => {
    expect(text.length).toBeGreaterThan(512 * 1024);
    const windows = windowsOf(text, detector.multilineKeywords);
    expect(windows.length).toBeGreaterThan(4);
    expect(windows[0]!.from).toBe(0);
    expect(windows.at(-1)!.keepTo).toBe(text.length);
    for (const [i, w] of windows.entries()) {
      if (i > 0) expect(w.from).toBe(windows[i - 1]!.keepTo);
      expect(w.line).toBe(lineOf(text, w.from));
      expect(w.to === text.length || w.to - w.keepTo >= 16 * 1024).toBe(true);
      expect(text[w.keepTo - 1]).toBe('\n');
    }
  });

  it('changes only the window an added iteration lands in', () => {
    const own = (t: string) => windowsOf(t, detector.multilineKeywords).map((w) => sha256(t.slice(w.from, w.keepTo)));
    const before = own(text);
    const all = JSON.parse(text) as { iterations: unknown[] };
    all.iterations.splice(2000, 0, summary(99_999));
    const after = own(publicJson(all));
    const kept = after.filter((hash) => before.includes(hash)).length;
    expect(kept).toBeGreaterThanOrEqual(before.length - 2);
  });

  it('finds what the whole-text scan finds, at the same line, at the cuts', async () => {
    expect(await windowed(text)).toBeUndefined(); // and remembers every window as clean
    const cuts = windowsOf(text, detector.multilineKeywords).slice(0, 4).map((w) => lineOf(text, w.keepTo) - 1); // 0-based line after each cut
    const plants = [['  "token": "ghp_R8mKx2Lq9ZtW4vN7bP3sJ6hY1cF5dG0aE2kQ",'], ['  "dsn": "postgres://admin:S3cr3tPassw0rd@db.internal:5432/app",']];
    for (const cut of cuts) {
      for (const lines of plants) {
        for (const at of [cut - 1, cut]) { // the last line before a cut, the first after it
          const planted = plant(text, at, lines);
          const expected = await whole(planted);
          expect(expected, 'the whole-text scan finds the plant').toBeDefined();
          const found = await windowed(planted);
          expect(found, `a plant at line ${at + 1} (cut after line ${cut})`).toBeDefined();
          expect(found!.line).toBe(expected!.line);
        }
      }
    }
  });

  it('finds a name on the last line of a window and its value on the first line of the next', async () => {
    const lines = text.split('\n');
    let checked = 0;
    for (const at of [300, 9_000, 20_000]) {
      // A name line that ends a window where it stands (the cut depends on it and the two lines above).
      const name = Array.from({ length: 100_000 }, (_, k) => `  "name": "DB_PASSWORD_${k}",`)
        .find((candidate) => windowsOf(`${lines[at - 2]}\n${lines[at - 1]}\n${candidate}\nnext\n`, []).length === 2)!;
      expect(name).toBeDefined();
      const planted = [...lines.slice(0, at), name, '  "value": "Zq8#xkP2mV!rT4w",', ...lines.slice(at)].join('\n');
      const afterName = `${lines.slice(0, at).join('\n')}\n${name}\n`.length;
      const cutAfterName = windowsOf(planted, detector.multilineKeywords).some((w) => w.keepTo === afterName);
      expect(cutAfterName, `a cut right after the name at line ${at + 1}`).toBe(true);
      const expected = await whole(planted);
      expect(expected?.rule).toBe('credential-name-value');
      const found = await windowed(planted);
      expect(found?.rule).toBe('credential-name-value');
      expect(found!.line).toBe(expected!.line);
      checked += 1;
    }
    expect(checked).toBe(3);
  });

  // Found by a fresh pair of eyes (attack on the windows): a rule that reports a value far below its
  // context, and a remembered window whose text is the same but whose own lines are not.
  it('finds a value whose context is far above it, across a cut: a Kubernetes Secret 40 KB below "data": {, a git config name 12 KB below [user]', async () => {
    const iterations: object[] = Array.from({ length: 2600 }, (_, i) => summary(i + 1));
    iterations[1299] = { ...iterations[1299], artifact: {
      apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name: 'ledger-db-NONCE' },
      data: { 'ca-filler': 'A'.repeat(40_001), 'db-login': 'c3VubnktT3R0ZXItOTE=' }, // a fake password, base64; the filler is no value (length)
    } };
    const k8s = publicJson({ schema_version: 1, iterations });
    const lines = k8s.split('\n');
    const at = lines.findIndex((l) => l.includes('"data": {'));
    const nonce = Array.from({ length: 200_000 }, (_, n) => n).find((n) => isCutAfter(lines[at - 2]!.replace('NONCE', String(n)), lines[at - 1]!, lines[at]!))!;
    const planted = k8s.replace('NONCE', String(nonce));
    expect(windowsOf(planted, detector.multilineKeywords).some((w) => w.keepTo === planted.indexOf('"data": {\n') + 10), 'a cut after "data": {').toBe(true);
    const expected = await whole(planted);
    expect(expected?.rule).toBe('kubernetes-secret-data');
    expect((await windowed(planted))?.line).toBe(expected!.line);

    const base = siteData(2600).split('\n');
    const head = (n: number) => [`# gitconfig of the runner, revision ${n}`, '[user]'];
    const revision = Array.from({ length: 200_000 }, (_, n) => n).find((n) => isCutAfter(base[14_999]!, ...(head(n) as [string, string])))!;
    const long = (key: string) => `\t${key} = ${'x'.repeat(3990)}`;
    const git = [...base.slice(0, 15_000), ...head(revision), long('signingkey'), long('helper'), long('editor'), '\tname = Marta Volkova', ...base.slice(15_000)].join('\n');
    expect(windowsOf(git, detector.multilineKeywords).some((w) => w.keepTo === git.indexOf('[user]\n') + 7), 'a cut after [user]').toBe(true);
    const gitExpected = await whole(git);
    expect(gitExpected?.rule).toBe('git-config-name');
    expect((await windowed(git))?.line).toBe(gitExpected!.line);
  });

  it('scans a window again when its text is one it found clean but its own lines are not the same', async () => {
    // Window W: a long first line holding a multi-line rule's keyword, a token 45 KB below it, a cut
    // 52 KB below it. Whether W's first line is itself a cut depends on the two lines above W: when it
    // is, the token is not W's own (the next window owns and reports it); when it is not, only W owns it.
    const filler = siteData(2600).split('\n').slice(20);
    let next = 0;
    const fill = (out: string[], bytes: number) => {
      let length = 0;
      while (length + filler[next]!.length + 1 < bytes - 40) {
        out.push(filler[next]!);
        length += filler[next]!.length + 1;
        next += 1;
      }
      out.push(`   "pad": "${'p'.repeat(bytes - length - 1 - '   "pad": ""'.length)}"`);
    };
    const first = `   "summary": "Set apiVersion: v1 in the manifest. ${'The parser now keeps comments and reports spans. '.repeat(380)}"`;
    const above: string[] = [];
    fill(above, 45_000);
    const below = ['   "log_excerpt": "export GITHUB_TOKEN=ghp_R8mKx2Lq9ZtW4vN7bP3sJ6hY1cF5dG0aE2kQ",'];
    fill(below, 52_616 - 45_000 - 30);
    const own = [...above, ...below];
    const checkpoint = Array.from({ length: 1_000_000 }, (_, n) => `   "checkpoint": "c${String(n).padStart(8, '0')}"`)
      .find((line) => isCutAfter(own.at(-2)!, own.at(-1)!, line))!;
    const rest: string[] = [];
    fill(rest, 15_000);
    const w = [first, ...own, checkpoint, ...rest, `   "notes": "${'n'.repeat(3985)}"`];
    for (let i = 2; i < own.length; i++) expect(isCutAfter(w[i - 2]!, w[i - 1]!, w[i]!), `no cut inside W at line ${i + 1}`).toBe(false);
    const start = siteData(2600).split('\n');
    const [pre, post] = [start.slice(0, 15_000), start.slice(15_000)];
    const note = '   "verdict_note": "reviewed"';
    const linesAbove = (firstIsCut: boolean) => {
      for (let b = 0; ; b++) {
        const verdict = `   "verdict": "pass-${b}"`;
        if (isCutAfter(verdict, note, first) !== firstIsCut || isCutAfter(note, first, w[1]!)) continue;
        const audit = Array.from({ length: 200_000 }, (_, a) => `   "audit": "a${a}"`).find((line) => isCutAfter(line, verdict, note));
        if (audit) return [audit, verdict, note];
      }
    };
    const text = (firstIsCut: boolean) => [...pre, ...linesAbove(firstIsCut), ...w, ...post].join('\n');
    const [t1, t2] = [text(true), text(false)];
    const expected = await whole(t2);
    expect(expected?.rule).toBe('github-token');
    expect((await windowed(t1))?.rule).toBe('github-token'); // W remembered as clean here, if only its text were the key
    expect((await windowed(t2))?.line).toBe(expected!.line);
  });
});

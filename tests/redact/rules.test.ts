import { describe, expect, it } from 'vitest';
import { CREDENTIAL_NAME_WORDS, isCredentialName } from '../../redact/credential-names.ts';
import { createDetector } from '../../redact/detect.ts';
import { encodedForms } from '../../redact/known-secrets.ts';
import { isPlaceholder } from '../../redact/placeholders.ts';
import { redactText, scanText } from '../../redact/redact-text.ts';
import { RULES } from '../../redact/rules.ts';

const key = 'test-key';
const detector = createDetector({ key });

describe('rule table', () => {
  it('gives every rule an id, a description and examples', () => {
    expect(new Set(RULES.map((rule) => rule.id)).size).toBe(RULES.length);
    for (const rule of RULES) {
      // The placeholder `[REDACTED:<id>#fp]` must stay recognisable as journey's own marker.
      expect(rule.id).toMatch(/^[a-z0-9-]{1,60}$/);
      expect(rule.description.length, rule.id).toBeGreaterThan(10);
      expect(rule.truePositives.length, rule.id).toBeGreaterThan(0);
      expect(rule.falsePositives.length, rule.id).toBeGreaterThan(0);
    }
  });

  for (const rule of RULES) {
    it(`${rule.id}: redacts every true-positive example and keeps every false-positive example`, () => {
      // A rule anchored at a line start (label lines) gets its examples on lines of their own.
      const around = rule.pattern.source.startsWith('^') ? (example: string) => `before\n${example}\nafter` : (example: string) => `before ${example} after`;
      for (const example of rule.truePositives) {
        const result = redactText(around(example), detector);
        expect(result.findings.map((f) => f.rule), `true positive #${rule.truePositives.indexOf(example)}`).toContain(rule.id);
        expect(result.unsure).toBeUndefined();
        expect(scanText(result.text, detector).findings).toEqual([]);
      }
      for (const example of rule.falsePositives) {
        expect(scanText(example, detector).findings.filter((f) => f.rule === rule.id), example).toEqual([]);
      }
    });
  }

  it('runs a rule with a head only where its head is, and finds there what its whole pattern finds everywhere', () => {
    const headed = RULES.filter((rule) => rule.head);
    expect(headed.length).toBeGreaterThan(0);
    // Every example of the table, one after another as lines of one log: commands among other lines,
    // and commands below a line with a credential's word, whose own name holds a rarer one.
    const below = ['Checking the token table.\n$ sqlite3 app.db "select pw from accounts"\nZq9-walnut-Pp44x', '# rotate the token\n$ printenv DB_SENHA\nCq1-basalt-Vx23a'];
    const log = [...RULES.flatMap((rule) => [...rule.truePositives, ...rule.falsePositives]), ...below].join('\n');
    const spans = (rule: (typeof RULES)[number]) =>
      scanText(log, createDetector({ key, rules: [rule] })).findings.filter((f) => f.rule === rule.id).map((f) => `${f.line}:${f.column}`);
    for (const rule of headed) {
      const found = spans(rule);
      expect(found.length, rule.id).toBeGreaterThanOrEqual(rule.truePositives.length);
      expect(found, rule.id).toEqual(spans({ ...rule, head: undefined }));
    }
  });

  it('wakes the command-output rule at every credential name the judge accepts, so its command is searched on that line', () => {
    const rule = RULES.find((candidate) => candidate.id === 'secret-command-output')!;
    const keywords = rule.keywords!.map((keyword) => keyword.toLowerCase());
    const woken = (name: string) => keywords.some((keyword) => name.toLowerCase().includes(keyword));
    // Each word as a whole name, after a prefix, and in camel case (but `pat`, found as a word or after `_` only: `path`).
    const names = CREDENTIAL_NAME_WORDS.flatMap((word) => [word, `DB_${word.toUpperCase()}`, ...(word === 'pat' ? [] : [`api${word[0]!.toUpperCase()}${word.slice(1)}`])]);
    const judged = names.filter((name) => isCredentialName(name));
    expect(judged.length).toBeGreaterThan(100);
    // As a command writes it: after a blank, a `$` or a quote.
    expect(judged.filter((name) => ![' ', '$', '"'].every((before) => woken(`${before}${name} `)))).toEqual([]);
    expect(['GH_PAT ', 'recoveryCode', 'accessId', 'SIM_PIN', 'DB_SENHA'].every(woken)).toBe(true);
  });

  it('refuses a head that is not the start of its pattern', () => {
    const rule = { id: 'x', description: 'a test rule', keywords: ['pass'], head: /cat/g, pattern: /echo pass/g, truePositives: [], falsePositives: [] };
    expect(() => createDetector({ key, rules: [rule] })).toThrow(/head must be the start of its pattern/);
  });
});

describe('redactText', () => {
  it('writes typed placeholders with a stable keyed fingerprint, the same for two mentions', () => {
    const mail = ['alice', '@', 'acme-robotics.io'].join('');
    const result = redactText(`to ${mail}, cc ${mail}`, detector);
    expect(result.text).toMatch(/^to \[REDACTED:email#([0-9a-f]{4})\], cc \[REDACTED:email#\1\]$/);
    expect(redactText(mail, createDetector({ key: 'other' })).text).not.toBe(result.text.slice(3, 24));
  });

  it('reports line and column of each finding and never the value', () => {
    const token = ['gh', 'p_', 'a1'.repeat(18)].join('');
    const [finding] = redactText(`line one\n  token ${token}`, detector).findings;
    expect(finding).toEqual({ rule: 'github-token', line: 2, column: 9, fingerprint: expect.stringMatching(/^[0-9a-f]{4}$/), view: 'raw' });
    expect(JSON.stringify(finding)).not.toContain(token);
  });

  it('locates findings exactly in a large log, on the first and on the last of 50,000 lines', () => {
    const mail = ['bob', '@', 'acme-robotics.io'].join('');
    const log = [`x ${mail}`, ...Array.from({ length: 49_998 }, (_, i) => `line ${i}`), `  at ${mail}`].join('\n');
    expect(redactText(log, detector).findings.map(({ line, column }) => [line, column])).toEqual([[1, 3], [50_000, 6]]);
    expect(scanText(log, detector).findings.map(({ line, column }) => [line, column])).toEqual([[1, 3], [50_000, 6]]);
  });

  it('is unsure about a private key block without its end marker, and says where', () => {
    const text = ['first line\n-----BEGIN RSA PRIVATE', ' KEY-----\nMIIEowIBAAKCAQEA'].join('');
    expect(redactText(text, detector).unsure).toEqual({ reason: 'a private key block without its end marker', rule: 'private-key', line: 2, column: 1 });
  });

  it('is unsure when the detector runs out of time, instead of half-checking', () => {
    const slow = createDetector({ key, budgetMs: -1 });
    expect(redactText('nothing secret here', slow).unsure?.reason).toMatch(/ran out of time/);
  });

  it('redacts operator denylist words case-insensitively, never inside its own placeholders', () => {
    const denying = createDetector({ key, denylist: ['project falcon', 'act'] });
    const result = redactText('deployed by Project Falcon team', denying);
    expect(result.text).toMatch(/^deployed by \[REDACTED:denylist#[0-9a-f]{4}\] team$/);
    expect(result.unsure).toBeUndefined();
  });

  it('redacts a configured secret in every encoded form, with the value at any base64 alignment', () => {
    const secret = 'Tr0ub4dor&3-loop';
    const knowing = createDetector({ key, knownSecrets: [secret] });
    for (const prefix of ['', 'a', 'ab']) {
      const encoded = Buffer.from(`${prefix}${secret}`).toString('base64');
      expect(redactText(`blob ${encoded}`, knowing).findings.map((f) => f.rule), prefix).toContain('known-secret');
    }
    expect(encodedForms(secret)).toEqual(expect.arrayContaining([secret, encodeURIComponent(secret), 'Tr0ub4dor&amp;3-loop']));
    expect(redactText(`in html: ${'Tr0ub4dor&amp;3-loop'}`, knowing).text).toMatch(/\[REDACTED:known-secret#/);
  });

  it('finds a taken-down value in every form the takedown check must see: case, separators, reversed, rot13, char codes', async () => {
    const { scanBytes } = await import('../../redact/read-scan-dir.ts');
    const value = ['f827e28e', '7f75-467c-a17a', '2e7465ff9708'].join('-');
    // As admin/read-still-live.ts builds it: the taken-down values alone.
    const taking = createDetector({ key, knownSecrets: [value], rules: [] });
    const rot13 = value.replace(/[a-z]/g, (c) => String.fromCharCode(97 + ((c.charCodeAt(0) - 84) % 26)));
    const forms = [value.toUpperCase(), `{${value.toUpperCase()}}`, value.replaceAll('-', ''), [...value].reverse().join(''), rot13,
      [...Buffer.from(value)].join(' '), Buffer.from(value, 'utf16le').swap16().toString('hex')];
    for (const form of forms) {
      const findings = await scanBytes('iterations/2.html', Buffer.from(`<pre>client ${form} ok</pre>`), taking, { secretlint: false });
      expect(findings.map((f) => f.rule), form.slice(0, 6)).toEqual(['known-secret']);
    }
  });

  it('redacts a configured secret whole when another configured secret is its start, exactly and loosely, in any order of the list', () => {
    const short = 'Vale-Orbit-5521-Quill';
    const long = `${short}-Harbor-77`;
    for (const knownSecrets of [[short, long], [long, short]]) {
      const knowing = createDetector({ key, knownSecrets, rules: [] });
      for (const written of [long, long.toUpperCase(), long.replaceAll('-', ''), long.replaceAll('-', ' ')]) {
        const result = redactText(`deploy ${written} done`, knowing);
        expect(result.text, written).toMatch(/^deploy \[REDACTED:known-secret#[0-9a-f]{4}\] done$/);
      }
    }
  });

  it('scans JSON-escaped text without counting placeholders as secrets', () => {
    const json = JSON.stringify({ log: 'Authorization: Bearer [REDACTED:jwt#ab12]\nnext line' });
    expect(scanText(json, detector).findings).toEqual([]);
  });
});

describe('backtracking', () => {
  it('reads fields between a pair\'s name and value in one way only: 45 KB of runs that once split every way stay within a tenth of the detector\'s budget', () => {
    // A bare scalar and the next field's key, with nothing between them, once split every way they could:
    // 13 s for this text, a loaded machine's whole budget. Read once it takes some 50 ms: a budget of a
    // tenth of the default still leaves it sixty times that.
    const block = `selector: #x\nq: ${'b'.repeat(40).concat(': ').repeat(5)}\n`;
    const result = redactText(block.repeat(200), createDetector({ key, budgetMs: 3_000 }));
    expect(result.unsure).toBeUndefined();
  });
});

describe('placeholder allowlist', () => {
  it('accepts documented placeholder shapes and journey markers, and no real-looking value', () => {
    for (const value of ['AKIAIOSFODNN7EXAMPLE', 'sk-...your-key...', 'xoxb-your-bot-token', '${GITHUB_TOKEN}', '<token>', 'xxxxxxxxxxxx', '[REDACTED:email#1a2b]']) {
      expect(isPlaceholder(value), value).toBe(true);
    }
    expect(isPlaceholder(['gh', 'p_', 'a1B2'.repeat(9)].join(''))).toBe(false);
  });
});

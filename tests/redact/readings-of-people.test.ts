// The readings and judgements that read a value as people write it rather than as a machine prints
// it: spelled a character at a time, a sentence in another language, a passphrase on a line of its
// own, a dump behind a prefix or interleaved with another. Each alone, with the inputs a review
// found they got wrong.
import { describe, expect, it } from 'vitest';
import { findColumnDumps } from '../../redact/column-dumps.ts';
import { credentialPhrase, passwordWordBefore } from '../../redact/credential-phrases.ts';
import { isChosenWord, isPassphrase } from '../../redact/credential-values.ts';
import { linkValueEdits } from '../../redact/markdown-links.ts';
import { readerEdits } from '../../redact/reader-view.ts';
import { spelledEdits } from '../../redact/spelled-out.ts';
import { buildViews } from '../../redact/build-views.ts';

/** The raw view's text with the spelled reading's edits applied. */
function spelled(text: string): string {
  return applied(text, spelledEdits(buildViews(text)[0]!));
}

/** `text` with `edits` (in order, none overlapping) applied. */
function applied(text: string, edits: readonly { at: number; end: number; text: string }[]): string {
  let out = '';
  let at = 0;
  for (const edit of edits) {
    out += text.slice(at, edit.at) + edit.text;
    at = edit.end;
  }
  return out + text.slice(at);
}

describe('the spelled reading', () => {
  it('joins a run with the same mark between every two characters, of one to twelve characters', () => {
    expect(spelled('key: A K I A Q X 7 R T 2')).toBe('key: AKIAQX7RT2');
    expect(spelled('A | K | I | A | M | 3 | J | D')).toBe('AKIAM3JD');
    expect(spelled("['g', 'h', 'p', '_', 'R', 'k', '4', 'T', 'n', '8', 'W', 'q']")).toBe("['ghp_Rk4Tn8Wq']");
    expect(spelled('A ----- K ----- I ----- A ----- Q ----- X ----- 7 ----- R')).toBe('AKIAQX7R');
  });

  it('joins letters with one sign of any kind between every two, twelve letters and more', () => {
    expect(spelled('A-K.I_A Q/X-7.R_T 2/L-M')).toBe('AKIAQX7RT2LM');
    expect(spelled('a.b.c d-e')).toBe('a.b.c d-e');
  });

  it('joins groups of two to four characters read out with a blank between, where two groups mix letters and digits', () => {
    expect(spelled('pairs: gh p_ Rk 4T n8 Wq 2L z6 Xv 9B')).toBe('pairs: ghp_Rk4Tn8Wq2Lz6Xv9B');
    expect(spelled('AKI AQX 7RT 2LM ZP4 KD9 WB')).toBe('AKIAQX7RT2LMZP4KD9WB');
    // Prose with numbers mixes no group; a dump's groups are hex.
    for (const text of ['at 10 am on day 12 of the run', '00000000: 7f45 4c46 0201 0100 0000 0000', 'v1 v2 v3 rc1 rc2 go']) expect(spelled(text)).toBe(text);
  });

  it('takes a character beyond Latin-1 for a mark between Latin letters, not for a letter of the run', () => {
    expect(spelled('H • a • 7 • d • a • g • g • e • r')).toBe('Ha7dagger');
  });

  it('leaves lists of digits, counts and short runs alone', () => {
    expect(spelled('[4, 5, 3, 2, 0, 1, 5, 1, 1, 2, 8, 3, 0, 3, 6, 6]')).toBe('[4, 5, 3, 2, 0, 1, 5, 1, 1, 2, 8, 3, 0, 3, 6, 6]');
    expect(spelled('1 2 3 4 5 6 7 8 9 10')).toBe('1 2 3 4 5 6 7 8 9 10');
    expect(spelled('a b c')).toBe('a b c');
  });
});

describe('a sentence in another language', () => {
  it("reads the word for password with its language's is, alone, or a few words before the value", () => {
    expect(credentialPhrase('Мой пароль —')).toBe('copula');
    expect(credentialPhrase('密码是')).toBe('copula');
    expect(credentialPhrase('Пароль от роутера —')).toBe('copula');
    expect(credentialPhrase('la password ora è')).toBe('copula');
    expect(credentialPhrase('пароль')).toBe('bare');
    expect(credentialPhrase('Das Passwort wurde gestern abend auf')).toBe('near');
  });

  it('reads an English word only before another language\'s own is, and no word for token without one', () => {
    expect(credentialPhrase('The default token —')).toBeUndefined();
    expect(credentialPhrase('✓ Tokens used →')).toBeUndefined();
    expect(credentialPhrase('MDP solved with')).toBeUndefined();
    expect(credentialPhrase('トークン数の上限:')).toBeUndefined();
    expect(credentialPhrase('Ошибка')).toBeUndefined();
  });

  it('finds where a word for password ends before a value once per text', () => {
    const text = 'x'.repeat(500) + ' пароль Qa4-quartz-Wun32';
    expect(passwordWordBefore(text, () => text, text.indexOf('Qa4'), 160)).toBe(text.indexOf('пароль'));
    expect(passwordWordBefore(text, () => text, 200, 160)).toBe(-1);
  });
});

describe('a passphrase on a line of its own', () => {
  it('is two to twelve words of letters and digits without a note\'s words', () => {
    expect(isPassphrase('violet quarry')).toBe(true);
    expect(isPassphrase('Purple monkey dishwasher')).toBe(true);
    expect(isPassphrase('saffron, thistle, cobalt')).toBe(true);
    expect(isPassphrase('see the vault entry')).toBe(false);
    expect(isPassphrase('Login incorrect')).toBe(false);
    expect(isPassphrase('siehe Tresor')).toBe(false);
    expect(isPassphrase('Great, both containers started')).toBe(false);
    expect(isPassphrase('Welcome to Ubuntu')).toBe(false);
    expect(isPassphrase('correcthorse')).toBe(false);
  });
});

describe('dumps as people paste them', () => {
  const token = 'ghp_eqEo6icGMEwkg2KWowao8Go846i2aQuSoamm\n';
  const hex = (text: string) => [...Buffer.from(text)].map((byte) => byte.toString(16).padStart(2, '0'));
  const hexdump = (text: string, base: number, prefix = '') => {
    const bytes = hex(text);
    const lines: string[] = [];
    for (let at = 0; at < bytes.length; at += 16) {
      lines.push(`${prefix}${(base + at).toString(16).padStart(8, '0')}  ${bytes.slice(at, at + 8).join(' ')}  ${bytes.slice(at + 8, at + 16).join(' ')}`);
    }
    return lines;
  };

  it('reads two dumps interleaved line by line at different offsets, each alone', () => {
    const mine = hexdump(token, 0);
    const other = hexdump('x'.repeat(48), 0x100);
    const text = mine.flatMap((line, index) => [line, other[index] ?? '']).join('\n');
    expect(findColumnDumps(text).map((dump) => dump.bytes.toString('latin1'))).toContain(token);
  });

  it('reads a dump behind a prefix every line repeats', () => {
    for (const prefix of ['> ', '2024-01-01T00:00:00Z ']) {
      expect(findColumnDumps(hexdump(token, 0, prefix).join('\n')).map((dump) => dump.bytes.toString('latin1'))).toContain(token);
    }
  });
});

/** The raw view's text as the reader's view reads it (the link reading among its others: a glued link's markup must not hide it). */
function linkRead(text: string): string {
  return applied(text, readerEdits(buildViews(text)[0]!));
}

describe('the link reading', () => {
  it("sets a link's or an image's title beside its text, on a line of its own, glued to a word or not", () => {
    expect(linkRead('Set its [password](https://db.example.com/ "Hq4-lantern-Vox82") now.')).toBe('Set its \npassword: Hq4-lantern-Vox82\n now.');
    expect(linkRead('in ![login](shot.png \'Rk7-violet-Dune24\').')).toBe('in \nlogin: Rk7-violet-Dune24\n.');
    expect(linkRead('see[password](#Qx3-harbor-Lemon61)s')).toBe('see\npassword: Qx3-harbor-Lemon61\ns');
    expect(linkRead('[password](https://db\n"Qx3\\"harbor-Lemon61")')).toBe('\npassword: Qx3\\"harbor-Lemon61\n');
  });

  it('reads a target that is no address as a value, never a URL, a path, a heading\'s slug or a wiki page', () => {
    expect(linkRead('Use the [password](#Qx3-harbor-Lemon61).')).toBe('Use the \npassword: Qx3-harbor-Lemon61\n.');
    expect(linkRead('Use the [пароль](<#Qx3-harbor-Lemon61>).')).toBe('Use the \nпароль: Qx3-harbor-Lemon61\n.');
    for (const text of ['See [Password reset](#password-reset).', 'the [API token](https://github.com/settings/tokens) page', '[key](docs/keys.md)', '[mail](mailto:a@b.io)',
      '[Login](LoginPage)', 'Jump to [password](#section-4.2)', '![login](login.png "Screenshot2")']) {
      expect(linkRead(text)).toBe(text);
    }
  });

  it("puts a reference's use beside its definition, and the words a footnote notes beside the footnote", () => {
    expect(linkRead('the admin [password][pw] too.\n\n[pw]: https://db.example.com/admin "Pz8-walnut-Rig47"'))
      .toBe('the admin [password][pw] too.\n\npassword: Pz8-walnut-Rig47');
    expect(linkRead('Create it with the **password**[^PW].\n\n[^pw]: Vb2-meadow-Quin58')).toBe('Create it with the password[^PW].\n\npassword: Vb2-meadow-Quin58');
    // A definition nothing uses, a footnote of words, and a footnote defined but never used, stay as written.
    expect(linkRead('[x]: https://a.io "Title here"\n[^2]: note')).toBe('[x]: https://a.io "Title here"\n[^2]: note');
    expect(linkRead('The secret[^3] lives in Vault.\n\n[^3]: HashiCorp')).toBe('The secret[^3] lives in Vault.\n\n[^3]: HashiCorp');
  });

  it("sets an HTML attribute's value beside what labels it, whatever the order and the quotes", () => {
    expect(linkRead('<abbr title=He1-lantern-Vox31>password</abbr>')).toBe('\npassword: He1-lantern-Vox31\n');
    expect(linkRead('<p>Key: <kbd title="password">He5-lantern-Vox35</kbd></p>')).toBe('<p>Key: \npassword: He5-lantern-Vox35\n</p>');
    expect(linkRead('<a href="#He7-lantern-Vox37" title="password">here</a>')).toBe('\npassword: He7-lantern-Vox37\n');
    expect(linkRead('<meta name=password content=He2-lantern-Vox32>')).toBe('\npassword: He2-lantern-Vox32\n');
    // No value hides in these: the link reading makes no edit (the reader's view still reads their tags away).
    for (const text of ['<a href="https://x.io" title="Open docs">docs</a>', '<input type="password" placeholder="Enter password">', '<label for="password">Password</label>']) {
      const edits: { at: number; end: number; text: string }[] = [];
      linkValueEdits(buildViews(text)[0]!, edits);
      expect(edits, text).toEqual([]);
    }
  });

  it('reads a marker glued inside a token away, so the token is read whole', () => {
    expect(linkRead('AKIAKH6EGR[REDACTED:x#ab]UGSCWYG44M')).toBe('AKIAKH6EGRUGSCWYG44M');
    expect(linkRead('AKIAKH6EGR%5BREDACTED:x%5DUGSCWYG44M')).toBe('AKIAKH6EGRUGSCWYG44M');
    expect(linkRead('password=[REDACTED:credential-assignment]')).toBe('password=[REDACTED:credential-assignment]');
  });

  it('costs a line of footnotes no more than its length', () => {
    // Each use looked back at its line's start made a long line quadratic (13 s a megabyte).
    const text = `${'password[^1] '.repeat(80_000)}\n\n[^1]: Qx3-harbor-Lemon61`;
    const [raw] = buildViews(text);
    const edits = readerEdits(raw!);
    expect(edits.filter((edit) => edit.text.endsWith(': ')).length).toBe(1);
  });
});

describe('a word people choose, after a sentence\'s is', () => {
  it('is a word of six letters and more that names no state in the sentence\'s language, or a PIN\'s digits', () => {
    for (const word of ['sunflowerfield', 'Tangerine', 'ромашка']) expect(isChosenWord(word, true), word).toBe(true);
    expect(isChosenWord('48213377', false)).toBe(true);
    for (const word of ['incorrect', 'encrypted', 'rotating', 'configurable', 'different', 'MISSING', 'passwordHash', 'short']) expect(isChosenWord(word, true), word).toBe(false);
    for (const word of ['falsch', 'abgelaufen', 'geändert', 'scaduta', 'spatne', 'vaihdettu', 'неверный', 'изменена', 'expirée']) expect(isChosenWord(word, false), word).toBe(false);
  });
});

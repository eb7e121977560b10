// Column dumps read back to the bytes they show: each tool's layout, as the tool prints it, and inputs
// built to make a line reader slow (long lines, endless cells, quotes on every line).
import { describe, expect, it } from 'vitest';
import { findColumnDumps } from '../../redact/column-dumps.ts';

/** The file every dump below shows: a line, a space, a byte beyond ASCII and CRLF. */
const FILE = 'KEY=abc_0123456789xyz é\r\n';

/** `printf 'KEY=abc_0123456789xyz \xc3\xa9\r\n' > f`, then each command on f (GNU od, util-linux hexdump, vim's xxd). */
const DUMPS: Record<string, string> = {
  'od -c': `0000000   K   E   Y   =   a   b   c   _   0   1   2   3   4   5   6   7
0000020   8   9   x   y   z     303 251  \\r  \\n
0000032
`,
  'od -An -c': `   K   E   Y   =   a   b   c   _   0   1   2   3   4   5   6   7
   8   9   x   y   z     303 251  \\r  \\n
`,
  'od -b': `0000000 113 105 131 075 141 142 143 137 060 061 062 063 064 065 066 067
0000020 070 071 170 171 172 040 303 251 015 012
0000032
`,
  'od -x': `0000000 454b 3d59 6261 5f63 3130 3332 3534 3736
0000020 3938 7978 207a a9c3 0a0d
0000032
`,
  'od -tx1 -c': `0000000  4b  45  59  3d  61  62  63  5f  30  31  32  33  34  35  36  37
          K   E   Y   =   a   b   c   _   0   1   2   3   4   5   6   7
0000020  38  39  78  79  7a  20  c3  a9  0d  0a
          8   9   x   y   z     303 251  \\r  \\n
0000032
`,
  'od -An -tx1': ` 4b 45 59 3d 61 62 63 5f 30 31 32 33 34 35 36 37
 38 39 78 79 7a 20 c3 a9 0d 0a
`,
  'od -tu1': `0000000  75  69  89  61  97  98  99  95  48  49  50  51  52  53  54  55
0000020  56  57 120 121 122  32 195 169  13  10
0000032
`,
  'od -d': `0000000 17739 15705 25185 24419 12592 13106 13620 14134
0000020 14648 31096  8314 43459  2573
0000032
`,
  'od -tx4': `0000000 3d59454b 5f636261 33323130 37363534
0000020 79783938 a9c3207a 00000a0d
0000032
`,
  hexdump: `0000000 454b 3d59 6261 5f63 3130 3332 3534 3736
0000010 3938 7978 207a a9c3 0a0d                    
000001a
`,
  'hexdump -C': `00000000  4b 45 59 3d 61 62 63 5f  30 31 32 33 34 35 36 37  |KEY=abc_01234567|
00000010  38 39 78 79 7a 20 c3 a9  0d 0a                    |89xyz ....|
0000001a
`,
  xxd: `00000000: 4b45 593d 6162 635f 3031 3233 3435 3637  KEY=abc_01234567
00000010: 3839 7879 7a20 c3a9 0d0a                 89xyz ....
`,
  'xxd -b': `00000000: 01001011 01000101 01011001 00111101 01100001 01100010  KEY=ab
00000006: 01100011 01011111 00110000 00110001 00110010 00110011  c_0123
0000000c: 00110100 00110101 00110110 00110111 00111000 00111001  456789
00000012: 01111000 01111001 01111010 00100000 11000011 10101001  xyz ..
00000018: 00001101 00001010                                      ..
`,
};

describe('column dumps', () => {
  for (const [command, dump] of Object.entries(DUMPS)) {
    it(`reads ${command} back to the file's bytes`, () => {
      const found = findColumnDumps(`$ ${command} f\n${dump}$ echo done\n`);
      // od -tx4 pads the last word with zeros.
      expect(found.map((d) => d.bytes.toString('utf8').replace(/\0+$/, ''))).toEqual([FILE]);
    });
  }

  it('reads xxd -e both ways, since its lines do not say which order they are in', () => {
    const dump = '00000000: 3d59454b 5f636261 33323130 37363534  KEY=abc_01234567\n00000010: 79783938 a9c3207a     0a0d           89xyz ....\n';
    const [found] = findColumnDumps(dump);
    expect(found?.bytes.toString('utf8').split('\n')).toContain(FILE.replace(/\n$/, ''));
  });

  it('reads a dump that opens inside a quoted string, as a decoded JSON record holds it', () => {
    const found = findColumnDumps(`{"output": "${DUMPS['od -b']!.replace(/\n$/, '')}\n"}`);
    expect(found.map((d) => d.bytes.toString('utf8'))).toEqual([FILE]);
  });

  it('joins the lines of xxd -p (here -c 12 and -c 14), but leaves one alone to the hex-run reader', () => {
    expect(findColumnDumps('4b45593d6162635f3031323334353637383978797a20c3a90d0a\n')).toEqual([]);
    const lines = '4b45593d6162635f30313233\n34353637383978797a20c3a90d0a\n';
    expect(findColumnDumps(lines).map((d) => d.bytes.toString('utf8'))).toEqual([FILE]);
  });

  it('finds no dump in prose, code, tables of numbers or lists of hashes', () => {
    const text = [
      'The build ran 12 of 14 steps.', '  if (x) { return 1; }', '  } else {',
      ' r  b   swpd   free', ' 1  0      0 812344  98120 2345678    0    0',
      '9fceb02 Fix the parser', '-rw-r--r-- 1 dev dev 4096 Dec  7 11:56 README.md',
    ].join('\n');
    expect(findColumnDumps(text).map((d) => d.bytes.toString('latin1')).filter((s) => /[a-z]{4}/i.test(s))).toEqual([]);
  });

  it('takes time in proportion to the text on inputs built to make a line reader slow', () => {
    const hostile = (size: number) => [
      ' 1'.repeat(size), // one endless line of cells
      `0000000 ${'4947 '.repeat(size / 5)}`, // one endless dump line
      `${'x'.repeat(size)}"0000000 107`, // a quote far along a line
      '  a  b  c  d\n'.repeat(size / 12), // lines that pass the quick test and fail the reading
      "'\n".repeat(size / 2), // a quote on every line
    ].join('\n');
    // The least of three runs: a shared machine's pauses only ever add time.
    const timeOf = (text: string) => Math.min(...[0, 1, 2].map(() => {
      const start = performance.now();
      findColumnDumps(text);
      return performance.now() - start;
    }));
    timeOf(hostile(20_000)); // warm up
    const small = timeOf(hostile(100_000));
    const large = timeOf(hostile(800_000));
    expect(large).toBeLessThan(Math.max(small, 1) * 40); // 8 times the text; quadratic would be 64
  });
});

import { describe, expect, it } from 'vitest';
import { createDetector } from '../../redact/detect.ts';
import { redactText } from '../../redact/redact-text.ts';

const detector = createDetector({ key: 'test-key' });
const redact = (text: string) => redactText(text, detector).text;

describe('a command\'s output, a line at a time', () => {
  it('takes one line of a variable, not the prose after it', () => {
    const out = redact('$ printenv DB_PASSWORD\nKl4-ash-Uol22\nNow I will run the migrations\nThen restart the server\n');
    expect(out).not.toContain('Kl4-ash-Uol22');
    expect(out).toContain('\nNow I will run the migrations\nThen restart the server\n');
  });

  it('takes every row of a table of accounts, each its own detection', () => {
    const result = redactText('$ sqlite3 app.db "select * from users"\n1|bo|Cr8-tundra-Vx39a\n2|Jo Smith|Zq9-walnut-Pp44x\n3|al|Yy7-harbor-Qq55z\n', detector);
    expect(result.findings.filter((f) => f.rule === 'secret-command-output').map((f) => f.line)).toEqual([2, 3, 4]);
  });

  it('learns no public address from a secret file\'s next line', () => {
    const out = redact('$ cat /run/secrets/api_tokens\nCq1-basalt-Vx23a\nhttps://docs.example.com/rotate\n\nSee https://docs.example.com/rotate\n');
    expect(out).not.toContain('Cq1-basalt-Vx23a');
    expect(out.match(/https:\/\/docs\.example\.com\/rotate/g)).toHaveLength(2);
  });
});

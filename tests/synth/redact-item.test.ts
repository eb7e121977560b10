// redactItem redacts every string of a record and its keys, and carries what a context rule found
// in one field to the others: the same secret, repeated bare elsewhere in the record, is redacted too.
import { describe, expect, it } from 'vitest';
import { createDetector } from '../../redact/detect.ts';
import { redactText } from '../../redact/redact-text.ts';
import { j } from '../../redact/rule.ts';
import { redactItem } from '../../synth/redact-item.ts';

const detector = createDetector({ key: 'redact-item-test' });
const redactor = (text: string) => redactText(text, detector);

describe('redactItem', () => {
  it('redacts a password a label names in one field wherever another field repeats it bare', () => {
    const password = j('Lantern', '-harbor-', '2931');
    const { value } = redactItem({
      plan: `Provision the database.\nPassword: ${password}\n`,
      log: `[04:01] mysql login as app with ${password} ok`,
      issues: ['The password is set in the plan', `${password} is weak`],
    }, redactor);
    expect(JSON.stringify(value)).not.toContain(password);
    expect(value.log).toMatch(/with \[REDACTED:credential-label#[0-9a-f]{4}\] ok/);
  });

  it('redacts record keys too, and keeps the rest of the record', () => {
    const mail = j('zoe.hart', '@', 'northwind-labs.com');
    const { value } = redactItem({ byFile: { [`subagents/${mail}.json`]: 3 }, title: 'Fix parser' }, redactor);
    expect(JSON.stringify(value)).not.toContain(mail);
    expect(value.title).toBe('Fix parser');
    expect(Object.values(value.byFile)).toEqual([3]);
  });
});

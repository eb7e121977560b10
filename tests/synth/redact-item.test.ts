// redactItem redacts every string of a record and its keys, and carries what a context rule found
// in one field to the others: the same secret, repeated bare elsewhere in the record, is redacted too.
import { describe, expect, it } from 'vitest';
import { createDetector } from '../../redact/detect.ts';
import { redactText } from '../../redact/redact-text.ts';
import { j } from '../../redact/rule.ts';
import { createRedactor, redactItem } from '../../synth/redact-item.ts';

const detector = createDetector({ key: 'redact-item-test' });
const redactor = (text: string) => redactText(text, detector);

describe('redactItem', () => {
  it('redacts a password a label names in one field wherever another field repeats it bare', () => {
    const password = j('Lantern', '-harbor-', '2931');
    const { value } = redactItem({
      plan: `Provision the database.\nPassword: ${password}\n`,
      log: `[04:01] ledger / ${password} ok`,
      issues: ['The password is set in the plan', `${password} is weak`],
    }, redactor);
    expect(JSON.stringify(value)).not.toContain(password);
    expect(value.log).toMatch(/ledger \/ \[REDACTED:credential-[a-z-]+#[0-9a-f]{4}\] ok/);
  });

  it('reads neighbouring fields together: a label ending one list item names the value the next item holds', () => {
    const password = j('Thistle', '-ember-', '3391');
    const { value } = redactItem({
      verdict: { issues: ['the old login still works; password:', password, 'rotate it'] },
      log: `retrying with ${password}`,
    }, redactor);
    expect(JSON.stringify(value)).not.toContain(password);
    expect(value.verdict.issues[2]).toBe('rotate it');
  });

  it('learns nothing from neighbours that only look alike: a test named after passwords and its plain message stay', () => {
    const { value } = redactItem({ cases: [{ name: 'rejects a short password', status: 'passed', message: 'expected error thrown' }] }, redactor);
    expect(value.cases[0]).toEqual({ name: 'rejects a short password', status: 'passed', message: 'expected error thrown' });
  });

  it('pairs a result with the call its id names in its own trace, not with an earlier subagent\'s call of the same id', () => {
    const password = j('Quill', '-ember-', 'Rv73k');
    const ls = { id: 'call_1', arguments: '{"command":"ls"}' };
    const printenv = { id: 'call_1', arguments: '{"command":"printenv DB_PASSWORD"}' };
    const { value } = redactItem({
      subagents: [
        { steps: [{ tool_calls: [ls], observations: [] }, { tool_calls: [], observations: [{ call_id: 'call_1', content: 'README.md\n' }] }] },
        { steps: [{ tool_calls: [printenv], observations: [] }, { tool_calls: [], observations: [{ call_id: 'call_1', content: `${password}\n` }] }] },
      ],
    }, redactor);
    expect(JSON.stringify(value)).not.toContain(password);
    expect(value.subagents[0]!.steps[1]!.observations[0]!.content).toBe('README.md\n');
  });

  it('pairs a result with the latest call of its id when the earlier one was answered already', () => {
    const password = j('Quill', '-ember-', 'Rv74m');
    const call = (command: string) => ({ tool_calls: [{ id: 'call_1', arguments: JSON.stringify({ command }) }], observations: [] });
    const result = (content: string) => ({ tool_calls: [], observations: [{ call_id: 'call_1', content }] });
    const { value } = redactItem({ steps: [call('ls'), result('README.md\n'), call('printenv DB_PASSWORD'), result(`${password}\n`)] }, redactor);
    expect(JSON.stringify(value)).not.toContain(password);
  });

  it('redacts record keys too, and keeps the rest of the record', () => {
    const mail = j('zoe.hart', '@', 'northwind-labs.com');
    const { value } = redactItem({ byFile: { [`subagents/${mail}.json`]: 3 }, title: 'Fix parser' }, redactor);
    expect(JSON.stringify(value)).not.toContain(mail);
    expect(value.title).toBe('Fix parser');
    expect(Object.values(value.byFile)).toEqual([3]);
  });
});

describe('createRedactor', () => {
  it('removes the control characters a browser does not show before it reads a text, so a NUL or form feed cannot split a key', () => {
    const key = j('AKIAQX7M', '4PZ2LW9RTB3F');
    const publish = createRedactor(detector);
    for (const control of ['\u0000', '\u000c', '\u000b', '\u007f', '\u0085', '\u001f']) {
      const result = publish(`deploy with ${key.slice(0, 8)}${control}${key.slice(8)} now`);
      expect(result.text).toMatch(/^deploy with \[REDACTED:aws-access-key-id#[0-9a-f]{4}\] now$/);
    }
    expect(publish('tab\there\r\nnext line \u001b[31mred\u001b[0m').text).toBe('tab\there\r\nnext line \u001b[31mred\u001b[0m');
  });
});

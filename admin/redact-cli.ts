// `npm run --silent redact [-- --jsonl]`: the redactor on stdin, the same one synth uses for every text.
import { info, out, outPublic } from '../core/log.ts';
import { createInterface } from 'node:readline';
import { main, type CommandSpec } from '../cli/define-command.ts';
import { JourneyError } from '../core/journey-error.ts';
import type { Detector } from '../redact/detect.ts';
import { readDetector } from '../redact/read-detector.ts';
import { redactText, type UnsureReport } from '../redact/redact-text.ts';

/** Larger inputs are refused rather than half-read; split them (or use --jsonl). */
export const MAX_STDIN_BYTES = 512 * 1024 * 1024;

const describeUnsure = (unsure: UnsureReport) =>
  `${unsure.reason}${unsure.rule ? ` (rule ${unsure.rule}` : ''}${unsure.line ? ` at line ${unsure.line}, column ${unsure.column}` : ''}${unsure.rule ? ')' : ''}`;

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > MAX_STDIN_BYTES) {
      throw new JourneyError('JOURNEY_REDACT_INPUT_TOO_LARGE', `stdin is larger than ${MAX_STDIN_BYTES} bytes; nothing was written`, {
        fix: 'Split the input, or send it as JSON lines with --jsonl.',
      });
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** One JSONL reply per input line, in input order; a malformed line never stops the batch. */
function redactLine(line: string, number: number, detector: Detector): object {
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch {
    // JSON.parse's message quotes the input, which may hold a secret: say only what was expected.
    return { line: number, refused: true, reason: 'not valid JSON' };
  }
  const record = input as { id?: unknown; text?: unknown };
  const idOk = typeof record?.id === 'string' || typeof record?.id === 'number';
  if (typeof input !== 'object' || input === null || !idOk || typeof record.text !== 'string') {
    return { line: number, refused: true, reason: 'expected an object with "id" (string or number) and "text" (string)' };
  }
  const result = redactText(record.text, detector);
  return result.unsure ? { id: record.id, refused: true, reason: describeUnsure(result.unsure) } : { id: record.id, text: result.text };
}

export const redactCommand: CommandSpec = {
  invocation: 'npm run --silent redact --',
  summary: [
    'Redact stdin to stdout with the same rule table, decoders and known secrets synth uses.',
    'Exit 0 with the redacted text, or exit 1 with the reason on stderr when the text cannot be',
    'redacted safely. With --jsonl, each input line {"id","text"} gives exactly one output line',
    '{"id","text"} or {"id","refused":true,"reason"} (a malformed line: {"line":K,"refused":true,"reason"}),',
    'in input order, and the exit code is 0 even when lines were refused.',
  ].join('\n'),
  flags: [{ name: 'jsonl', type: 'boolean', description: 'read and write one JSON object per line, for batch use' }],
  examples: [
    'npm run --silent redact < iterations/0007/log.txt > log.public.txt',
    `printf '{"id":"a","text":"mail bob@corp.io"}\\n' | npm run --silent redact -- --jsonl`,
  ],
  async run({ config, flags }) {
    const detector = readDetector(config, { createKey: false, warn: (text) => info(text) });
    if (flags['jsonl'] === true) {
      let number = 0;
      for await (const line of createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
        number += 1;
        out(`${JSON.stringify(redactLine(line, number, detector))}\n`);
      }
      return 0;
    }
    const bytes = await readStdin();
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      info('refused: stdin is not UTF-8 text; nothing was written');
      return 1;
    }
    const result = redactText(text, detector);
    if (result.unsure) {
      info(`refused: ${describeUnsure(result.unsure)}; nothing was written`);
      return 1;
    }
    outPublic(result.text);
    return 0;
  },
};

if (import.meta.main) main(redactCommand);

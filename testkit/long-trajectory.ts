// A long ATIF trajectory of varied prose, for the tests of a paged step trace: many steps, each text
// near the 8,000 characters a page shows, with the characters a page escapes (< > & " ').
import { writeFileSync } from 'node:fs';

const WORDS = ('the a of and to in that for it with on as was at by this from be are or an which one had not but all were when '
  + 'there can more if out so up said what its about than into them only other new some could time these two may first then do any like '
  + 'river garden window lantern meadow harbor pebble violet orchard copper thistle marble willow ember compass feather saddle quarry '
  + 'builds reads checks moves counts writes folds sorts joins waits opens keeps finds turns leaves brings shows holds runs tests '
  + 'quietly slowly plainly early later often rarely nearly twice again beside above below between around after before during').split(' ');

/** Words and punctuation a page escapes, mixed in now and then. */
const MARKS = ['<', '>', '&', '"', "'", '(a < b)', 'x && y', '"quoted"', "it's"];

/** A small deterministic generator (mulberry32), so every run of a test writes the same record. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** About `chars` characters of prose in lines of a dozen words. */
function prose(next: () => number, chars: number): string {
  const lines: string[] = [];
  let length = 0;
  while (length < chars) {
    const words = Array.from({ length: 12 }, () => (next() < 0.05 ? MARKS[Math.floor(next() * MARKS.length)]! : WORDS[Math.floor(next() * WORDS.length)]!));
    const line = `${words.join(' ')}.`;
    lines.push(line);
    length += line.length + 1;
  }
  return lines.join('\n').slice(0, chars);
}

/** An ATIF trajectory of `steps` steps: a user step, then agent steps whose message holds about `chars` characters. */
function longTrajectory(steps: number, chars = 7_900, seed = 1): Record<string, unknown> {
  const next = random(seed);
  const list = Array.from({ length: steps }, (_, i) => {
    const base = { step_id: i + 1, timestamp: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString() };
    if (i === 0) return { ...base, source: 'user', message: `Tell the long story of the river.\n${prose(next, chars)}` };
    const tool = i % 10 === 0
      ? { tool_calls: [{ tool_call_id: `call-${i}`, function_name: 'read_chapter', arguments: { chapter: i } }], observation: { results: [{ source_call_id: `call-${i}`, content: prose(next, chars) }] } }
      : {};
    return { ...base, source: 'agent', model_name: 'story-model', message: prose(next, chars), ...tool, metrics: { prompt_tokens: 1000 + i, completion_tokens: 2000 } };
  });
  return { schema_version: 'ATIF-v1.5', session_id: `long-${seed}`, agent: { name: 'storyteller', version: '1.0', model_name: 'story-model' }, steps: list };
}

/**
 * Writes an ATIF trajectory of `steps` steps to `file`: a user step, then agent steps whose message holds
 * about `chars` characters (the same every time); every tenth agent step also runs a tool whose
 * observation holds as many.
 *
 * @example
 * writeLongTrajectory(path.join(sourceDir, 'long.trajectory.json'), 2000);
 */
export function writeLongTrajectory(file: string, steps: number, chars?: number): void {
  writeFileSync(file, JSON.stringify(longTrajectory(steps, chars)));
}

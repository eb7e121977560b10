// Finds the line an operator should look at for a JSON syntax error or an invalid field.

/** Line of a JSON.parse error, from V8's "position N" or "line N column M" wording. */
export function jsonErrorLine(text: string, error: Error): number | undefined {
  const lineColumn = /line (\d+) column/.exec(error.message);
  if (lineColumn) return Number(lineColumn[1]);
  const position = /position (\d+)/.exec(error.message);
  if (position) return text.slice(0, Number(position[1])).split('\n').length;
  return undefined;
}

/**
 * Line where `fieldPath` appears: each key is looked for after the one before it, and an index into a
 * list of records skips as many occurrences of the key that follows it (`phases.1.cost_usd`: the
 * second "cost_usd" after "phases"). Falls back to the deepest key found, then line 1.
 *
 * @example
 * jsonFieldLine('{\n "phases": [\n  {"cost_usd": 1},\n  {"cost_usd": -1}\n ]\n}', ['phases', 1, 'cost_usd']) // 4
 */
export function jsonFieldLine(text: string, fieldPath: readonly PropertyKey[]): number {
  let offset = 0;
  let found = -1;
  for (let index = 0; index < fieldPath.length; index++) {
    const part = fieldPath[index];
    if (typeof part !== 'string') continue;
    const previous = fieldPath[index - 1];
    const skip = typeof previous === 'number' ? previous : 0;
    let at = text.indexOf(`"${part}"`, offset);
    for (let n = 0; n < skip && at >= 0; n++) at = text.indexOf(`"${part}"`, at + 1);
    if (at < 0) break;
    found = at;
    offset = at + part.length + 2;
  }
  return found < 0 ? 1 : text.slice(0, found).split('\n').length;
}

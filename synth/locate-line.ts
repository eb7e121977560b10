// Finds the line an operator should look at for a JSON syntax error or an invalid field.

/** Line of a JSON.parse error, from V8's "position N" or "line N column M" wording. */
export function jsonErrorLine(text: string, error: Error): number | undefined {
  const lineColumn = /line (\d+) column/.exec(error.message);
  if (lineColumn) return Number(lineColumn[1]);
  const position = /position (\d+)/.exec(error.message);
  if (position) return text.slice(0, Number(position[1])).split('\n').length;
  return undefined;
}

/** Line where the innermost named key of `fieldPath` appears; falls back to outer keys, then line 1. */
export function jsonFieldLine(text: string, fieldPath: readonly PropertyKey[]): number {
  const keys = fieldPath.filter((part): part is string => typeof part === 'string');
  for (let index = keys.length - 1; index >= 0; index--) {
    const offset = text.indexOf(`"${keys[index]}"`);
    if (offset >= 0) return text.slice(0, offset).split('\n').length;
  }
  return 1;
}

// Turns the text of one loop file into a validated value or a Problem with file, line and field.
import { parseDocument, LineCounter, isNode } from 'yaml';
import type { z } from 'zod';
import { jsonErrorLine, jsonFieldLine } from './locate-line.ts';
import type { Problem } from './problem.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: Problem };

export interface ProblemLabel {
  code: string;
  file: string;
  fix: string;
}

function fieldName(fieldPath: readonly PropertyKey[]): string | undefined {
  return fieldPath.length > 0 ? fieldPath.map(String).join('.') : undefined;
}

function schemaProblem(label: ProblemLabel, error: z.ZodError, lineOf: (p: readonly PropertyKey[]) => number, lineOffset = 0): Problem {
  const issue = error.issues[0]!;
  return {
    code: label.code,
    file: label.file,
    line: lineOf(issue.path) + lineOffset,
    field: fieldName(issue.path),
    message: issue.message,
    fix: label.fix,
  };
}

/** Parses one JSON document and validates it; `lineOffset` places a JSONL record at its line. */
export function parseJson<S extends z.ZodType>(text: string, schema: S, label: ProblemLabel, lineOffset = 0): Parsed<z.output<S>> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const line = (jsonErrorLine(text, error as Error) ?? 1) + lineOffset;
    return { ok: false, problem: { ...label, line, message: 'is not valid JSON' } };
  }
  const result = schema.safeParse(raw);
  if (!result.success) return { ok: false, problem: schemaProblem(label, result.error, (p) => jsonFieldLine(text, p), lineOffset) };
  return { ok: true, value: result.data };
}

/** Parses one YAML document and validates it, pointing at the line of the offending node. */
export function parseYaml<S extends z.ZodType>(text: string, schema: S, label: ProblemLabel): Parsed<z.output<S>> {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntax = document.errors[0];
  if (syntax) {
    const line = lineCounter.linePos(syntax.pos[0]).line;
    return { ok: false, problem: { ...label, line, message: `is not valid YAML (${syntax.code})` } };
  }
  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { ok: false, problem: { ...label, line: 1, message: `cannot be expanded (${(error as Error).message})` } };
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const lineOf = (fieldPath: readonly PropertyKey[]) => {
      for (let depth = fieldPath.length; depth >= 0; depth--) {
        const node = document.getIn(fieldPath.slice(0, depth) as unknown[], true);
        if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
      }
      return 1;
    };
    return { ok: false, problem: schemaProblem(label, result.error, lineOf) };
  }
  return { ok: true, value: result.data };
}

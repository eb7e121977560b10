// Turns the text of one loop file into a validated value or a Problem with file, line and field.
import { parseDocument, LineCounter, isNode } from 'yaml';
import type { z } from 'zod';
import { jsonErrorLine, jsonFieldLine } from './locate-line.ts';
import type { Problem } from './problem.ts';
import type { ProblemCode } from '../core/error-catalogue.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: Problem };

export interface ProblemLabel {
  code: ProblemCode;
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
    // The parser's message names the alias (`Unresolved alias ...: <name>`): loop content, so only
    // its kind is said, never the message.
    const why = /alias/i.test((error as Error).message) ? 'an alias it cannot resolve' : 'an anchor or alias it cannot expand';
    return { ok: false, problem: { ...label, line: 1, message: `cannot be expanded (${why})` } };
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

/** What a lenient parse kept: the valid part of the record and one problem per part it left out. */
export interface Lenient<T> {
  /** Undefined when nothing of the file could be kept (not JSON, not an object). */
  value: Partial<T> | undefined;
  problems: Problem[];
}

/**
 * Parses one JSON object and keeps what is valid: a bad field is left out, a bad element of a list
 * of records is left out alone, and each becomes a problem naming its field and line. Only a file
 * that is not a JSON object at all yields no value. The smallest wrong thing is withheld, never the
 * record.
 *
 * @example
 * parseJsonLenient('{"title": 42, "phases": []}', iterationMetaSchema, label)
 * // { value: { phases: [] }, problems: [{ field: 'title', line: 1, message: 'Invalid input: expected string, received number', ... }] }
 */
export function parseJsonLenient<Shape extends z.ZodRawShape>(text: string, schema: z.ZodObject<Shape>, label: ProblemLabel): Lenient<z.output<z.ZodObject<Shape>>> {
  const whole = parseJson(text, schema, label);
  if (whole.ok) return { value: whole.value, problems: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { value: undefined, problems: [whole.problem] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { value: undefined, problems: [{ ...label, line: 1, message: `is not a JSON object (${Array.isArray(raw) ? 'an array' : raw === null ? 'null' : typeof raw})` }] };
  }
  const record = { ...(raw as Record<string, unknown>) };
  const issues = schema.safeParse(record).error?.issues ?? [];
  /** Each part left out, once: a field, or one element of a list (by field and index). */
  const leftOut = new Map<string, { fieldPath: PropertyKey[]; message: string }>();
  for (const issue of issues) {
    const [key, index] = issue.path;
    if (typeof key !== 'string') return { value: undefined, problems: [whole.problem] };
    const unit = typeof index === 'number' && Array.isArray(record[key]) ? [key, index] : [key];
    const id = unit.join('.');
    if (!leftOut.has(id)) leftOut.set(id, { fieldPath: issue.path as PropertyKey[], message: issue.message });
  }
  const dropped = new Map<string, Set<number>>();
  for (const id of leftOut.keys()) {
    const [key, index] = id.split('.');
    if (index === undefined) delete record[key!];
    else dropped.set(key!, (dropped.get(key!) ?? new Set()).add(Number(index)));
  }
  for (const [key, indices] of dropped) {
    if (Array.isArray(record[key])) record[key] = (record[key] as unknown[]).filter((_, index) => !indices.has(index));
  }
  const kept = schema.partial().safeParse(record);
  if (!kept.success) return { value: undefined, problems: [whole.problem] };
  const problems = [...leftOut].map(([field, { fieldPath, message }]) => ({
    ...label, line: jsonFieldLine(text, fieldPath), field, message: `${message}; left out, the rest is published`,
  }));
  return { value: kept.data as Partial<z.output<z.ZodObject<Shape>>>, problems };
}

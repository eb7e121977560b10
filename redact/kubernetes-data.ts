// Whether an entry of a Kubernetes manifest's `data:` or `stringData:` map is a Secret's value. kubectl
// prints keys sorted (apiVersion, data, kind, metadata, stringData), so a Secret's values come before
// its `kind: Secret`, and a clipped or paged output may hold them without it: the manifest is then
// known by its apiVersion and its map's shape, where a ConfigMap names its own kind beside its data.
import { isCredentialValue } from './credential-values.ts';
import { isTemplateOnly } from './placeholders.ts';
import type { MatchContext } from './rule.ts';

/** One line of a YAML text: where it starts, how deep its key is indented, and its content after the indentation. */
interface Line {
  start: number;
  indent: number;
  /** The line opens a list item (`- apiVersion: v1`): its key is indented past the dash. */
  item: boolean;
  content: string;
}

/** The line of `text` starting at `start`, read as YAML reads it. */
function lineAt(text: string, start: number): Line {
  const newline = text.indexOf('\n', start);
  const raw = text.slice(start, newline < 0 ? text.length : newline).replace(/\r$/, '');
  const { lead = '', dash } = /^(?<lead>[ \t]*)(?<dash>-[ \t]+)?/.exec(raw)?.groups ?? {};
  const indent = lead.length + (dash?.length ?? 0);
  return { start, indent, item: dash !== undefined, content: raw.slice(indent) };
}

/** Blank lines and comments hold no key. */
const isFiller = (line: Line) => line.content === '' || line.content.startsWith('#');

/** The start of the line before the one starting at `start`, or -1 at the text's start. */
const previousLineStart = (text: string, start: number) => (start <= 0 ? -1 : text.lastIndexOf('\n', start - 2) + 1);

/** The start of the line after the one starting at `start`, or -1 past the text's end. */
function nextLineStart(text: string, start: number): number {
  const newline = text.indexOf('\n', start);
  return newline < 0 || newline + 1 >= text.length ? -1 : newline + 1;
}

/** The `data:` or `stringData:` line the entry at `entryStart` belongs to: the nearest line above it indented less. */
function mapHeaderOf(text: string, entryStart: number): Line | undefined {
  const entry = lineAt(text, entryStart);
  for (let at = previousLineStart(text, entryStart); at >= 0; at = previousLineStart(text, at)) {
    const line = lineAt(text, at);
    if (isFiller(line) || line.indent >= entry.indent) continue;
    return /^(?:data|stringData):[ \t]*$/.test(line.content) ? line : undefined;
  }
  return undefined;
}

/**
 * The other keys of the object `header` is a key of: the lines at its indentation, up and down, to
 * where a line indented less, a list's next item or a document's `---` ends the object.
 */
function siblingsOf(text: string, header: Line): Line[] {
  const siblings: Line[] = [];
  const ends = (line: Line) => line.content.startsWith('---') || line.indent < header.indent;
  // Above: the object's keys up to its first (after its dash); a `- data:` header is that first key itself.
  for (let at = header.item ? -1 : previousLineStart(text, header.start); at >= 0; at = previousLineStart(text, at)) {
    const line = lineAt(text, at);
    if (isFiller(line) || line.indent > header.indent) continue;
    if (ends(line)) break;
    siblings.push(line);
    if (line.item) break;
  }
  // Below: the object's other keys, to its list's next item (a `- data:` header opens the object itself).
  for (let at = nextLineStart(text, header.start); at >= 0; at = nextLineStart(text, at)) {
    const line = lineAt(text, at);
    if (isFiller(line) || line.indent > header.indent) continue;
    if (ends(line) || line.item) break;
    siblings.push(line);
  }
  return siblings;
}

/** The kind the object holding `header` names (`Secret`, `ConfigMap`), or undefined when its `kind:` is not in reach. */
function kindOf(text: string, header: Line): string | undefined {
  const kind = siblingsOf(text, header).find((line) => line.content.startsWith('kind:'));
  // `kind: Secret # prod`: a comment after the value is not part of it.
  return kind?.content.slice('kind:'.length).replace(/[ \t]+#.*$/, '').trim().replace(/^["']|["']$/g, '');
}

/** True when every entry of the map under `header` that is in reach holds padded base64 or nothing, as a Secret's data does. */
function holdsOnlyBase64(text: string, header: Line): boolean {
  for (let at = nextLineStart(text, header.start); at >= 0; at = nextLineStart(text, at)) {
    const line = lineAt(text, at);
    if (isFiller(line)) continue;
    if (line.indent <= header.indent) break;
    const value = /^[\w.-]+:[ \t]*(.*)$/.exec(line.content)?.[1]?.trim();
    const bare = value?.replace(/^(["'])(.*)\1$/, '$2');
    if (bare === undefined || bare.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(bare)) return false;
  }
  return true;
}

/** The YAML document (between `---` lines) of `text` around `at`. */
function documentAround(text: string, at: number): string {
  const from = text.lastIndexOf('\n---', at) + 1;
  const next = text.indexOf('\n---', at);
  return text.slice(from, next < 0 ? text.length : next);
}

/** Base64 as the API stores a Secret's bytes: a multiple of four characters, not a word, six characters decoded at least. */
function isSecretBase64(value: string): boolean {
  return value.length % 4 === 0 && /\d|[+/=]|[A-Z].*[a-z]|[a-z].*[A-Z]/.test(value) && Buffer.from(value, 'base64').toString('latin1').trim().length >= 6;
}

/**
 * True when a YAML entry of a `data:` map (base64) or a `stringData:` map (the value itself) is a
 * Secret's: the object names `kind: Secret`, or names no kind in reach (a clipped `kubectl get -o
 * yaml`) while it reads as a manifest (an apiVersion) whose map is a Secret's (stringData, or
 * base64 in every entry). A ConfigMap names its kind beside its data: its values are configuration.
 */
function acceptYamlEntry(text: string, entryStart: number, plain: boolean): boolean {
  const header = mapHeaderOf(text, entryStart);
  if (!header) return false;
  const kind = kindOf(text, header);
  if (kind !== undefined) return /^secret$/i.test(kind);
  const document = documentAround(text, entryStart);
  // A data: map deeper in a Secret's document (a template the manifest carries).
  if (/^[ \t-]*kind:[ \t]*["']?secret["']?[ \t]*$/im.test(document)) return true;
  if (!/^[ \t-]*apiVersion:[ \t]*\S/m.test(document)) return false;
  return plain || holdsOnlyBase64(text, header);
}

/**
 * The accept of the kubernetes-secret-data rule: true when the entry its pattern matched is a
 * Secret's value. The pattern marks a `stringData:` entry with the empty group `plain` and an entry
 * of kubectl's JSON with the empty group `json`.
 *
 * @example
 * // `apiVersion: v1\ndata:\n  app-salt: UXo0LWFtYmVyLWhlcm9uLVR5ODg=\n  ca.crt: ` (kubectl's output clipped before its kind)
 * acceptKubernetesData('UXo0LWFtYmVyLWhlcm9uLVR5ODg=', context) // true
 */
export function acceptKubernetesData(value: string, { text, match }: MatchContext): boolean {
  const plain = match.groups?.['plain'] !== undefined;
  if (plain) {
    if (isTemplateOnly(value) || !isCredentialValue(value, { quoted: match.groups?.['quote'] !== undefined, configLine: true })) return false;
  } else if (!isSecretBase64(value)) return false;
  if (match.groups?.['json'] === undefined) return acceptYamlEntry(text, match.index, plain);
  // kubectl's JSON: the Secret's kind, or no kind at all in reach beside an apiVersion (the pattern
  // has read every entry before this one as base64).
  const document = documentAround(text, match.index);
  if (/"kind"[ \t]*:[ \t]*"Secret"/.test(document)) return true;
  return !/"kind"[ \t]*:/.test(document) && /"apiVersion"[ \t]*:/.test(document);
}

// A JSON document read in pieces, so a 300 MB trajectory is never held whole: the text arrives in
// chunks, and each element of the long lists a reader names (a trajectory's steps, a log's samples) is
// handed to it on its own, as soon as it is whole, instead of being kept. Only what the reader keeps of
// them stays in memory. A scan finds where each element begins and ends (brackets outside strings);
// the native JSON.parse builds each element and the rest of the document, with its strictness.

/**
 * What to do with each element of the list at a path: `steps` is the document's own `steps`,
 * `samples.*.events` each sample's events. `within` holds the indices of the elements of the lists
 * around it, outermost first (the sample's index for its events).
 */
export type EachElement = (value: unknown, index: number, within: readonly number[]) => void;

/**
 * Names a list whose elements the reader never reads (a training run's token ids): they are scanned past
 * for their brackets and strings, never built, and the list comes back empty.
 */
export const DROP_LIST: EachElement = () => {};

interface Frame {
  kind: 'object' | 'array';
  /** The frame's path (`samples.*.events`), or undefined below the depth any named path reaches. */
  path: string | undefined;
  /** The element index of a list (counted by commas); the last key of an object. */
  index: number;
  key: string | undefined;
  /** The callback of a named list: its elements go there, not into the document. */
  each: EachElement | undefined;
  /** A list named with DROP_LIST: its elements are scanned past, never built. */
  drop: boolean;
  /** A named list: whether an element has begun since the bracket or the last comma. */
  inElement: boolean;
}

/** Text being kept: the document around the named lists, or one element of a named list. */
interface Collector {
  parts: string[];
}

const QUOTE = 0x22;
const isBlank = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

const fail = (what: string): never => {
  throw new SyntaxError(`JSON: ${what}`);
};

/**
 * A JSON parser fed text in chunks (`push`), finished by `end`, which returns the document. The lists at
 * the paths of `each` come back empty: their elements went to the callback.
 *
 * @example
 * const parser = new StreamJson({ steps: (step, i) => keep(step, i) });
 * parser.push('{"steps": [1, 2'); parser.push(', 3]}');
 * parser.end() // { steps: [] }, and the callback saw 1, 2 and 3
 */
export class StreamJson {
  private readonly each: Readonly<Record<string, EachElement>>;
  private readonly stack: Frame[] = [];
  /** Innermost last; the document's own is first. Only the innermost one keeps text. */
  private readonly collectors: Collector[] = [{ parts: [] }];
  /** Whether the innermost collector is paused: between the elements of a named list. */
  private paused = false;
  /** Inside a string: its text so far when it may be a key of a tracked object, else just the state. */
  private inString = false;
  private escapeNext = false;
  private stringParts: string[] | undefined;
  private lastString: string | undefined;
  private started = false;
  /** Chunks read so far; where the next backslash of chunk `slashChunk` is, or -1: none after the last one found. */
  private chunks = 0;
  private slash = -1;
  private slashChunk = -1;

  constructor(each: Readonly<Record<string, EachElement>> = {}) {
    this.each = each;
  }

  push(chunk: string): void {
    this.chunks += 1;
    let text = chunk;
    if (!this.started) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let from = 0;
    let i = 0;
    const n = text.length;
    while (i < n) {
      if (this.inString) {
        i = this.skipString(text, i);
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        this.startElementAt(text, i, from) && (from = i);
        this.inString = true;
        this.stringParts = this.wantsKey() ? [] : undefined;
        i += 1;
        continue;
      }
      if (c === 0x7b || c === 0x5b) {
        if (this.startElementAt(text, i, from)) from = i;
        if (this.open(c === 0x7b ? 'object' : 'array')) {
          this.keep(text, from, i + 1);
          this.paused = true;
        }
      } else if (c === 0x7d || c === 0x5d) {
        const top = this.stack[this.stack.length - 1];
        if (top?.each || top?.drop) {
          // A named list closes: its last element is whole, and the text around it is kept again.
          if (top.inElement) this.finishElement(text, from, i, top);
          else if (top.index > 0 && !top.drop) fail('a list ends with a comma');
          this.paused = false;
          from = i;
        }
        this.close(c === 0x7d ? 'object' : 'array');
      } else if (c === 0x2c) {
        const top = this.stack[this.stack.length - 1];
        if (top?.each) {
          if (!top.inElement) fail('a list element is empty');
          this.finishElement(text, from, i, top);
          top.inElement = false;
          top.index += 1;
          from = i + 1;
        } else if (top && !top.drop) {
          if (top.kind === 'array') top.index += 1;
          top.key = undefined;
        }
      } else if (c === 0x3a && this.stack[this.stack.length - 1]?.kind === 'object') {
        const top = this.stack[this.stack.length - 1]!;
        if (top.path !== undefined) top.key = this.lastString;
      } else if (!isBlank(c)) {
        if (this.startElementAt(text, i, from)) from = i;
      }
      i += 1;
    }
    this.keep(text, from, n);
  }

  end(): unknown {
    if (this.inString || this.stack.length > 0 || this.collectors.length !== 1) fail('the document is cut short');
    return JSON.parse(this.collectors[0]!.parts.join(''));
  }

  /** Keeps text[from, to) in the innermost collector, unless it is paused. */
  private keep(text: string, from: number, to: number): void {
    if (!this.paused && to > from) this.collectors[this.collectors.length - 1]!.parts.push(text.slice(from, to));
  }

  /**
   * At a character that is not blank, comma or a closing bracket: when it begins an element of a named
   * list, a collector for the element starts here. True when it did (the caller keeps text from here).
   */
  private startElementAt(text: string, i: number, from: number): boolean {
    const top = this.stack[this.stack.length - 1];
    if (!top?.each || top.inElement) return false;
    this.keep(text, from, i);
    top.inElement = true;
    this.collectors.push({ parts: [] });
    this.paused = false;
    return true;
  }

  /** An element of a named list is whole at text[.., to): parsed natively and handed to the callback. */
  private finishElement(text: string, from: number, to: number, list: Frame): void {
    this.keep(text, from, to);
    const collector = this.collectors.pop()!;
    this.paused = true;
    const value = JSON.parse(collector.parts.join('')) as unknown;
    list.each!(value, list.index, this.withinIndices(list));
  }

  /** Reads on inside a string from text[i]; returns where scanning goes on. */
  private skipString(text: string, i: number): number {
    let at = i;
    if (this.escapeNext) {
      this.escapeNext = false;
      at += 1;
    }
    for (;;) {
      const quote = text.indexOf('"', at);
      // The next backslash is looked up once per stretch of text, not once per string (texts without any are common).
      if (this.slashChunk !== this.chunks || (this.slash !== -1 && this.slash < at)) {
        this.slashChunk = this.chunks;
        this.slash = text.indexOf('\\', at);
      }
      const slash = this.slash;
      if (slash !== -1 && (quote === -1 || slash < quote)) {
        if (slash + 1 >= text.length) {
          this.escapeNext = true;
          this.stringParts?.push(text.slice(i, text.length));
          return text.length;
        }
        at = slash + 2;
        continue;
      }
      if (quote === -1) {
        this.stringParts?.push(text.slice(i, text.length));
        return text.length;
      }
      this.inString = false;
      if (this.stringParts) {
        this.stringParts.push(text.slice(i, quote));
        this.lastString = JSON.parse(`"${this.stringParts.join('')}"`) as string;
        this.stringParts = undefined;
      }
      return quote + 1;
    }
  }

  /** Whether a string starting now may be a key whose path matters: inside an object whose path is tracked. */
  private wantsKey(): boolean {
    const top = this.stack[this.stack.length - 1];
    return top?.kind === 'object' && top.path !== undefined && top.key === undefined;
  }

  /** The path of a container opening now, or undefined when no named path lies at or below it. */
  private childPath(): string | undefined {
    const top = this.stack[this.stack.length - 1];
    if (!top) return '';
    if (top.path === undefined) return undefined;
    const step = top.kind === 'object' ? top.key : '*';
    if (step === undefined) return undefined;
    const path = top.path === '' ? step : `${top.path}.${step}`;
    return Object.keys(this.each).some((rule) => rule === path || rule.startsWith(`${path}.`)) ? path : undefined;
  }

  /** Opens a container; true when it is a named list (its elements are not kept in the document). */
  private open(kind: Frame['kind']): boolean {
    const path = this.childPath();
    const each = kind === 'array' && path !== undefined ? this.each[path] : undefined;
    const drop = each === DROP_LIST;
    this.stack.push({ kind, path, index: 0, key: undefined, each: drop ? undefined : each, drop, inElement: false });
    return each !== undefined;
  }

  private close(kind: Frame['kind']): void {
    const top = this.stack.pop();
    if (top?.kind !== kind) fail('a bracket closes what it did not open');
  }

  /** The indices of the elements being read in the tracked lists around `list`. */
  private withinIndices(list: Frame): number[] {
    const within: number[] = [];
    for (const frame of this.stack) {
      if (frame === list) break;
      if (frame.kind === 'array' && frame.path !== undefined) within.push(frame.index);
    }
    return within;
  }
}

// Syntax colouring of diff lines, at build time: a small single-line tokenizer per language family
// (keywords, strings, comments, numbers). It never needs a whole file (a diff shows pieces), adds
// classes only (the CSP allows no inline styles), and leaves unknown file types plain.

export interface Token {
  /** `k` keyword, `s` string, `c` comment, `n` number; null: plain text. */
  kind: 'k' | 's' | 'c' | 'n' | null;
  text: string;
}

interface Grammar {
  keywords: ReadonlySet<string>;
  /** What starts a comment running to the end of the line. */
  lineComment: string[];
  /** A block comment's start and end, coloured when it starts on the line (`/* ... *\/`). */
  blockComment?: [string, string];
}

const words = (list: string) => new Set(list.split(' '));

const C_LIKE = words('break case catch class const continue default do else enum export extends false finally for function if import in '
  + 'instanceof interface let new null return static super switch this throw true try typeof undefined var void while yield async await '
  + 'of type from as implements private protected public readonly abstract declare namespace keyof never unknown any boolean number string '
  + 'int long float double char struct unsigned signed sizeof go func package defer map chan select range fn impl mut pub use mod trait '
  + 'where match loop self Self crate');
const PYTHON = words('and as assert async await break class continue def del elif else except False finally for from global if import in '
  + 'is lambda None nonlocal not or pass raise return True try while with yield self');
const SHELL = words('if then else elif fi for while do done case esac function in return local export set unset echo exit');
const YAML = words('true false null yes no on off');

const GRAMMARS: Record<string, Grammar> = {
  c: { keywords: C_LIKE, lineComment: ['//'], blockComment: ['/*', '*/'] },
  python: { keywords: PYTHON, lineComment: ['#'] },
  shell: { keywords: SHELL, lineComment: ['#'] },
  yaml: { keywords: YAML, lineComment: ['#'] },
  json: { keywords: words('true false null'), lineComment: [] },
};

const BY_EXTENSION: Record<string, keyof typeof GRAMMARS> = {
  ts: 'c', tsx: 'c', js: 'c', jsx: 'c', mjs: 'c', cjs: 'c', mts: 'c', cts: 'c', java: 'c', kt: 'c', go: 'c', rs: 'c', c: 'c', h: 'c',
  cc: 'c', cpp: 'c', hpp: 'c', cs: 'c', swift: 'c', scala: 'c', astro: 'c', vue: 'c', svelte: 'c',
  py: 'python', sh: 'shell', bash: 'shell', zsh: 'shell', yml: 'yaml', yaml: 'yaml', toml: 'yaml', json: 'json', jsonc: 'json',
};

/** The grammar for a file path, by its extension; undefined leaves the file plain. */
export function grammarFor(filePath: string): Grammar | undefined {
  const extension = /\.([A-Za-z0-9]+)$/.exec(filePath)?.[1]?.toLowerCase();
  const name = extension ? BY_EXTENSION[extension] : undefined;
  return name ? GRAMMARS[name] : undefined;
}

/**
 * Splits one line of code into coloured tokens.
 *
 * @example
 * tokenizeLine('const a = "x"; // note', grammarFor('a.ts')!)
 * // [{kind:'k',text:'const'}, {kind:null,text:' a = '}, {kind:'s',text:'"x"'}, {kind:null,text:'; '}, {kind:'c',text:'// note'}]
 */
export function tokenizeLine(line: string, grammar: Grammar): Token[] {
  const tokens: Token[] = [];
  const push = (kind: Token['kind'], text: string) => {
    const last = tokens.at(-1);
    if (last && last.kind === kind) last.text += text;
    else tokens.push({ kind, text });
  };
  let i = 0;
  while (i < line.length) {
    const rest = line.slice(i);
    if (grammar.lineComment.some((start) => rest.startsWith(start))) {
      push('c', rest);
      break;
    }
    const block = grammar.blockComment;
    if (block && rest.startsWith(block[0])) {
      const end = rest.indexOf(block[1], block[0].length);
      const text = end < 0 ? rest : rest.slice(0, end + block[1].length);
      push('c', text);
      i += text.length;
      continue;
    }
    const quote = rest[0];
    if (quote === '"' || quote === "'" || quote === '`') {
      let end = 1;
      while (end < rest.length && rest[end] !== quote) end += rest[end] === '\\' ? 2 : 1;
      push('s', rest.slice(0, end + 1));
      i += end + 1;
      continue;
    }
    const word = /^[A-Za-z_$][\w$]*/.exec(rest)?.[0];
    if (word) {
      push(grammar.keywords.has(word) ? 'k' : null, word);
      i += word.length;
      continue;
    }
    const number = /^\d[\d_]*(?:\.\d+)?/.exec(rest)?.[0];
    if (number) {
      push('n', number);
      i += number.length;
      continue;
    }
    push(null, rest[0]!);
    i += 1;
  }
  return tokens;
}

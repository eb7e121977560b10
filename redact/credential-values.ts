// Whether a value written under a credential name is one. The grammar detector takes any value,
// whatever its entropy (`hunter2`, `correct horse battery`, `12345678`), and lets through only what
// is plainly not a value: a placeholder, a template, a type, a switch, or a reference in code.
import { decodeHTMLStrict } from 'entities';
import { isPlaceholder } from './placeholders.ts';
import { looksLikeSecretValue } from './rule-checks.ts';

/** Type and schema words written where a value goes (`password: string`, `token: Optional[str]`). */
const TYPE_WORDS = /^(?:string|str|text|number|int|integer|float|bool|boolean|bytes|byte\[\]|char\[\]|object|any|unknown|undefined|null|none|nil|void|secretstr|secretbytes|optional\[.*\]|list\[.*\]|dict\[.*\]|array<.*>|string\[\]|required|optional|nullable|uuid|date|datetime|password|secret|sensitive|hidden|masked|redacted|omitted|removed|unset|empty|notset|n\/a|na|tbd|todo|\*+|-+|\.+)$/i;

/** Switch words: `auth: true`, `password_required = false`. */
const SWITCH_WORDS = /^(?:true|false|yes|no|on|off|enabled|disabled|nan|inf)$/i;

/** Words a label line uses for "see elsewhere", "was changed" or how a login went, rather than a value. */
export const STOP_WORDS = String.raw`see|set|use|the|is|was|will|must|should|not|and|or|for|to|in|at|by|from|via|as|changed|updated|reset|required|provided|stored|saved|rotated|expired|invalid|incorrect|wrong|missing|ok|okay|hidden|same|below|above|unchanged|prompt|ask|none|n\/a|failed|succeeded|successful|denied|accepted|rejected|mismatch|matched`;

const LABEL_STOP_WORDS = new RegExp(`^(?:${STOP_WORDS})$`, 'i');

/** Words of a note about a value (`see the vault`, `same as the router label`, `write it down`), never of a passphrase. */
export const NOTE_WORD = new RegExp(String.raw`^(?:${STOP_WORDS}|your|their|our|its?|this|that|these|those|them|they|here|there|write|keep|enter|type|choose|pick|contact|check|get|find|copy|paste|generate|generated|vault|manager|entry|label|file|empty|blank|unknown|tbd|todo|rotation|scheduled|pending|due|done|later|soon|today|tomorrow|yesterday|daily|weekly|policy|length|characters|chars|minimum|maximum|least|most|try|again|retry|sorry|please|error|failure|welcome|connection|closed|remote|host|session|opened|logged|last|login|authentication|good|looks|now|ok|great|fine)$`, 'i');

/** Small words a passphrase may hold (`the owl hums twice`) though a note holds them too: a note has others. */
const SMALL_WORD = /^(?:the|a|an|and|or|is|was|to|in|at|by|as|for|of|on|my)$/i;

/**
 * A passphrase as people write one on a line of its own: two to twelve words of letters and digits
 * (two not one capitalised and one not, as a sentence or a German noun writes them; more in any case),
 * perhaps apart by commas, none a note's word but the small ones. Where a value is expected
 * (a secrets file's next line) it is the value; a note or a sentence has a note's words or other signs.
 *
 * @example
 * isPassphrase('my cat likes tuna') // true
 * isPassphrase('saffron, thistle, cobalt') // true
 * isPassphrase('see the vault entry') // false
 */
export function isPassphrase(line: string): boolean {
  const text = line.trim();
  const words = text.split(/[ \t]+/).map((word) => word.replace(/,$/, ''));
  // Two words of which one alone is capitalised are a note's (`Login incorrect`, `siehe Tresor`), whose words no list of ours knows;
  // so is a sentence that opens with a capitalised word and a comma (`Great, both containers started`).
  const cased = (words.length >= 3 || words.filter((word) => /^\p{Lu}\p{Ll}+$/u.test(word)).length !== 1) && !/^\p{Lu}\p{Ll}*,/u.test(text);
  return text.length <= 120 && words.length >= 2 && words.length <= 12 && cased
    && words.every((word) => /^[\p{L}\p{N}'’-]+$/u.test(word) && (SMALL_WORD.test(word) || !NOTE_WORD.test(word)));
}

/**
 * A reference in code: a call, a member of an object, an environment lookup, a variable, a member
 * indexed by a quoted key (`request.headers["apikey"]`, the value read up to its quote, in a page up to `&quot`).
 * A call's arguments are no words joined by a dash (`Nv9(thistle-Kam40`), and no word runs on past
 * its `)` (`Hq4(lantern)*Vox82`): those are a password's brackets.
 */
const CODE_REFERENCE = /^(?:[A-Za-z_$][\w$]*(?:(?:\.|::|->|\?\.)[A-Za-z_$][\w$]*)+(?:\(.*|\[(?:&quot|&#0?39|&#x27)?)?|[A-Za-z_$][\w$.]*\((?![^)]*[A-Za-z0-9]-[A-Za-z])(?:[^)]*|[^)]*\)(?![\w*+%^~!@#&|-]).*)|\$\d|process\.env\..*|os\.environ.*|getenv.*)$/;

/**
 * Values that are markup or code, quoted or not: a tag (`<xsd:element`), another assignment
 * (`x = y`), a shell command substitution with its arguments, a constructor or a lambda, the rest
 * of a call (`, pwd)`), a regular expression (`.*`, `(8XD[A-Z0-9]{17})`, `\d+`), a note in brackets (`(optional)`; a short
 * group the value goes on past, `(Ua8)cedar-Wil79`, is a password's own), HTML entities alone, each
 * a real one with its `;` but the last (a value is read up to a `;`): `&quot;&quot;`, also as Python's
 * empty bytes or raw string in a page, `b&quot;&quot;`; `Fr&nk&Stein` is a password.
 */
const MARKUP_OR_CODE = /^(?:<[A-Za-z!/?]|>)|\s=\s|^(?:new|await|lambda|function|require|import|typeof|this|self)(?:\s|\(|$)|^\$\(|^`[^`]*\s|^[,;)\]}]|^\.\*|^\((?!(?!\?)[^()\s]{1,40}\)[^\s()])|\[[A-Za-z0-9]-[A-Za-z0-9]|\\[dswb]|\{\d+(?:,\d*)?\}|^(?:[bru]|br|rb|fr|rf)?(?:&(?:quot|apos|amp|lt|gt|nbsp|#\d{1,7}|#x[0-9a-f]{1,6});)*&(?:quot|apos|amp|lt|gt|nbsp|#\d{1,7}|#x[0-9a-f]{1,6});?$/i;

/** A run of character references, the last one's `;` optional (a value is read up to a `;`). */
const ENTITY_RUN = /^(?:&[A-Za-z][A-Za-z0-9]{1,31};)*&[A-Za-z][A-Za-z0-9]{1,31};?$/;

/**
 * True when `value` is named character references only, each a real one (`&ensp`, `&thinsp;&ensp`):
 * a space or a mark between a name and its value in a page, not the value. The value after it is read
 * in the decoded view; `&Sunshine` is no reference, so it is a password.
 */
function isEntitiesOnly(value: string): boolean {
  if (!ENTITY_RUN.test(value)) return false;
  return value.split('&').slice(1).every((name) => {
    const reference = `&${name.replace(/;$/, '')};`;
    return decodeHTMLStrict(reference) !== reference;
  });
}

/**
 * A part of a dotted value that no one names a variable or a member (`pk.<random>.<random>`, a
 * token in dotted form): twenty letters and digits or more, four digits among them. Names in code
 * are words (`config.db_password_v2`), not runs like that.
 */
function hasRandomPart(value: string): boolean {
  return value.split(/\.|::|->|\?\./).some((part) => /^[A-Za-z0-9]{20,}$/.test(part) && (part.match(/\d/g)?.length ?? 0) >= 4
    && (part.match(/[A-Za-z]/g)?.length ?? 0) >= 4);
}

export interface ValueContext {
  /** The value was quoted: a literal, not a reference. */
  quoted: boolean;
  /**
   * The line is a configuration line of its own (`NAME=value` of a .env file, `key: value` of YAML,
   * `password x` of a .netrc), where an unquoted word is a literal too; in code it names a variable.
   */
  configLine: boolean;
  /** The name holds a short number (a PIN, a passcode): four digits are a value there, not a count. */
  numeric?: boolean;
  /**
   * The line is a .env line (`NAME=value` from its start, nothing around the `=`): no code runs
   * there, so `Tb7(ember)` is a literal; a lower-case call (`password=getpass()`) is still a script's.
   */
  envLine?: boolean;
}

/** The marks a value may be wrapped in: brackets of each kind, a spoiler's (`>!v!<`, `||v||`). */
const WRAPS: ReadonlyArray<readonly [string, string]> = [['(', ')'], ['[', ']'], ['{', '}'], ['<', '>'], ['>!', '!<'], ['||', '||']];

/** A wrapped value's token: of eight characters or more, none a bracket, quote, `=`, `:` or separator. */
const WRAPPED_TOKEN = /^[^\s()[\]{}<>=:\\"'\x60,;|]{8,100}$/;

/**
 * The one unquoted token inside up to three wraps (`password: (v)`, `((v))`, `( v )`, `{v}`, `<v>`,
 * `>!v!<`), blanks inside them allowed; a lone opening parenthesis too (an unquoted value is read up
 * to a `)`). Whether a brace or an angle bracket wrapped it (a template's slot, a page's tag).
 * Undefined when nothing wraps one token: `(8XD[A-Z0-9]{17})` is a pattern, `(len=32)` a note.
 */
function unwrapped(value: string): { inside: string; brace: boolean; angle: boolean } | undefined {
  let inside = value;
  let [brace, angle, layers] = [false, false, 0];
  for (; layers < 3; layers++) {
    const wrap = WRAPS.find(([open, close]) => inside.length > open.length + close.length && inside.startsWith(open) && inside.endsWith(close));
    if (!wrap) break;
    brace ||= wrap[0] === '{';
    angle ||= wrap[0] === '<';
    inside = inside.slice(wrap[0].length, -wrap[1].length).trim();
  }
  if (layers === 0 && inside.startsWith('(')) [inside, layers] = [inside.slice(1), 1];
  if (layers === 0 || !WRAPPED_TOKEN.test(inside) || (angle && inside.includes('/'))) return undefined;
  return { inside, brace, angle };
}

/**
 * A value in brackets is the token inside when that token looks like a secret. In braces, a name
 * (`{db_password}`, `{token2}`) is a template's slot, not a value; `{Tr0ub4dor3}` names nothing.
 */
function isBracketedValue(inside: string, brace: boolean, context: ValueContext): boolean {
  if (brace && isPlaceholder(`{${inside}}`)) return false;
  return looksLikeSecretValue(inside) && isCredentialValue(inside, context);
}

/**
 * True when `value`, found under a credential name, must be redacted.
 *
 * @example
 * isCredentialValue('hunter2', { quoted: false, configLine: false }) // true
 * isCredentialValue('config.password', { quoted: false, configLine: false }) // false
 * isCredentialValue('sunshine', { quoted: false, configLine: true }) // true
 */
export function isCredentialValue(raw: string, context: ValueContext): boolean {
  const value = raw.trim();
  const wrapped = context.quoted ? undefined : unwrapped(value);
  // `<your-api-key>` is a template's slot (the placeholders' own reading), `<Do5-quill-Dar55>` a value.
  if (wrapped?.angle && isPlaceholder(value)) return false;
  if (wrapped) return isBracketedValue(wrapped.inside, wrapped.brace, context);
  // Nothing but wraps (`[[ ]]`, `( )`, `<>`) holds no value.
  if (value.length === 0 || /^[\s()[\]{}<>|!]*$/.test(value) || isPlaceholder(value) || SWITCH_WORDS.test(value)) return false;
  if (TYPE_WORDS.test(value)) return false;
  // A quoted PIN, a long numeric client secret; a bare small number (`"pass": 1525`) is a count, but not under a PIN's name.
  if (/^\d+$/.test(value)) return value.length >= (context.quoted || context.numeric ? 4 : 6);
  if (/^\d+(?:\.\d+)+[a-z]?$/i.test(value) || /^\d+(?:ms|s|m|h|d|kb|mb|gb|%)$/i.test(value)) return false; // a version, a duration
  if (value.length < 4) return false; // `abc`, `x`: nothing anyone signs in with
  if (/^[A-Za-z][\w-]*:$/.test(value)) return false; // a label (`rule private-key: withheld: ...`), not a value
  if (value.startsWith('-----BEGIN ')) return false; // a key block: the private-key rule judges it, body and all
  if (MARKUP_OR_CODE.test(value) || isEntitiesOnly(value)) return false;
  if (context.quoted) return !/^[\s\W]*$/.test(value);
  if (CODE_REFERENCE.test(value) && !hasRandomPart(value) && !(context.envLine && /^[A-Z][\w$]*\(/.test(value))) return false;
  if (/^[A-Za-z_]+$/.test(value)) return context.configLine && !LABEL_STOP_WORDS.test(value);
  return true;
}

/**
 * True when the text before `at` on its line holds only indentation, an `export`/`set`/`ENV` word
 * or a list marker: the assignment is a line of its own, as in a .env, properties or YAML file,
 * also as a line a diff adds or removes (`+  password: x`).
 */
export function startsConfigLine(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  return /^[+-]?[ \t]*(?:(?:export|set|setx|env|ENV|declare(?: -x)?|local|readonly|[-*]|\$env:)[ \t]+)?$/.test(text.slice(lineStart, at));
}

/**
 * A value that reads as drawn, not written: eight characters or more, two digits among them, both
 * cases or a symbol beyond `-_.`, and no words and numbers run together as a type's name
 * (`Base64String`), a version (`v2.3.1`) or a model's (`gpt-4o-mini-2024`). Where only a neighbour
 * names the credential (a space after a variable's name, a table's next cell), the value must say so too.
 *
 * @example
 * looksDrawn('Hq4-lantern-Vox82') // true
 * looksDrawn('Base64String') // false
 */
export function looksDrawn(value: string): boolean {
  return value.length >= 8 && (value.match(/\d/g)?.length ?? 0) >= 2 && /[A-Za-z]/.test(value)
    && ((/[a-z]/.test(value) && /[A-Z]/.test(value)) || /[^A-Za-z0-9._-]/.test(value))
    && !/^(?:[A-Z][a-z]+|\d+)+$/.test(value) && !/^v?\d+(?:\.\d+)+/.test(value) && !/[()]/.test(value);
}

/**
 * A value drawn in any script: at least eight characters, two digits, a letter, and both cases or a
 * sign (`Ёлка-Хвоя-Ключ47`, `λάμπα-Vox53x`), as looksDrawn reads Latin ones.
 *
 * @example
 * looksDrawnInAnyScript('Ёлка-Хвоя-Ключ47') // true
 */
export function looksDrawnInAnyScript(value: string): boolean {
  return value.length >= 8 && (value.match(/\p{N}/gu)?.length ?? 0) >= 2 && /\p{L}/u.test(value)
    && ((/\p{Lu}/u.test(value) && /\p{Ll}/u.test(value)) || /[^\p{L}\p{N}._-]/u.test(value)) && !/[()]/.test(value);
}

/**
 * Words a sentence says a password is, rather than what it is, in the languages whose sentences the
 * grammar reads (`the password is incorrect`, `das Passwort ist falsch`, `пароль неверный`): states,
 * judgements and where it is.
 */
const STATE_WORD = new RegExp(String.raw`^(?:${STOP_WORDS}|correct|right|weak|strong|long|short|empty|blank|null|nil|undefined|sentinel|default|valid|optional|mandatory|secret|secure|insecure|unsafe|plaintext|cleartext|plain|random|unique|different|identical|elsewhere|somewhere|something|anything|nothing|everything|whatever|unknown|known|present|absent|temporary|permanent|private|public|local|global|output|input|active|inactive|high|floating|there|here|enough|too|also|still|already|ignored|sensitive|case-sensitive|fine|good|bad|broken|fixed|gone|lost|safe|visible|weird|strange|obvious|trivial|simple|complex|complicated|new|old|current|previous|latest|first|last|true|false` +
  // Short ones and those with endings that nouns and names have too (`swordfish`, `Rosemary`, `hickory`, `Montreal`, `Titanic`).
  String.raw`|easy|hard|open|free|full|live|dead|back|next|used|sent|nice|cool|ready|clear|given|taken|shown|locked|bogus|fake|real|legit|stale|very|quite|just|case|foolish|necessary|arbitrary|secondary|primary|voluntary|weekly|daily|monthly|hourly|yearly|only|likely|automatic|generic|static|dynamic|basic|specific|original|additional|internal|external|final|normal|minimal|manual|critical|special|actual|usual|typical|logical|physical|digital|virtual|literal|universal|conditional|incremental|functional|technical` +
  String.raw`|lowercase|uppercase|unicode|obsolete|overwritten|forgotten|verbatim|nowhere|asterisks|truthy|falsy|bcrypt|hashed|salted|persistent|relevant|irrelevant|important|redundant|constant|dependent|independent|consistent|inconsistent|recent|urgent|silent|frequent|sufficient|insufficient|efficient|apparent|transparent|prominent|compliant|significant|excellent|decent|evident|transient|convenient|inconvenient|latent|confident|patient|pending` +
  // German, French, Spanish, Portuguese, Italian, Dutch, the Nordic languages, Czech, Slovak, Polish, Finnish, Russian, Ukrainian.
  String.raw`|falsch|richtig|korrekt|leer|sicher|unsicher|schwach|stark|unbekannt|bekannt|geheim|gleich|anders|neu|alt|abgelaufen|erforderlich|identisch` +
  String.raw`|incorrecto|correcto|obligatorio|distinto|distinta|válido|valido|inválido|invalido|строка|число|верно|неверно` +
  String.raw`|invalide|valide|requis|obligatoire|vide|faible|fort|inconnu|différent|identique|mauvais|bon|expiré|modifié` +
  String.raw`|incorrecta|correcta|incorreta|correta|inválida|invalida|válida|valida|obligatoria|obrigatória|obrigatoria|segura|débil|fuerte|forte|vacía|vazia|nueva|nova|errónea|errada|errata|sbagliata|corretta|vuota|scaduta|caducada|expirada` +
  String.raw`|onjuist|juist|fout|verlopen|gewijzigd|ongeldig|geldig|leeg|zwak|sterk|fel|felaktigt|riktigt|ogiltigt|giltigt|tomt|feil|riktig|ugyldig|gyldig|forkert|rigtig` +
  String.raw`|špatné|spatne|správné|spravne|neplatné|neplatne|chybné|chybne|prázdné|prazdne|zlé|zle|nesprávne|nespravne|poprawne|niepoprawne|błędne|bledne|puste|ważne|wazne|nieważne|niewazne` +
  String.raw`|väärä|vaara|oikein|oikea|tyhjä|tyhja|virheellinen|heikko|vahva|неверный|верный|правильный|неправильный|пустой|слабый|сильный|изменён|изменен|устарел|недействителен|неправильний|правильний|порожній)$`, 'iu');
/**
 * Endings of English words that say what a thing is like or what was done to it (`encrypted`, `rotating`,
 * `configurable`, `authentication`); nouns end so less often than in `-al`, `-ic`, `-ary`, `-ly`, `-ent` or `-ant`, whose
 * states STATE_WORD lists.
 */
const ENGLISH_STATE_ENDING = /(?:ed|ing|able|ible|ive|ous|ful|less|tion|sion|ment|ness|ity)$/i;
/**
 * Endings of such words in the other languages (participles and adjectives): `geändert`, `expirée`,
 * `bloqueado`, `scaduta`, `spatne`, `vaihdettu`, `vanhentunut`, `неверный`, `изменена`.
 */
const OTHER_STATE_ENDING = /(?:^(?:ge|ver|zurück|be|ent|er)\p{L}+(?:t|en|d)|elt|igt|isch|owe|owy|owa|lich|ig|bar|los|iert|é|ée|és|ées|ible|able|if|ive|eux|euse|ado|ada|ido|ida|ato|ata|uto|uta|ble|oso|osa|ivo|iva|ente|ante|né|ne|ný|ny|ná|no|ono|eno|ane|one|ttu|tty|nut|nyt|inen|ый|ий|ой|ая|яя|ое|ее|ые|ие|ен|ён|ан|ян|на|но|ны|ний|ня)$/iu;

/**
 * A word a person chose as a password, as a sentence gives it after the word for password and its
 * `is` and nothing after it in the clause (`the password is sunflowerfield.`, `Das Passwort ist
 * Sonnenblume`, `пароль — ромашка`): five letters or more of a script that writes words apart (four
 * for a name), no word for a state or a judgement (`incorrect`, `falsch`, `неверный`), nor, unless
 * capitalised as a name, one with such a word's ending in the sentence's language (`english`:
 * English's; else the others'). Digits are a PIN's word (`heslo je 48213377`).
 *
 * @example
 * isChosenWord('sunflowerfield', true) // true
 * isChosenWord('encrypted', true) // false
 * isChosenWord('48213377', false) // true
 */
export function isChosenWord(word: string, english: boolean): boolean {
  if (/^\d{4,16}$/.test(word)) return true;
  // Words joined by a hyphen or an apostrophe are one (`blue-giraffe`, `O'Malley`); the last names its state (`short-lived`).
  if (!/^[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Armenian}\p{Script=Georgian}]+(?:['’-][\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}]+){0,3}$/u.test(word)) return false;
  const last = word.split(/['’-]/).at(-1)!;
  // A capitalised word mid-sentence is a name (`Rosemary`, `Leipzig`, `Светлана`), which no ending makes a state.
  const name = /^\p{Lu}\p{Ll}+$/u.test(word);
  return word.length >= (name ? 4 : 5) && word.length <= 40 && !STATE_WORD.test(word) && !STATE_WORD.test(last)
    && (name || !(english ? ENGLISH_STATE_ENDING : OTHER_STATE_ENDING).test(last))
    // An identifier's case (`MISSING`, `passwordHash`) is code's word, not a sentence's.
    && !/^\p{Lu}{2,}$/u.test(word) && !/\p{Ll}\p{Lu}/u.test(word);
}

/**
 * A phrase of two to six words a person chose as a password, after a sentence's `is` where the clause
 * ends (`purple elephant`, `correct horse battery staple`): two or three words each a chosen one, or
 * four and more with no small word nor a note's (`a string of digits`, `stored in the vault` are prose).
 *
 * @example
 * isChosenPhrase('purple elephant', true) // true
 * isChosenPhrase('too short', true) // false
 */
export function isChosenPhrase(phrase: string, english: boolean): boolean {
  const words = phrase.trim().split(/[ \t]+/);
  if (words.length < 2 || words.length > 6) return false;
  if (words.length <= 3) return words.every((word) => isChosenWord(word, english) && !/^\d+$/.test(word));
  return words.every((word) => /^\p{L}{2,}$/u.test(word) && !SMALL_WORD.test(word) && !NOTE_WORD.test(word));
}

/**
 * A quote as a page escapes it (`&quot;`, `&#39;`, `&apos;`, `&#x27;`): where a bare value in a page
 * ends, as it ends at the quote itself in the text.
 */
export const PAGE_QUOTE = String.raw`&(?:quot|apos|#0*3[49]|#x0*2[27]);`;

// How a sentence in another language names a password before its value: the word for password
// (credential-names.ts LABEL_WORDS), then that language's `is`, a particle written onto the word, a
// dash, or a few words of a sentence that sets it (`пароль это v`, `密码是 v`, `Пароль изменён на v`).
// The rules that read such sentences (rules-grammar.ts credential-prose-script and -words) judge the
// words before a value here.
import { LABEL_WORDS } from './credential-names.ts';
import { escapeRegExp } from './known-secrets.ts';

/** The word for `is` in the languages LABEL_WORDS covers, written apart from the word for password (`heslo je`, `slaptažodis yra`). */
const COPULA_WORDS = ['ist', 'lautet', 'war', 'est', 'était', 'es', 'era', 'é', 'è', 'e', 'är', 'var', 'er', 'oli', 'jest', 'je', 'to', 'este', 'yra', 'ir',
  'adalah', 'ialah', 'ni', 'ay', 'është', 'eshte', 'е', 'это', 'є', 'це', 'είναι', 'هو', 'هي', 'است', 'ہے', 'היא', 'הוא', 'है', 'आहे', 'হল', 'คือ', 'là',
  'dır', 'dir', 'არის'];
/** The same words as English and Dutch, Estonian or Finnish write them: with the word of those languages only, never with an English one. */
const SHARED_COPULAS = ['is', 'was', 'on'];
/** Particles written onto the word (`密码是`, `パスワードは`, `비밀번호는`). */
const PARTICLES = ['是', '为', '為', 'は', 'が', '는', '은', '이', '가'];
/** Dashes a sentence puts between the word and the value (`Пароль — v`): with the word of another language only (`The default token — gpt-4o` is English). */
const DASHES = ['—', '–', '-'];
/** The English words other languages borrow (`la password è v`, `PIN码是 v`): they count only before that language's own `is`. */
const BORROWED = ['password', 'passphrase', 'token', 'pin'];
/** The word for token in other languages: as common as the English one in a model's log (`トークン数の上限: max_tokens=4096`). */
const TOKEN_WORDS = new Set(['токен', 'トークン', '토큰', '令牌']);
/**
 * The words that name a password in a sentence without its `is`: not one too short to be sure of
 * (`MDP solved with …`, an abbreviation), nor a word for token.
 */
const BARE_WORDS = LABEL_WORDS.filter((word) => (word.length >= 4 || /[^\x00-\xff]/.test(word)) && !TOKEN_WORDS.has(word));

const alternatives = (words: readonly string[]) => words.map(escapeRegExp).join('|');
/**
 * Before the word: no letter of a script that writes words apart (`xpassword` is another word); in
 * scripts that write a particle or an article onto it (`הסיסמה`, `新密码`) anything may stand there.
 */
const WORD_START = String.raw`(?<![A-Za-z\u00c0-\u024f\u0400-\u04ff])`;
const COPULA = `[ \\t]+(?:${alternatives([...COPULA_WORDS, ...SHARED_COPULAS])})|[ \\t]*(?:${alternatives([...PARTICLES, ...DASHES])})`;

/** Most words a sentence puts between the word for password and its value (`пароль я вчера вечером поменял на v`). */
export const WORDS_BETWEEN = 5;

/** The word and its language's `is`, perhaps with what it is for between (`Пароль от роутера —`, `Le mot de passe du routeur est`). */
const NATIVE_COPULA = new RegExp(`${WORD_START}(?:${alternatives(LABEL_WORDS)})\\S{0,8}(?:[ \\t]+\\S{1,16}){0,3}?(?:${COPULA})$`, 'iu');
/** A borrowed word, what it is for perhaps (`la password ora è`), and that language's own `is` or a particle (`PIN码是`). */
const BORROWED_COPULA = new RegExp(`${WORD_START}(?:${alternatives(BORROWED)})(?:(?:[ \\t]+\\S{1,16}){0,3}?[ \\t]+(?:${alternatives(COPULA_WORDS)})|[ \\t]*\\S{0,3}?(?:${alternatives(PARTICLES)}))$`, 'iu');
const BARE = new RegExp(`${WORD_START}(?:${alternatives(BARE_WORDS)})$`, 'iu');
/**
 * The word, then at most a suffix or particles written onto it (`şifreniz`, `密码改成了`, `パスワードを`)
 * and WORDS_BETWEEN more words (`Passwort wurde gestern abend auf`, `Пароль изменён на`): a sentence
 * that sets or changes the password, its value next.
 */
const NEAR = new RegExp(`${WORD_START}(?:${alternatives(BARE_WORDS)})\\S{0,8}(?:[ \\t]+\\S{1,16}){0,${WORDS_BETWEEN}}$`, 'iu');
/** Opening quotes and brackets between the words and a quoted value (`パスワード「v」`, `пароль «v»`). */
const OPENING_MARKS = /[\s:=："'\x60«“„‘‚「『〈《（(]+$/u;

/**
 * What the words before a value say of it in a sentence of another language: `'copula'` when they end
 * with the word for password and that language's `is` (`пароль это`, `密码是`, `la password è`,
 * `Пароль от роутера —`), `'bare'` when with the word alone (`пароль`, `contraseña`), `'near'` when the
 * word stands a particle or a few words before the value (`Пароль изменён на`, `密码改成了`), undefined
 * when they name no credential. Separators and opening quotes before the value are left out first.
 *
 * @example
 * credentialPhrase('Мой пароль —') // 'copula'
 * credentialPhrase('Das Passwort wurde auf') // 'near'
 * credentialPhrase('The default token —') // undefined
 */
export function credentialPhrase(words: string): 'copula' | 'bare' | 'near' | undefined {
  const phrase = words.replace(OPENING_MARKS, '').toLocaleLowerCase();
  if (NATIVE_COPULA.test(phrase) || BORROWED_COPULA.test(phrase)) return 'copula';
  if (BARE.test(phrase)) return 'bare';
  return NEAR.test(phrase) ? 'near' : undefined;
}

/** Any word for password a phrase may name, found anywhere in a text. */
const ANY_WORD = new RegExp(`${WORD_START}(?:${alternatives([...LABEL_WORDS, ...BORROWED])})`, 'giu');

/** The text whose words were found last, and where each starts and ends: one search of a text for all its matches. */
let searched: { text: string; starts: number[]; ends: number[] } | undefined;

/**
 * Where the word for password nearest before `at` starts, when it ends within `reach` characters of
 * it, in the text whose real characters `realText` gives (`key` names that text: the rule's window);
 * -1 when none does. The words are found once per text and looked up by binary search: a sentence
 * rule that starts at every word of a Russian or Chinese record asks this of each, and judging each
 * phrase alone made one-line records quadratic.
 *
 * @example
 * passwordWordBefore('пароль Qa4', () => 'пароль Qa4', 7, 120) // 0
 */
export function passwordWordBefore(key: string, realText: () => string, at: number, reach: number): number {
  if (searched?.text !== key) {
    const starts: number[] = [];
    const ends: number[] = [];
    const text = realText();
    ANY_WORD.lastIndex = 0;
    for (let found = ANY_WORD.exec(text); found; found = ANY_WORD.exec(text)) {
      starts.push(found.index);
      ends.push(found.index + found[0].length);
    }
    searched = { text: key, starts, ends };
  }
  const { starts, ends } = searched;
  let low = 0;
  let high = ends.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (ends[middle]! <= at) low = middle + 1;
    else high = middle;
  }
  return low > 0 && at - ends[low - 1]! <= reach ? starts[low - 1]! : -1;
}

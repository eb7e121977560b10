// Rules for personal numbers: phone numbers, IBANs and national identity numbers. A bare number is
// only taken when its shape is specific (a `+` and a country's length, an IBAN's or an id's check
// digits in the format it is printed in); a number of a weaker shape needs a label before it.
import { isIban, isNationalId } from './personal-number-checks.ts';
import { j, type Rule } from './rule.ts';

/** Digits in `value`. */
const digitCount = (value: string) => value.replace(/\D/g, '').length;

/** The scheme a national-id label names. */
function schemeOfLabel(label: string): string {
  const word = label.toLowerCase();
  if (/^(?:ssn|social security)/.test(word)) return 'ssn';
  if (/^(?:bsn|burgerservice)/.test(word)) return 'bsn';
  if (word.startsWith('pesel')) return 'pesel';
  if (word.startsWith('aadhaar')) return 'aadhaar';
  if (/^(?:steuer|idnr)/.test(word)) return 'steuer-id';
  if (word.startsWith('personnummer')) return 'personnummer';
  if (/^(?:sin|social insurance)/.test(word)) return 'sin';
  if (/^(?:nino|national insurance)/.test(word)) return 'nino';
  if (word === 'codice fiscale') return 'codice-fiscale';
  if (/^(?:dni|nie|nif)$/.test(word)) return 'dni';
  return '';
}

/** The scheme a bare number's printed shape is (see national-id-printed's pattern). */
function schemeOfShape(value: string): string {
  if (/^[A-Z]{6}/.test(value)) return 'codice-fiscale';
  if (value.length === 18) return 'chinese-id';
  if (/^\d{3}\.\d{3}\.\d{3}-\d{2}$/.test(value)) return 'cpf';
  if (/^\d{2}\.\d{2}\.\d{2}-\d{3}\.\d{2}$/.test(value)) return 'belgian';
  if (/^\d{6}[-+A-FU-Y]/.test(value)) return 'hetu';
  return 'nir';
}

export const NUMBER_RULES: readonly Rule[] = [
  {
    id: 'phone-number', description: 'phone number in international format: +, country code, 8 to 15 digits in all (E.164), in the groups people write',
    pattern: /\+[1-9](?:[ .()-]{0,2}\d){7,14}(?![\d])/g, lead: '+',
    // `1e+10`, `x+12345678`, `+0200` of a timestamp and a diff line of bare digits (`+1234567890`) are no phone.
    accept: (value, { text, start, end }) => !/[\w+]/.test(text[start - 1] ?? ' ') && !(text[end] === '.' && /\d/.test(text[end + 1] ?? ' '))
      && digitCount(value) >= 9 && (/[ .()-]/.test(value) || (digitCount(value) >= 10 && !/(?:^|\n)$/.test(text.slice(Math.max(0, start - 1), start)))),
    truePositives: [j('call +44 20 ', '7946 0958'), j('mobile: +49 151 ', '2345 6789'), j('"+1415', '5550142"')],
    falsePositives: ['1e+10', 'x+12345678', '2024-05-01T10:00:00+0200', '+123 tests', '+1.5 GB', '\n+1234567890', 'a+12345678901b'],
  },
  {
    id: 'phone-number-local', description: 'phone number in a national format after a phone label (phone:, tel., mobile, cell, fax, Telefon, Handy)',
    keywords: ['phone', 'tel:', 'tel.', 'tel ', 'mobile', 'cell', 'fax', 'sms', 'whatsapp', 'telefon', 'handy', 'call me'], keywordsIgnoreCase: true,
    pattern: /(?<![\w-])(?i:(?:tele?phone|phone|tel|mobile|cell(?:phone)?|fax|sms|whatsapp|telefon|handy|call me(?: at| on)?)(?: ?(?:no\.?|number|nr\.?|#))?)\.?[ \t]*[:=]?[ \t]*["']?(?<value>\(?0?\d{2,5}\)?(?:[ ./-]?\d{2,5}){1,4})(?![\d.,]?\d)/g,
    accept: (value) => digitCount(value) >= 7 && digitCount(value) <= 13,
    truePositives: [j('Phone: (030) ', '1234-5678'), j('tel. 0151 ', '23456789'), j('mobile 415-555-', '0142')],
    falsePositives: ['phone: 1234', 'iPhone 15 Pro 256', 'order 4155-550-142 shipped', 'cell 12 of 40'],
  },
  {
    id: 'iban', description: 'IBAN: a country code, its length and the check of 1 modulo 97',
    pattern: /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])/g,
    accept: (value) => isIban(value),
    truePositives: [j('IBAN DE89 3704 ', '0044 0532 0130 00'), j('to GB33BUKB', '20201555555555')],
    falsePositives: ['DE89 3704 0044 0532 0130 01', 'AB12 CDEF GHIJ KLMN', 'SHA256 ABCD EFGH'],
  },
  {
    id: 'national-id', description: 'national identity or tax number after its label (SSN, BSN, PESEL, Aadhaar, Steuer-ID, personnummer, SIN, NINO, DNI/NIE, codice fiscale), checked where the scheme has a check digit',
    // Short labels with what follows them: `sin`, `nie`, `dni` and `nif` alone are inside common words (using, niece, midnight, unify).
    keywords: ['ssn', 'social security', 'bsn', 'burgerservicenummer', 'pesel', 'aadhaar', 'steuer', 'idnr', 'personnummer', 'sin:', 'sin ', 'sin#', 'social insurance',
      'nino', 'national insurance', 'codice fiscale', 'dni:', 'dni ', 'nie:', 'nie ', 'nif:', 'nif '], keywordsIgnoreCase: true,
    pattern: /(?<![\w-])(?<label>(?i:ssn|social security(?: number| no\.?)?|bsn|burgerservicenummer|pesel|aadhaar(?: number| no\.?)?|steuer-?id(?:nr)?|steuer-?identifikationsnummer|idnr|personnummer|sin|social insurance number|nino|national insurance(?: number| no\.?)?|codice fiscale|dni|nie|nif))(?![\w-])[ \t]*(?:[:=#]|is)?[ \t]*["']?(?<value>[A-Z0-9]{1,11}(?:[ .-][A-Z0-9]{1,8}){0,5})(?![\w-])/g,
    accept: (value, { match }) => isNationalId(schemeOfLabel(match.groups?.['label'] ?? ''), value),
    truePositives: [j('SSN: 219-09-', '9999'), j('BSN 1112', '23337'), j('PESEL: 440514', '01359'), j('NINO: JW 12 ', '34 56 A'), j('DNI 1234', '5678Z')],
    falsePositives: ['SSN: 000-12-3456', 'BSN 123456789', 'sin 0.5', 'single sign-on', 'DNI 12345678A', 'NINO: QQ 12 34 56 C'],
  },
  {
    id: 'national-id-printed', description: 'national identity number in the format it is printed in, with a valid check: Italian codice fiscale, Chinese resident id, Brazilian CPF, Belgian register number, French NIR, Finnish HETU',
    // The shapes by their first character (a capital, or a digit and then each digit shape), and the
    // boundary before in accept: the regex runs over whole texts, and this way V8 tries few starts.
    pattern: new RegExp(String.raw`(?:[A-Z]{6}\d{2}[A-EHLMPRST]\d{2}[A-Z]\d{3}[A-Z]|\d(?:` + [
      String.raw`\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dX]`,
      String.raw`\d{2}\.\d{3}\.\d{3}-\d{2}`,
      String.raw`\d\.\d{2}\.\d{2}-\d{3}\.\d{2}`,
      String.raw` ?\d{2} ?(?:0[1-9]|1[0-2]|[2-9]\d) ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2}`,
      String.raw`\d(?:0[1-9]|1[0-2])\d{2}[-+A-FU-Y]\d{3}[0-9A-FHJ-NPR-Y]`,
    ].join('|') + String.raw`))(?![\w.-])`, 'g'),
    accept: (value, { text, start }) => !/[\w.-]/.test(text[start - 1] ?? ' ') && isNationalId(schemeOfShape(value), value),
    truePositives: [j('CF RSSMRA85T10', 'A562S'), j('id 11010519491231', '002X'), j('CPF 529.982.', '247-25'), j('NIR 2 55 08 ', '14 168 025 38')],
    falsePositives: ['RSSMRA85T10A562T', '529.982.247-26', '2 55 08 14 168 025 39', '110105194912310021'],
  },
];

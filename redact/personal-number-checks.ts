// Checksums of personal numbers: IBANs and national identity numbers. A check digit is what makes a
// bare number specific: an order number of the same shape passes by chance once in ten to once in
// ninety-seven, so the rules also ask for the printed format or a label.
import { passesLuhn } from './rule-checks.ts';

const digitsOf = (value: string) => value.replace(/\D/g, '');

/** `number` (digits and letters, letters as 10..35) modulo 97, as ISO 13616 and ISO 7064 MOD 97-10 count. */
function mod97(number: string): number {
  let rest = 0;
  for (const char of number) {
    const code = char.charCodeAt(0);
    const value = code >= 65 ? code - 55 : code - 48;
    rest = value >= 10 ? (rest * 100 + value) % 97 : (rest * 10 + value) % 97;
  }
  return rest;
}

/** IBAN length per country (SWIFT's registry). */
const IBAN_LENGTH: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DK: 18,
  DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23,
  IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27,
  MT: 31, MU: 30, NL: 18, NO: 15, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SC: 31, SE: 24, SI: 19, SK: 24, SM: 27,
  ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
};

/**
 * An IBAN: its country's length and a check of 1 modulo 97 (spaces ignored).
 *
 * @example
 * isIban('DE89 3704 0044 0532 0130 00') // true
 */
export function isIban(value: string): boolean {
  const iban = value.replace(/\s/g, '');
  if (IBAN_LENGTH[iban.slice(0, 2)] !== iban.length) return false;
  return mod97(iban.slice(4) + iban.slice(0, 4)) === 1;
}

/** A date of birth written YYMMDD (or YYYYMMDD) that exists: month 1 to 12, day 1 to 31. */
function isDate(month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** US Social Security number: area not 000, 666 or 900-999, group not 00, serial not 0000 (no check digit: only with a label). */
function isSsn(value: string): boolean {
  const [area, group, serial] = [Number(value.slice(0, 3)), Number(value.slice(3, 5)), Number(value.slice(5))];
  return area !== 0 && area !== 666 && area < 900 && group !== 0 && serial !== 0;
}

/** Dutch BSN: nine digits passing the eleven test (weights 9..2, the last digit -1). */
function isBsn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < 8; index++) sum += Number(digits[index]) * (9 - index);
  return (sum - Number(digits[8])) % 11 === 0;
}

/** Polish PESEL: eleven digits, weights 1 3 7 9, and a date of birth (months carry the century). */
function isPesel(digits: string): boolean {
  const weights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
  const sum = weights.reduce((total, weight, index) => total + weight * Number(digits[index]), 0);
  return (10 - (sum % 10)) % 10 === Number(digits[10]) && isDate(Number(digits.slice(2, 4)) % 20, Number(digits.slice(4, 6)));
}

/** Verhoeff's check (India's Aadhaar). */
function passesVerhoeff(digits: string): boolean {
  const d = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6], [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1], [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]];
  const p = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2], [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1], [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8]];
  let check = 0;
  [...digits].reverse().forEach((digit, index) => {
    check = d[check]![p[index % 8]![Number(digit)]!]!;
  });
  return check === 0;
}

/** German tax id (Steuer-ID): eleven digits, ISO 7064 MOD 11,10. */
function isSteuerId(digits: string): boolean {
  if (digits[0] === '0') return false;
  let product = 10;
  for (let index = 0; index < 10; index++) {
    let sum = (Number(digits[index]) + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  return (11 - product) % 10 === Number(digits[10]);
}

/** Italian codice fiscale: six letters, birth year, month letter, day (+40 for women), place, and a check letter. */
function isCodiceFiscale(value: string): boolean {
  const odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
  let sum = 0;
  for (let index = 0; index < 15; index++) {
    const code = value.charCodeAt(index);
    const n = code <= 57 ? code - 48 : code - 65;
    sum += index % 2 === 0 ? odd[n]! : n;
  }
  return String.fromCharCode(65 + (sum % 26)) === value[15];
}

/** Chinese resident identity number: 17 digits with a date of birth inside, and an ISO 7064 MOD 11-2 check (`X` for ten). */
function isChineseId(value: string): boolean {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((total, weight, index) => total + weight * Number(value[index]), 0);
  const year = Number(value.slice(6, 10));
  return '10X98765432'[sum % 11] === value[17]!.toUpperCase() && year >= 1900 && year <= 2099 && isDate(Number(value.slice(10, 12)), Number(value.slice(12, 14)));
}

/** Brazilian CPF: eleven digits, two mod-11 check digits, not one digit repeated. */
function isCpf(digits: string): boolean {
  if (/^(\d)\1{10}$/.test(digits)) return false;
  const check = (length: number) => {
    let sum = 0;
    for (let index = 0; index < length; index++) sum += Number(digits[index]) * (length + 1 - index);
    return ((sum * 10) % 11) % 10;
  };
  return check(9) === Number(digits[9]) && check(10) === Number(digits[10]);
}

/** French social security number (NIR): sex, year, month, place, order, and a key of 97 minus the rest modulo 97 (Corsica's 2A/2B counted as 19/18). */
function isNir(value: string): boolean {
  const compact = value.replace(/\s/g, '');
  const body = compact.slice(0, 13).replace(/2A/i, '19').replace(/2B/i, '18');
  const month = Number(compact.slice(3, 5));
  return /^[12]/.test(compact) && (isDate(month, 1) || month >= 20) && 97 - Number(BigInt(body) % 97n) === Number(compact.slice(13));
}

/** Belgian national register number: YY.MM.DD-NNN.CC, the check 97 minus the rest modulo 97 (a 2 before the digits from 2000 on). */
function isBelgianNumber(digits: string): boolean {
  const check = Number(digits.slice(9));
  const body = BigInt(digits.slice(0, 9));
  return 97 - Number(body % 97n) === check || 97 - Number((2_000_000_000n + body) % 97n) === check;
}

/** Finnish personal identity code: DDMMYY, century sign, three digits, and a check character of the nine digits modulo 31. */
function isHetu(value: string): boolean {
  const number = Number(value.slice(0, 6) + value.slice(7, 10));
  return '0123456789ABCDEFHJKLMNPRSTUVWXY'[number % 31] === value[10] && isDate(Number(value.slice(2, 4)), Number(value.slice(0, 2)));
}

/** Spanish DNI (eight digits) or NIE (X, Y or Z and seven digits) with its check letter, modulo 23. */
function isDni(value: string): boolean {
  const compact = value.replace(/[\s-]/g, '').toUpperCase();
  const number = Number(compact.slice(0, -1).replace(/^[XYZ]/, (letter) => String('XYZ'.indexOf(letter))));
  return 'TRWAGMYFPDXBNJZSQVHLCKE'[number % 23] === compact.at(-1);
}

/** Swedish personnummer: YYMMDD, a separator, three digits and a Luhn digit over the ten. */
function isPersonnummer(value: string): boolean {
  const digits = digitsOf(value).slice(-10);
  return isDate(Number(digits.slice(2, 4)), Number(digits.slice(4, 6)) % 60) && passesLuhn(digits);
}

/** Canadian SIN: nine digits passing Luhn, not starting with 0 or 8. */
const isSin = (digits: string) => !/^[08]/.test(digits) && passesLuhn(digits);

/**
 * True when `value` is a valid number of the scheme `kind` names (the label or the printed shape
 * that found it: `ssn`, `bsn`, `pesel`, `aadhaar`, `steuer-id`, `personnummer`, `sin`, `nino`,
 * `codice-fiscale`, `chinese-id`, `cpf`, `nir`, `belgian`, `hetu`, `dni`).
 *
 * @example
 * isNationalId('cpf', '529.982.247-25') // true
 */
export function isNationalId(kind: string, value: string): boolean {
  const digits = digitsOf(value);
  switch (kind) {
    case 'ssn': return digits.length === 9 && isSsn(digits);
    case 'bsn': return digits.length === 9 && isBsn(digits);
    case 'pesel': return digits.length === 11 && isPesel(digits);
    case 'aadhaar': return digits.length === 12 && /^[2-9]/.test(digits) && passesVerhoeff(digits);
    case 'steuer-id': return digits.length === 11 && isSteuerId(digits);
    case 'personnummer': return isPersonnummer(value);
    case 'sin': return digits.length === 9 && isSin(digits);
    case 'nino': return /^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d\d ?\d\d ?\d\d ?[A-D]$/.test(value) && !/^(?:BG|GB|NK|KN|TN|NT|ZZ)/.test(value);
    case 'codice-fiscale': return isCodiceFiscale(value.toUpperCase());
    case 'chinese-id': return isChineseId(value);
    case 'cpf': return digits.length === 11 && isCpf(digits);
    case 'nir': return isNir(value);
    case 'belgian': return digits.length === 11 && isBelgianNumber(digits);
    case 'hetu': return isHetu(value.toUpperCase());
    case 'dni': return isDni(value);
    default: return false;
  }
}

// Passwords SQL gives to its login procedures and OPTIONS lists by place or by name, not as a column's value:
// SQL Server's and Sybase's `EXEC sp_addlogin 'app', 'v'`, a foreign server's or a user mapping's
// `OPTIONS (user 'app', password 'v')`. Each reads as `name: value` on a line of its own, as sql-values.ts's cells do.
import { isCredentialName } from './credential-names.ts';
import { PAGE_QUOTE } from './credential-values.ts';
import { argumentsAt, cellEdits, itemsUntil, lineAt, type Cell } from './table-cells.ts';
import type { Edit } from './view.ts';

/** A quote as a page escapes it (credential-values.ts): a value holding one is its entity reading's to split. */
const ESCAPED_QUOTE = new RegExp(PAGE_QUOTE, 'i');

/**
 * Login procedures and the places of their password arguments: SQL Server's and Sybase's `sp_addlogin
 * 'app', 'v'`, `sp_password 'old', 'new', 'app'`, `sp_addlinkedsrvlogin 'srv', 'false', NULL, 'app', 'v'`.
 */
const LOGIN_PROCEDURES: Readonly<Record<string, readonly number[]>> = {
  sp_addlogin: [1], sp_password: [0, 1], sp_addlinkedsrvlogin: [4], sp_change_users_login: [3], sp_addapprole: [1], sp_setapprole: [1],
};
/** A call of a login procedure, up to its first argument. */
const LOGIN_PROCEDURE = /\b(?:master\.)?(?:dbo\.|sys\.)?(?<procedure>sp_\w{4,24})[ \t]{1,4}(?=[NnEe]?')/g;
/** An OPTIONS list (a foreign server's, a user mapping's): `OPTIONS (user 'app', password 'v')`. */
const OPTIONS = /\boptions[ \t]{0,4}(?=\()/gi;
/** An OPTIONS item: a name, then its quoted value (SQL's doubled quote inside it), perhaps after ALTER's ADD or SET. */
const OPTION = /^(?:add[ \t]{1,4}|set[ \t]{1,4})?(?<name>[A-Za-z_]\w{0,60})[ \t]{1,4}[NE]?'(?<value>(?:[^']|''){1,400})'$/i;

/** Writes a quoted value as `name: value`: its quotes are the row it is read out of. */
function quotedEdit(text: string, cell: Cell, name: string, edits: Edit[]): void {
  if (cell.text !== '' && !ESCAPED_QUOTE.test(cell.text)) cellEdits(text, cell.start - 1, cell.end + 1, name, cell, edits);
}

/**
 * The edits that read the password arguments of login procedures (LOGIN_PROCEDURES), given by place, as `password: value`.
 *
 * @example
 * const edits: Edit[] = []; loginProcedureEdits("EXEC sp_addlogin 'app', 'v1';", edits) // reads 'password: v1'
 */
export function loginProcedureEdits(text: string, edits: Edit[]): void {
  LOGIN_PROCEDURE.lastIndex = 0;
  for (const match of text.matchAll(LOGIN_PROCEDURE)) {
    const places = LOGIN_PROCEDURES[match.groups!['procedure']!.toLowerCase()];
    if (!places?.length) continue;
    const open = match.index + match[0].length;
    const [, lineEnd] = lineAt(text, open);
    const list = itemsUntil(text, open, (at) => at === lineEnd || text[at] === ';');
    for (const place of places) {
      const cell = list?.cells[place];
      if (cell && cell.text !== '' && /["']/.test(text[cell.start - 1] ?? '')) quotedEdit(text, cell, 'password', edits);
    }
  }
}

/**
 * The edits that read each credential an OPTIONS list names with its quoted value as `name: value`.
 *
 * @example
 * const edits: Edit[] = []; optionEdits("OPTIONS (user 'app', password 'v1')", edits) // reads 'password: v1'
 */
export function optionEdits(text: string, edits: Edit[]): void {
  OPTIONS.lastIndex = 0;
  for (const match of text.matchAll(OPTIONS)) {
    const list = argumentsAt(text, match.index + match[0].length);
    for (const cell of list?.cells ?? []) {
      const option = OPTION.exec(cell.text)?.groups;
      if (!option || !isCredentialName(option['name']!)) continue;
      const value = option['value']!;
      const start = cell.end - 1 - value.length;
      quotedEdit(text, { start, end: start + value.length, text: value }, option['name']!, edits);
    }
  }
}

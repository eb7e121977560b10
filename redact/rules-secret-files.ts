// Secrets written into a file rather than after a name: a config tool's function that writes a
// credential file from a literal (Nix's `pkgs.writeText "db-pw" "v"`, Node's `writeFileSync`,
// Python's `write_text`), and a password-prompt helper script, whose only job is to print one
// (`GIT_ASKPASS`, `SSH_ASKPASS`, `SUDO_ASKPASS`: `#!/bin/sh` then `echo v`).
import { isCredentialValue, looksDrawn } from './credential-values.ts';
import { namesSecretFile } from './rules-command-output.ts';
import { groupsOf, j, type Rule } from './rule.ts';

/** A quoted literal, as the functions below take their text. */
const LITERAL = String.raw`(?:"(?<value>(?:[^"\\\n]|\\.){1,400})"|'(?<value>(?:[^'\\\n]|\\.){1,400})'|\x60(?<value>[^\x60\\\n]{1,400})\x60|''(?<value>[^'\n]{1,400})'')`;

/** The file a function writes, quoted. */
const FILE = String.raw`(?:"(?<file>[^"\n]{1,200})"|'(?<file>[^'\n]{1,200})'|\x60(?<file>[^\x60\n]{1,200})\x60)`;

/** The first command of a script, after its `#!` line and any comment or blank lines. */
const SCRIPT_START = String.raw`#!\/[\w/.-]{1,60}(?:[ \t]+[\w.-]{1,20})?[ \t]*\r?\n(?:[ \t]*(?:#[^\n]{0,200})?\r?\n){0,4}[ \t]*(?:exec[ \t]+)?`;

export const SECRET_FILE_RULES: Rule[] = [
  {
    id: 'credential-file-write',
    description: 'the literal a config tool writes into a file named for a credential: Nix writeText "db-pw" "v", writeFileSync("token", "v"), Path("db_password").write_text("v")',
    keywords: ['writetext', 'writefile', 'write_text', 'writestring'], keywordsIgnoreCase: true, neverPlaceholder: true,
    pattern: new RegExp([
      // Nix: pkgs.writeText name text (and writeTextFile's, writeTextDir's shorter forms).
      String.raw`\bwriteText(?:Dir)?[ \t]+${FILE}[ \t]+${LITERAL}`,
      // Node's fs.writeFile(Sync), Deno's writeTextFile, Go's os.WriteFile (a string converted to bytes).
      String.raw`\b(?:writeFile(?:Sync)?|writeTextFile(?:Sync)?|WriteFile|writeString)\([ \t]*${FILE}[ \t]*,[ \t]*(?:\[\]byte\()?${LITERAL}`,
      // Python's pathlib and Java's Files: Path("db_password").write_text("v"), Files.writeString(Path.of("token"), "v").
      String.raw`\bPath(?:\.of)?\([ \t]*${FILE}[ \t]*\)\.write_text\([ \t]*${LITERAL}`,
    ].join('|'), 'g'),
    accept: (value, context) => namesSecretFile(groupsOf(context)['file'] ?? '') && isCredentialValue(value, { quoted: true, configLine: false }),
    truePositives: [j('services.app.passwordFile = pkgs.writeText "db-pw" "', 'Ye3-reed-Xan02', '";'), j('fs.writeFileSync("secrets/api_token", "', 'Gr4-marsh-Tel88', '")'),
      j('Path("db_password").write_text("', 'Ud5-cove-Nar23', '")')],
    falsePositives: ['pkgs.writeText "motd" "Welcome to the staging host"', 'fs.writeFileSync("token.txt", token)', 'pkgs.writeText "db-pw" ""',
      'Path("README.md").write_text("Hq4-lantern-Vox82")'],
  },
  {
    id: 'askpass-script',
    description: 'the literal a password-prompt helper prints: a script whose first command echoes one drawn value (a GIT_ASKPASS, SSH_ASKPASS or SUDO_ASKPASS helper)',
    keywords: ['#!/'], neverPlaceholder: true, lines: 6, head: /#!\//g,
    pattern: new RegExp(SCRIPT_START + String.raw`(?:echo(?:[ \t]+-[neE]{1,3})?|printf(?:[ \t]+(?:'%s(?:\\n)?'|"%s(?:\\n)?"))?)[ \t]+` +
      String.raw`(?:"(?<value>[^"\n$\x60\\]{6,200})"|'(?<value>[^'\n]{6,200})'|(?<value>[^\s"'$\x60;|&<>\\]{6,200}))(?=[ \t]*(?:\r?\n|$|\\n|["']))`, 'g'),
    // Only a value drawn by hand or by a generator: a script that echoes a word or a sentence first is no helper of this kind.
    accept: (value) => looksDrawn(value) && isCredentialValue(value, { quoted: true, configLine: false }),
    truePositives: [j('#!/bin/sh\necho ', 'Ci7-owl-Sep46', '\n'), j('#!/usr/bin/env bash\n# for GIT_ASKPASS\nexec printf \'%s\\n\' ', 'Rw2-heath-Lom61', '\n')],
    falsePositives: ['#!/bin/sh\necho "$GIT_PASSWORD"\n', '#!/bin/bash\necho Starting the build\nmake all\n', '#!/bin/sh\necho v1.2.3\n', '#!/bin/sh\necho $SSH_PASS\n'],
  },
];

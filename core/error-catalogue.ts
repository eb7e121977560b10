// Every code journey prints, in one table: what it means, why it happens and what to do. A thrown
// error ends its command with `exit`; a problem withholds the smallest thing that is wrong (exit 3) or
// is a note (exit 0) while the rest publishes; a record is what journey.db keeps of a run.
// docs/errors.md is generated from this table (`npm run schema`), and a test holds the table, the
// code and the docs together.

export interface CatalogueEntry {
  kind: 'error' | 'problem' | 'record';
  /** The exit status of the command that meets it (a problem: 3 when it withholds, 0 for a note). */
  exit: 0 | 1 | 2 | 3;
  /** What happened, in a few words: the heading in docs/errors.md. */
  title: string;
  /** Why it happens, and what journey did about it. */
  why: string;
  /** What to do. A message may name a more precise fix; this one is printed when it names none. */
  fix: string;
}

export const CATALOGUE = {
  // Usage and settings: the command did nothing (exit 2).
  JOURNEY_USAGE: {
    kind: 'error', exit: 2, title: 'A flag or argument is wrong',
    why: 'An unknown flag (a close match is suggested), a missing or malformed value, or an argument the command does not take. Nothing was done.',
    fix: 'Run the command with --help for its flags and examples.',
  },
  JOURNEY_NO_LOOP_DIR: {
    kind: 'error', exit: 2, title: 'No loop folder was named',
    why: 'The command reads the loop folder and none was given by flag, environment or settings file.',
    fix: 'Pass --loop-dir or set JOURNEY_LOOP_DIR.',
  },
  JOURNEY_CONFIG_INVALID: {
    kind: 'error', exit: 2, title: 'A setting is invalid',
    why: 'A flag, a JOURNEY_* variable or a key of journey.config.json has a value its setting does not accept, or the file is not one JSON object of known keys.',
    fix: 'Correct the value; `npm run config -- --print` shows every setting and where it comes from.',
  },
  JOURNEY_CONFIG_FILE_UNREADABLE: {
    kind: 'error', exit: 2, title: 'A settings or environment file cannot be read',
    why: 'journey.config.json, or an environment file the operations tools read (JOURNEY_ENV_FILE), exists but cannot be read.',
    fix: "Make the file readable by journey's user, or stop naming it.",
  },
  JOURNEY_DEMO_OUT_NOT_EMPTY: {
    kind: 'error', exit: 2, title: 'The demo would overwrite a folder',
    why: '`npm run demo` writes a whole loop folder and never mixes it with existing files.',
    fix: 'Name an empty or new folder with --out.',
  },
  JOURNEY_SECRET_SOURCE_UNREADABLE: {
    kind: 'error', exit: 2, title: 'A source of known secrets cannot be read',
    why: "journey redacts the values of the configured secret files and folders wherever they appear; without them it cannot vouch for a publish, so it publishes nothing.",
    fix: "Make the secret file or folder readable by journey's user, or remove it from the settings.",
  },
  JOURNEY_REDACT_KEY_WEAK: {
    kind: 'error', exit: 2, title: 'The fingerprint key is too weak',
    why: 'Redaction markers carry a keyed fingerprint; a short or guessable key would let anyone test guesses against them offline.',
    fix: 'Set JOURNEY_REDACT_KEY to a long random value, or unset it so journey makes one in <data>/fingerprint.key.',
  },
  JOURNEY_SCAN_DIR_MISSING: {
    kind: 'error', exit: 2, title: 'The folder to scan does not exist',
    why: '`npm run scan` reads a built site folder.',
    fix: 'Pass the folder of a built site, e.g. data/current.',
  },
  JOURNEY_RELEASE_UNKNOWN: {
    kind: 'error', exit: 2, title: 'No such release is kept',
    why: 'A rollback named a release that retention removed, or whose MANIFEST is incomplete.',
    fix: 'Pick an id that `npm run releases` lists.',
  },
  // Failures: nothing new went live; the last good release keeps serving (exit 1).
  JOURNEY_DATA_DIR_MISSING: {
    kind: 'error', exit: 1, title: 'The data folder does not exist',
    why: 'The command reads what journey keeps in its data folder, and there is none at the path given.',
    fix: 'Pass the folder journey publishes into with --data-dir or JOURNEY_DATA_DIR.',
  },
  JOURNEY_LOOP_DIR_MISSING: {
    kind: 'error', exit: 1, title: 'The loop folder does not exist or cannot be read',
    why: 'The path given as the loop folder is not a readable folder.',
    fix: "Check --loop-dir (or JOURNEY_LOOP_DIR) and that journey's user may read it.",
  },
  JOURNEY_RESTORE_NOTHING: {
    kind: 'error', exit: 1, title: 'The iteration was not taken down',
    why: '`npm run restore` undoes `takedown --iteration N`, and iteration N is not taken down.',
    fix: 'Check the number; `npm run releases` and the site show what is published.',
  },
  JOURNEY_NO_EARLIER_RELEASE: {
    kind: 'error', exit: 1, title: 'There is no release to roll back to',
    why: 'Nothing has been published yet, or the current release is the oldest one kept.',
    fix: 'Publish again instead (npm run synth -- --public), or raise keepReleases for the future.',
  },
  JOURNEY_JUDGE_NO_DATA: {
    kind: 'error', exit: 1, title: 'The meta-judge has nothing to read',
    why: 'The meta-judge reviews the published site-data.json, and no release exists yet.',
    fix: 'Publish once (npm run synth -- --public --rebuild-site) before running the meta-judge.',
  },
  JOURNEY_REDACT_INPUT_TOO_LARGE: {
    kind: 'error', exit: 1, title: 'The text to redact is too large',
    why: '`npm run redact` reads standard input into memory up to a limit, and writes nothing when it is larger.',
    fix: 'Split the input, or redact the files with `npm run synth` instead.',
  },
  JOURNEY_REDACT_VERIFY_FAILED: {
    kind: 'error', exit: 1, title: 'The verify gate found something after redaction',
    why: 'The public texts of a publish are scanned again before anything is written; a finding there means the redactor let something through, so the publish stops.',
    fix: 'Report the rule and fingerprint printed (never the value); add the case to the rule table.',
  },
  JOURNEY_BUILD_FAILED: {
    kind: 'error', exit: 1, title: 'The site could not be built',
    why: 'The Astro build or the render bundle failed, timed out, or another build held the lock too long, or the render cache folder is writable by every user (journey runs the code it finds there). The last good release keeps serving.',
    fix: 'Read the build output above; run the command again once the cause is gone.',
  },
  JOURNEY_RENDER_FAILED: {
    kind: 'error', exit: 1, title: 'A page could not be rendered',
    why: 'A route of the render bundle threw or answered with an error status. The release is refused; the last good one keeps serving.',
    fix: 'Read the cause above; it names the route. Fix the page code or the data it met, then publish again.',
  },
  JOURNEY_LEAK_SCAN_FAILED: {
    kind: 'error', exit: 1, title: 'The leak scan found something in the built site',
    why: 'Every built file is scanned by both detectors before the swap; one finding refuses the release, and the last good release keeps serving. The findings are kept in <data>/leak-findings.json by file, line, rule and fingerprint; each file of <data>/public holding a refused value is removed.',
    fix: 'Read the findings (file, line, rule, fingerprint); take the value down with `npm run takedown` if it is a secret, or add the harmless shape to the rule table.',
  },
  JOURNEY_TAKEDOWN_INCOMPLETE: {
    kind: 'error', exit: 1, title: 'A takedown left the value live somewhere',
    why: 'After a takedown journey reads every live place (the current release, public data, every served snapshot) again, and one still holds the value.',
    fix: 'Run the takedown again; if it persists, roll back or unpublish (npm run unpublish) until it is gone.',
  },
  JOURNEY_SERVER_LISTEN_FAILED: {
    kind: 'error', exit: 1, title: 'The server cannot listen on its address',
    why: 'The host and port are taken by another process or not allowed to this user.',
    fix: 'Choose another --port or --host, or stop what holds the port.',
  },
  JOURNEY_RELEASE_UNSERVABLE: {
    kind: 'error', exit: 1, title: 'The current release cannot be served',
    why: 'The server found no complete release behind `current` (its MANIFEST missing or damaged); it serves nothing rather than a half-written site.',
    fix: 'Publish again (npm run synth -- --public) or roll back to a kept release (npm run rollback).',
  },
  JOURNEY_DB_UNUSABLE: {
    kind: 'error', exit: 1, title: 'journey.db cannot be used',
    why: 'The SQLite file cannot be opened, or was written by a newer journey than this one.',
    fix: "Check the file's permissions and free space; after a downgrade, run the newer journey again or move the file aside (journey rebuilds its cache).",
  },
  JOURNEY_DISK_FULL: {
    kind: 'error', exit: 1, title: 'The disk is too full to publish',
    why: 'The data folder is past maxDiskUsedPercent, or a write failed for lack of space. Nothing was swapped in; the last good release keeps serving.',
    fix: 'Free space in the data folder (fewer kept releases or snapshots) or raise JOURNEY_MAX_DISK_USED_PERCENT, then publish again.',
  },
  JOURNEY_NARRATIVE_FAILED: {
    kind: 'error', exit: 1, title: 'The narrative command failed',
    why: 'The optional narrative step ran the configured command, and it failed or timed out. The publish goes on without a narrative.',
    fix: 'Check JOURNEY_NARRATIVE_COMMAND, or publish with --no-codex-cleanup.',
  },
  JOURNEY_INTERNAL: {
    kind: 'error', exit: 1, title: 'An unexpected failure',
    why: 'Something journey did not expect; the publish stops and the last good release keeps serving.',
    fix: 'Report it with the lines printed (they name positions, never content).',
  },
  // Problems: the smallest wrong part is withheld (exit 3) or noted (exit 0); the rest publishes.
  JOURNEY_ITERATION_INVALID: {
    kind: 'problem', exit: 3, title: 'An iteration folder or one of its files is invalid',
    why: 'A file of the iteration is unreadable, too large, not text or not valid against the loop contract; a symlink points outside the loop folder; two folders name one iteration. The field or the iteration is withheld with a visible marker.',
    fix: "Fix the loop's writer (docs/loop-format.md is the contract); the next run publishes what it withheld.",
  },
  JOURNEY_ITERATION_NAME: {
    kind: 'problem', exit: 0, title: 'A folder under iterations/ is not an iteration number',
    why: 'Only folders named by a number are iterations; the folder is skipped and named on the page.',
    fix: 'Rename or remove the folder.',
  },
  JOURNEY_SOURCE_INVALID: {
    kind: 'problem', exit: 3, title: "A part of an agent's record cannot be read",
    why: 'A line is not JSON, or a field has a type the format does not allow; that line or field is left out of the run (the page says "not recorded" where it is missing), the rest publishes.',
    fix: 'Check the record against its format (docs/sources.md); a record cut short by a crash publishes in full once it is whole.',
  },
  JOURNEY_SOURCE_UNKNOWN: {
    kind: 'problem', exit: 0, title: 'A file of the source folder is of no format journey reads',
    why: 'With --source auto every file is detected by its content; this one matched none of the formats tried (named in the message), so it is skipped.',
    fix: 'Name the format with --source, or move the file out of the source folder.',
  },
  JOURNEY_TESTS_DISAGREE: {
    kind: 'problem', exit: 0, title: "tests.json's counts disagree with its cases",
    why: 'The passed or failed count differs from the cases listed; the page shows the note, and the counts as written.',
    fix: 'Make the counts in tests.json match the cases it lists (or list no cases).',
  },
  JOURNEY_VERDICT_INVALID: {
    kind: 'problem', exit: 3, title: 'A line of verdicts.jsonl is invalid',
    why: 'The line is not JSON or not a verdict of the loop contract; that verdict is withheld, the others publish.',
    fix: "Fix the loop's writer; the next run publishes the verdict.",
  },
  JOURNEY_SUBAGENT_INVALID: {
    kind: 'problem', exit: 3, title: 'A subagent file is invalid',
    why: 'A file under subagents/ is unreadable or not valid; that subagent is withheld.',
    fix: "Fix the loop's writer; the next run publishes the subagent.",
  },
  JOURNEY_HEARTBEAT_INVALID: {
    kind: 'problem', exit: 3, title: 'state-heartbeat.json is invalid',
    why: 'The heartbeat is withheld; the site says since when it is unreadable.',
    fix: "Fix the loop's writer; the next run publishes the heartbeat.",
  },
  JOURNEY_LOOP_STATE_INVALID: {
    kind: 'problem', exit: 3, title: 'state.json is invalid',
    why: "The loop's status is withheld; the site says since when it is unreadable, and every iteration still publishes.",
    fix: "Fix the loop's writer; the next run publishes the loop's status again.",
  },
  JOURNEY_LOOP_PARITY_INVALID: {
    kind: 'problem', exit: 3, title: 'acceptance/parity-matrix.yaml is invalid',
    why: 'The parity section is withheld; the rest of the site publishes.',
    fix: 'Correct the matrix; the next run publishes it.',
  },
  JOURNEY_SAMPLE_INVALID: {
    kind: 'problem', exit: 3, title: 'A monitor sample is invalid',
    why: 'A line of <data>/system-state.jsonl is not a valid sample; it is withheld from the Health page.',
    fix: 'Nothing to do unless it repeats: the monitor writes whole lines; a repeat means another writer shares the file.',
  },
  JOURNEY_REVIEW_INVALID: {
    kind: 'problem', exit: 3, title: 'A meta-judge review is invalid',
    why: 'A line of <data>/reviews/meta-judge.jsonl is not a valid review; it is withheld from the Reviews page.',
    fix: "Check the reviewer's answer format (JOURNEY_REVIEWER_MARKER); the next review publishes.",
  },
  JOURNEY_MONITOR_INPUT: {
    kind: 'problem', exit: 3, title: 'The monitor cannot read a loop file',
    why: 'state.json, the heartbeat or a subagent file is unreadable or invalid; the check that reads it reports UNKNOWN and names the file.',
    fix: "Fix the loop's writer.",
  },
  JOURNEY_REDACT_UNSURE: {
    kind: 'problem', exit: 3, title: 'The redactor could not vouch for a text',
    why: 'An unterminated key block, a detector time-out or error: the field is withheld behind a marker, never published half-checked.',
    fix: 'Look at the named field in the loop; if it holds a key block, close it or remove it.',
  },
  JOURNEY_REDACT_VERIFY_WITHHELD: {
    kind: 'problem', exit: 3, title: 'The verify gate withheld a public text',
    why: 'After redaction, the second scan still found something in one public text; that text is withheld and the rest publishes.',
    fix: 'Report the rule and fingerprint printed (never the value); add the case to the rule table.',
  },
  // Records: what journey.db keeps of a run (shown by `npm run status`).
  JOURNEY_PUBLISH_TIMED_OUT: {
    kind: 'record', exit: 1, title: 'A publish ran past its time limit',
    why: 'The publish worker ran longer than publishTimeoutSeconds; its process group was stopped and a fresh worker started. Its lease is released so the next publish can run.',
    fix: 'See what the run was doing in its log; raise JOURNEY_PUBLISH_TIMEOUT_SECONDS if the loop is simply large.',
  },
} as const satisfies Record<string, CatalogueEntry>;

type CatalogueCode = keyof typeof CATALOGUE;

type CodesOf<Kind extends CatalogueEntry['kind']> = { [C in CatalogueCode]: (typeof CATALOGUE)[C]['kind'] extends Kind ? C : never }[CatalogueCode];

/** The codes a JourneyError carries. */
export type ErrorCode = CodesOf<'error'>;
/** The codes of a withheld part or a note. */
export type ProblemCode = CodesOf<'problem'>;

/**
 * docs/errors.md: every code with what it means, why it happens and what to do, by kind.
 *
 * @example
 * writeFileSync('docs/errors.md', errorReference());
 */
export function errorReference(): string {
  const sections: Array<[CatalogueEntry['kind'], string, string]> = [
    ['error', 'Errors', 'The command stops. A publish that fails leaves the last good release serving.'],
    ['problem', 'Problems', 'The smallest wrong part (a field, a record, a section) is withheld with a visible marker and the command exits 3; a note withholds nothing and exits 0. The rest publishes.'],
    ['record', 'Records', 'What journey.db keeps of a run; `npm run status` shows it.'],
  ];
  const lines = [
    '# Error and problem codes',
    '',
    'Every code journey prints, generated from `core/error-catalogue.ts` by `npm run schema`. A message names',
    'positions (file, line, column, field, rule, fingerprint), never content.',
  ];
  for (const [kind, heading, intro] of sections) {
    lines.push('', `## ${heading}`, '', intro);
    for (const [code, entry] of Object.entries(CATALOGUE) as Array<[CatalogueCode, CatalogueEntry]>) {
      if (entry.kind !== kind) continue;
      lines.push('', `### ${code}`, '', `**${entry.title}** (exit ${entry.exit}).`, '', entry.why, '', `Fix: ${entry.fix}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

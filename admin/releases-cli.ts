// `npm run releases`: the kept releases, newest first, with the current and the pinned one marked.
import { out } from '../core/log.ts';
import { main, type CommandSpec } from '../cli/define-command.ts';
import { requireDataFolder } from '../config/read-required-folders.ts';
import { withDb } from '../state/db.ts';
import { newestFirst, readPin, readReleases } from '../state/releases.ts';
import { currentReleaseId, listCompleteReleases } from '../synth/release/write-release.ts';

export const releasesCommand: CommandSpec = {
  invocation: 'npm run releases --',
  summary: 'List the kept releases, newest first: which one is current, which is pinned, which a rollback withdrew (its snapshot is not served), size, files and scan outcome.',
  flags: [{ name: 'json', type: 'boolean', description: 'print one JSON array on stdout' }],
  examples: ['npm run releases', 'npm run releases -- --data-dir /data/autoswe --json'],
  run({ config, flags }) {
    requireDataFolder(config); // a mistyped --data-dir is named, not answered with an empty list in a new folder
    return withDb(config, (db) => {
      const current = currentReleaseId(config.dataDir);
      const pinned = readPin(db);
      const rows = new Map(readReleases(db).map((r) => [r.id, r]));
      const list = newestFirst(db, listCompleteReleases(config.dataDir)).map((id) => ({
        id, current: id === current, pinned: id === pinned, withdrawn: (rows.get(id)?.withdrawnAt ?? null) !== null, created_at: rows.get(id)?.createdAt ?? null,
        files: rows.get(id)?.fileCount ?? null, bytes: rows.get(id)?.bytes ?? null, scan: rows.get(id)?.scanOutcome ?? null,
      }));
      if (flags['json'] === true) {
        out(`${JSON.stringify(list, null, 1)}\n`);
        return 0;
      }
      if (list.length === 0) out('no releases yet: run `npm run synth -- --public --rebuild-site`\n');
      for (const r of list) {
        const marks = [r.current ? 'current' : '', r.pinned ? 'pinned' : '', r.withdrawn ? 'withdrawn' : ''].filter(Boolean).join(', ');
        const size = r.bytes === null ? '' : ` ${(r.bytes / 1e6).toFixed(1)} MB in ${r.files} files`;
        out(`${r.current ? '*' : ' '} ${r.id}${marks ? ` (${marks})` : ''}${size}${r.scan ? `, scan ${r.scan}` : ''}\n`);
      }
      return 0;
    });
  },
};

if (import.meta.main) main(releasesCommand);

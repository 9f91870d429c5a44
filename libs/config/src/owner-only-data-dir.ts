import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Makes the data directory its owner's alone: created 0700, and from here on every file this process
 * creates is 0600 and every directory 0700 (the process umask becomes 077). The umask is what reaches the
 * files no code of ours opens: SQLite's journal and WAL, the embedded chDB's parts and metadata. Entries left
 * by an earlier version with wider modes are narrowed once; symbolic links are left alone.
 */
export function ownerOnlyDataDir(dir: string): void {
  process.umask(0o077);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  narrow(dir);
}

function narrow(path: string): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    if ((stat.mode & 0o777) !== 0o700) chmodSync(path, 0o700);
    for (const entry of readdirSync(path)) narrow(join(path, entry));
  } else if ((stat.mode & 0o077) !== 0) {
    chmodSync(path, stat.mode & 0o700);
  }
}

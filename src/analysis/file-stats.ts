import fs from 'node:fs';

/**
 * While one file is linted, every rule and every handler asks about the same few imported
 * files: one `stat` each is enough. The answers are dropped when the next file's analysis
 * starts (a codemod rewrites files between two synchronous runs) and at the next microtask, so
 * an edit between two files' lints is always seen.
 */
const statsThisTurn = new Map<string, number | null>();
/** Modification times of directories and config files, for the same turn. */
const pathStatsThisTurn = new Map<string, number | null>();
/** Counts turns, so that a cached resolution is checked against the disk once per turn. */
let turn = 0;

/** Which turn it is: a cached answer checked in this turn needs no second look at the disk. */
export function currentTurn(): number {
  return turn;
}

export function forgetFileStats(): void {
  statsThisTurn.clear();
  pathStatsThisTurn.clear();
  turn++;
}

function startTurnIfNeeded(): void {
  if (statsThisTurn.size === 0 && pathStatsThisTurn.size === 0) queueMicrotask(forgetFileStats);
}

/** The file's modification time, or undefined when it is not a regular file. */
export function fileModified(filename: string): number | undefined {
  const cached = statsThisTurn.get(filename);
  if (cached !== undefined) return cached ?? undefined;
  startTurnIfNeeded();
  let mtimeMs: number | null = null;
  try {
    // Most candidates of an import do not exist; an exception for each costs more than the stat.
    const stats = fs.statSync(filename, { throwIfNoEntry: false });
    if (stats?.isFile()) mtimeMs = stats.mtimeMs;
  } catch {
    // Unreadable: not a module we can look into.
  }
  statsThisTurn.set(filename, mtimeMs);
  return mtimeMs ?? undefined;
}

/** The modification time of a file or directory (null when absent): what a cached answer depends on. */
export function pathModified(target: string): number | null {
  const cached = pathStatsThisTurn.get(target);
  if (cached !== undefined) return cached;
  startTurnIfNeeded();
  let mtimeMs: number | null = null;
  try {
    const stats = fs.statSync(target, { throwIfNoEntry: false });
    if (stats) mtimeMs = stats.mtimeMs;
  } catch {
    // Unreadable counts as absent.
  }
  pathStatsThisTurn.set(target, mtimeMs);
  return mtimeMs;
}

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** Who claims a row (a report being rendered): this host, this process, and a random part for each store. */
export function newOwner(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/**
 * Whether a claim's owner is certainly gone: a process of this host that no longer runs (killed, crashed). An
 * owner on another host is gone only when its lease runs out; that is the caller's other test.
 *
 * @example
 * ownerIsDead(`${hostname()}:999999:ab12cd34`); // true when no process 999999 runs here
 */
export function ownerIsDead(owner: string | null): boolean {
  if (!owner) return true;
  const parts = owner.split(':');
  if (parts.length < 3 || parts.slice(0, -2).join(':') !== hostname()) return false;
  const pid = Number(parts[parts.length - 2]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'EPERM';
  }
}

/** How long a claim on a report holds while its owner renders it; a live owner finishes well within it. */
export const REPORT_LEASE_MS = 5 * 60_000;

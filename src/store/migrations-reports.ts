import type { Migration } from './migrations.js';

/**
 * Several processes on one database (issue 24): a report is claimed by the process that renders it (an owner and
 * a lease), so a report is rendered once even when another process resumes pending reports at its start.
 */
export const reportClaimsMigration: Migration = {
  version: 24,
  name: 'report claims: owner and lease of the process rendering it',
  sql: `
  ALTER TABLE reports ADD COLUMN claimed_by TEXT;
  ALTER TABLE reports ADD COLUMN claim_until INTEGER;
  `,
};

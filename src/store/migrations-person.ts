import type { Migration } from './migrations.js';

/**
 * A person's place outside any one form (issue 19): the form menu is a state of the conversation like any
 * other, so the person row keeps its small control state (engine/person.ts) beside the active session.
 */
export const personMigration: Migration = {
  version: 13,
  name: "a person's place outside a form (form menu state)",
  sql: `
  ALTER TABLE users ADD COLUMN control TEXT NOT NULL DEFAULT '';
  `,
};

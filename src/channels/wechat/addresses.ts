/** Outbox addresses that are not people's keys: a contact for this login only, and a group. */
export const contactAddress = (id: string) => `contact:${id}`;
export const roomAddress = (id: string) => `room:${id}`;

// What the console keeps of its own, as the ports it reads and writes: sign-in state, reviews, and the campaign
// messages' delivery (read from the outbox). One adapter per backend builds all three (store/sqlite/console-state.ts).
import type { ConsoleAuthStore } from './console-auth.js';
import type { DeliveryLog } from './delivery-log.js';
import type { ReviewStore } from './reviews.js';

export interface ConsoleState {
  auth: ConsoleAuthStore;
  reviews: ReviewStore;
  deliveries: DeliveryLog;
}

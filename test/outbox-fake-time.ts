/**
 * Time under the test's control: `sleep` moves the clock forward by exactly what was asked and yields
 * to the event loop, so paced sends happen at once in real time while the clock records the pauses.
 */
export function fakeTime(start = Date.parse('2025-03-03T01:00:00Z')) {
  let now = start;
  return {
    clock: () => now,
    sleep: async (ms: number) => {
      now += Math.max(0, ms);
      await new Promise((resolve) => setImmediate(resolve));
    },
    advance(ms: number) {
      now += ms;
    },
  };
}

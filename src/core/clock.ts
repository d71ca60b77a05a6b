/** Time source injected everywhere a workflow needs "now" (tests pass a fixed clock). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(
  iso: string,
): Clock & { set(iso: string): void; advance(ms: number): void } {
  let t = Date.parse(iso);
  return {
    now: () => new Date(t),
    set: (next: string) => void (t = Date.parse(next)),
    advance: (ms: number) => void (t += ms),
  };
}

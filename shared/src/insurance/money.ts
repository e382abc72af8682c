/**
 * Integer-fen arithmetic for the settlement engine. Ratios are integer basis points
 * (万分比: 8500 = 85%), so no amount ever passes through a floating-point fraction.
 */
export const FULL_RATIO_BP = 10_000;

/**
 * Σ amount × ratio, rounded half up to the fen once over the whole sum. Each amount is split
 * into whole 10,000-fen blocks and a remainder, so the products stay far below 2^53 for any
 * safe-integer amount: block × ratio is exact, and the remainders are rounded together.
 */
export function weightedFen(parts: readonly { amount: number; ratioBp: number }[]): number {
  let whole = 0;
  let remainderTimesRatio = 0;
  for (const { amount, ratioBp } of parts) {
    const blocks = Math.floor(amount / FULL_RATIO_BP);
    whole += blocks * ratioBp;
    remainderTimesRatio += (amount - blocks * FULL_RATIO_BP) * ratioBp;
  }
  return whole + Math.floor((remainderTimesRatio + FULL_RATIO_BP / 2) / FULL_RATIO_BP);
}

/** amount × ratio, rounded half up to the fen. */
export function applyRatio(amount: number, ratioBp: number): number {
  return weightedFen([{ amount, ratioBp }]);
}

export function sumFen(amounts: readonly number[]): number {
  return amounts.reduce((sum, a) => sum + a, 0);
}

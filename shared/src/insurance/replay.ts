import type { Claim } from './claim';
import type { Policy } from './policy';
import { settleClaim } from './settle';
import type { Settlement } from './settle';
import { emptyYearToDate } from './ytd';
import type { YearToDate } from './ytd';

/** A claim as stored, possibly reversed (冲正) since. A stored Settlement fits as it is. */
export interface ClaimLogEntry {
  claim: Claim;
  reversed?: boolean;
}

export interface Replay {
  /** Running totals after every live claim. */
  ytd: YearToDate;
  /** Each live claim settled afresh, in service order. */
  settlements: Settlement[];
}

/** Service order: by service date, ties by claim id (code-unit order, the same everywhere). */
function serviceOrder(a: Claim, b: Claim): number {
  if (a.serviceDate !== b.serviceDate) return a.serviceDate < b.serviceDate ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Rebuilds a person's running totals for the year from every claim the system holds, in
 * whatever order they arrived: reversed claims drop out, the rest are settled again in
 * service order from `opening`. So a late claim or a reversal of an early one gives the same
 * totals as if everything had arrived in order. A claim id seen more than once is one claim
 * (a resend); a reversal of any copy cancels it. Personal account credits during the year are
 * not modelled: `opening` carries the balance the replay starts from.
 */
export function recomputeYearToDate(
  policy: Policy,
  entries: readonly ClaimLogEntry[],
  opening: YearToDate = emptyYearToDate(),
): Replay {
  const reversed = new Set(entries.filter((e) => e.reversed).map((e) => e.claim.id));
  const live = new Map<string, Claim>();
  for (const { claim } of entries) if (!reversed.has(claim.id) && !live.has(claim.id)) live.set(claim.id, claim);

  let ytd = opening;
  const settlements: Settlement[] = [];
  for (const claim of [...live.values()].sort(serviceOrder)) {
    const settlement = settleClaim(policy, ytd, claim);
    settlements.push(settlement);
    ytd = settlement.ytd;
  }
  return { ytd, settlements };
}

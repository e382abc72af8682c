import type { ChildServer } from './lib/server';
import { fmt, type Row } from './lib/table';

const RSS_LIMIT = 250 * 1024 * 1024;

/**
 * 4. The API's resident set size (VmRSS, sampled every 100 ms): the target is for the booking
 * load; at rest and under the other loads it is shown for information.
 */
export function memoryRows(api: ChildServer): Row[] {
  const rows: Row[] = [];
  const at = (phase: string) => api.rss.get(phase);
  if (at('idle') !== undefined) rows.push({ figure: 'API RSS at rest after start', value: fmt.mb(at('idle')!), target: '', pass: null });
  if (at('booking') !== undefined) rows.push({ figure: 'API max RSS under the booking load', value: fmt.mb(at('booking')!), target: '< 250 MB', pass: at('booking')! < RSS_LIMIT });
  for (const [phase, label] of [
    ['read', 'the availability load'],
    ['results', 'the results load'],
  ]) {
    if (at(phase) !== undefined) rows.push({ figure: `API max RSS under ${label}`, value: fmt.mb(at(phase)!), target: '', pass: null });
  }
  return rows;
}

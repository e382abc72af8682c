/** One line of the benchmark's table: a figure, the same-run baseline it is judged against, and the target. */
export interface Row {
  figure: string;
  value: string;
  baseline?: string;
  ratio?: string;
  target: string;
  pass: boolean | null;
}

export const fmt = {
  rate: (n: number) => `${n.toFixed(0)}/s`,
  ms: (n: number) => `${n.toFixed(1)} ms`,
  mb: (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`,
  kb: (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`,
  ratio: (n: number) => n.toFixed(2),
};

/** Display width: CJK characters take two columns in a terminal. */
const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u2e80-\uffff]/.test(ch) ? 2 : 1), 0);
const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - width(s)));

export function renderTable(rows: Row[]): string {
  const head = ['figure', 'value', 'baseline', 'ratio', 'target', 'result'];
  const cells = rows.map((r) => [r.figure, r.value, r.baseline ?? '', r.ratio ?? '', r.target, r.pass === null ? 'info' : r.pass ? 'PASS' : 'FAIL']);
  const widths = head.map((h, i) => Math.max(width(h), ...cells.map((c) => width(c[i]))));
  const line = (c: string[]) => `| ${c.map((x, i) => pad(x, widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

import fs from 'node:fs';
import path from 'node:path';
import { h5InitialJs, SIZE_BUDGETS, weappPackageSizes } from '../support/package-size';
import { REPO_ROOT } from './lib/server';
import { fmt, type Row } from './lib/table';

const WEAPP = path.join(REPO_ROOT, 'miniapp/dist/weapp');
const H5 = path.join(REPO_ROOT, 'miniapp/dist/h5');

const builtAt = (file: string) => new Date(fs.statSync(file).mtimeMs).toISOString().slice(0, 16).replace('T', ' ');

/**
 * 5. Package sizes of the current builds (`npm run build:weapp`, `npm run build`); the e2e suite
 * (test/e2e/package-size.test.ts) is what fails the test suite on the same budgets.
 */
export function packageSizes(): Row[] {
  try {
    return sizeRows();
  } catch (err) {
    // Another build replacing dist/ at this moment; the sizes are for the next run.
    return [{ figure: 'package sizes', value: `unreadable: ${(err as Error).message}`, target: '', pass: null }];
  }
}

function sizeRows(): Row[] {
  const rows: Row[] = [];
  if (fs.existsSync(path.join(WEAPP, 'app.json'))) {
    const sizes = weappPackageSizes(WEAPP);
    const when = builtAt(path.join(WEAPP, 'app.json'));
    rows.push({ figure: `weapp main package (built ${when})`, value: fmt.kb(sizes.main), target: '<= 1024 KB', pass: sizes.main <= SIZE_BUDGETS.weappMain });
    const [root, largest] = Object.entries(sizes.subpackages).reduce((a, b) => (b[1] > a[1] ? b : a), ['', 0]);
    rows.push({ figure: `weapp largest subpackage (${root})`, value: fmt.kb(largest), target: '<= 1536 KB', pass: largest <= SIZE_BUDGETS.weappSubpackage });
  } else {
    rows.push({ figure: 'weapp packages', value: 'not built (npm run build:weapp)', target: '<= 1024 / 1536 KB', pass: null });
  }
  if (fs.existsSync(path.join(H5, 'index.html'))) {
    const initial = h5InitialJs(H5);
    rows.push({ figure: `H5 initial JS, gzip (built ${builtAt(path.join(H5, 'index.html'))})`, value: fmt.kb(initial.gzip), target: '<= 300 KB', pass: initial.gzip <= SIZE_BUDGETS.h5InitialJsGzip });
  } else {
    rows.push({ figure: 'H5 initial JS, gzip', value: 'not built (npm run build)', target: '<= 300 KB', pass: null });
  }
  return rows;
}

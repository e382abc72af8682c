import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { h5InitialJs, SIZE_BUDGETS, WECHAT_PACKAGE_LIMIT, weappPackageSizes } from '../support/package-size';
import { REPO_ROOT } from './support';

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

describe('the weapp build fits WeChat, within our budgets', () => {
  const sizes = weappPackageSizes(path.join(REPO_ROOT, 'miniapp/dist/weapp'));
  it('keeps the main package within 1 MB (half WeChat’s 2 MB limit)', () => {
    console.log(`weapp main package: ${kib(sizes.main)} (budget ${kib(SIZE_BUDGETS.weappMain)})`);
    expect(sizes.main).toBeGreaterThan(50 * 1024);
    expect(sizes.main).toBeLessThan(WECHAT_PACKAGE_LIMIT);
    expect(sizes.main, 'weapp main package').toBeLessThanOrEqual(SIZE_BUDGETS.weappMain);
  });
  it('has one subpackage per domain, each within 1.5 MB', () => {
    expect(Object.keys(sizes.subpackages)).toEqual(expect.arrayContaining(['packages/community', 'packages/booking', 'packages/results', 'packages/prescriptions', 'packages/insurance', 'packages/account']));
    for (const [root, size] of Object.entries(sizes.subpackages)) {
      console.log(`weapp subpackage ${root}: ${kib(size)} (budget ${kib(SIZE_BUDGETS.weappSubpackage)})`);
      expect(size, root).toBeLessThanOrEqual(SIZE_BUDGETS.weappSubpackage);
    }
  });
});

describe('the H5 build starts light', () => {
  it('loads at most 300 KB of gzipped JavaScript before the first screen', () => {
    const initial = h5InitialJs(path.join(REPO_ROOT, 'miniapp/dist/h5'));
    for (const s of initial.scripts) console.log(`H5 initial script ${s.file}: ${kib(s.bytes)}, ${kib(s.gzip)} gzip`);
    console.log(`H5 initial JS: ${kib(initial.gzip)} gzip (budget ${kib(SIZE_BUDGETS.h5InitialJsGzip)})`);
    expect(initial.scripts.length).toBeGreaterThan(0);
    expect(initial.gzip, 'H5 initial JS (gzip)').toBeLessThanOrEqual(SIZE_BUDGETS.h5InitialJsGzip);
  });
});

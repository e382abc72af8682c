import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WECHAT_PACKAGE_LIMIT, weappPackageSizes } from '../support/package-size';
import { REPO_ROOT } from './support';

describe('the weapp build fits WeChat', () => {
  const sizes = weappPackageSizes(path.join(REPO_ROOT, 'miniapp/dist/weapp'));
  it('keeps the main package under WeChat’s 2 MB limit', () => {
    console.log(`weapp main package: ${(sizes.main / 1024).toFixed(0)} KiB`);
    expect(sizes.main).toBeGreaterThan(50 * 1024);
    expect(sizes.main).toBeLessThan(WECHAT_PACKAGE_LIMIT);
  });
  it('has one subpackage per domain, each under 2 MB', () => {
    expect(Object.keys(sizes.subpackages)).toEqual(expect.arrayContaining(['packages/community', 'packages/booking', 'packages/results', 'packages/prescriptions', 'packages/insurance', 'packages/account']));
    for (const [root, size] of Object.entries(sizes.subpackages)) expect(size, root).toBeLessThan(WECHAT_PACKAGE_LIMIT);
  });
});

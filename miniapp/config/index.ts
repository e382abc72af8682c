import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';

const MINIAPP_ROOT = path.resolve(__dirname, '..');
const REPO_ROOT = path.resolve(MINIAPP_ROOT, '..');

/**
 * npm keeps some @tarojs packages nested in miniapp/node_modules (see the handbook's
 * TOOLCHAIN.md, "Workspace trap"): let webpack look there and in the root as well.
 */
function resolveWorkspaceModules(chain: { resolve: { modules: { add(dir: string): unknown } } }) {
  const modules = chain.resolve.modules;
  modules.add(path.join(MINIAPP_ROOT, 'node_modules'));
  modules.add(path.join(REPO_ROOT, 'node_modules'));
  modules.add('node_modules');
}

/** @ygt/shared ships TypeScript source: compile it like our own. */
const compileShared = { include: [path.join(REPO_ROOT, 'shared')] };

export default defineConfig<'webpack5'>(() => {
  const config: UserConfigExport<'webpack5'> = {
    projectName: 'yigongtong-miniapp',
    date: '2025-01-01',
    // NutUI React Taro is drawn at 375 wide; our own styles at 750.
    designWidth(input) {
      const file = typeof input === 'object' && input?.file ? input.file.replace(/\\+/g, '/') : '';
      return file.includes('@nutui') ? 375 : 750;
    },
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: process.env.TARO_ENV === 'h5' ? 'dist/h5' : 'dist/weapp',
    plugins: [],
    defineConstants: {
      API_BASE_URL: JSON.stringify(process.env.YGT_API_BASE_URL || 'http://localhost:3000'),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile: compileShared,
      optimizeMainPackage: { enable: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
      },
      webpackChain(chain) {
        resolveWorkspaceModules(chain);
      },
    },
    h5: {
      publicPath: '/h5/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: compileShared,
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
      },
      webpackChain(chain) {
        resolveWorkspaceModules(chain);
      },
    },
  };
  return config;
});

export * from './rules';
export * from './states';
export * from './schemas';

export * from './policy';
export * from './states';
export * from './rules';
export * from './schemas';
export * from './referral';

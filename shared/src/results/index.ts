export * from './catalogue';
export * from './flags';
export * from './recognition';
export * from './schemas';
export * from './versioning';

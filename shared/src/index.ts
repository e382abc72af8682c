export * from './common/errors';
export * from './common/time';
export * from './common/health';
export * from './identity/resident-id';
export * from './identity/mask';
export * from './community/schemas';
export * from './identity/schemas';
export * from './notifications/schemas';

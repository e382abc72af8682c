export * from './storage';
export * from './wechat';

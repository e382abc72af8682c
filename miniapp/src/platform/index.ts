export * from './file';
export * from './screen';
export * from './storage';
export * from './wechat';

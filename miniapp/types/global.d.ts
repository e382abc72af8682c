/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.scss';

/** Base URL of the API for the weapp build (defineConstants, from YGT_API_BASE_URL). */
declare const API_BASE_URL: string;

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'h5';
  }
}

import type { ErrorCode } from '@ygt/shared';
import { ErrorCodes } from '@ygt/shared';

/** The one error type of the API. Domain code throws it; the error middleware renders it. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.status = ErrorCodes[code];
  }
}

export const badRequest = (message: string, field?: string) => new AppError('VALIDATION_FAILED', message, field);
export const notFound = (message = '未找到该记录', field?: string) => new AppError('NOT_FOUND', message, field);
export const conflict = (message: string, field?: string) => new AppError('CONFLICT', message, field);
export const unauthenticated = (message = '请先登录') => new AppError('UNAUTHENTICATED', message);
export const forbidden = (message = '没有权限执行此操作') => new AppError('FORBIDDEN', message);

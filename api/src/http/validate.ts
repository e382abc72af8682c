import { z } from 'zod';
import { AppError } from './errors';

// Chinese validation messages for users, from zod's own locale.
z.config(z.locales.zhCN());

/** Parses one part of a request; the first issue becomes a VALIDATION_FAILED naming the field. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, part: 'params' | 'query' | 'body'): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.length ? issue.path.join('.') : part;
  throw new AppError('VALIDATION_FAILED', `参数 ${field} 不正确：${issue.message}`, field);
}

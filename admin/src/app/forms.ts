import type { FormInstance, FormRule } from 'antd';
import { useEffect } from 'react';
import { ApiError } from '../api/client';

interface SafeParser {
  safeParse(value: unknown): { success: true } | { success: false; error: { issues: { message: string }[] } };
}

/**
 * An antd form rule that checks a value with the API's own zod schema from @ygt/shared, so the
 * console and the server agree on every rule and message. Empty values are left to `required`.
 */
export function schemaRule(schema: SafeParser): FormRule {
  return {
    validator: async (_, value: unknown) => {
      if (value === undefined || value === null || value === '') return;
      const result = schema.safeParse(value);
      if (!result.success) throw new Error(result.error.issues[0]?.message ?? '格式不正确');
    },
  };
}

/**
 * Shows an API error on the form field it names (`error.field`, e.g. `facilityIds.0` -> facilityIds).
 * Returns false when the error names none of `fields`, so the caller shows it elsewhere.
 */
export function showFieldError<F extends string>(form: FormInstance, err: unknown, fields: readonly F[]): boolean {
  if (!(err instanceof ApiError) || !err.field) return false;
  const name = err.field.split('.')[0] as F;
  if (!fields.includes(name)) return false;
  // The validator prefixes schema messages with the parameter's English name; the field already says which.
  const message = err.message.replace(/^参数 \S+ 不正确：/, '');
  form.setFields([{ name, errors: [message] }]);
  form.scrollToField(name);
  return true;
}

/**
 * Fills a modal's form from the record it is opened for. The modal keeps one form instance for
 * every record, and antd applies `initialValues` only once per instance: without this, opening a
 * second schedule (or drug, or item) shows the first one's values, and saving writes them to it.
 */
export function useFieldsFor<R, V>(form: FormInstance<V>, record: R | null | undefined, toValues: (record: R) => Partial<V>): void {
  useEffect(() => {
    if (record) form.setFieldsValue(toValues(record) as Parameters<FormInstance<V>['setFieldsValue']>[0]);
    // Only a newly opened record refills the form; `toValues` is a fresh closure on every render.
  }, [form, record]);
}

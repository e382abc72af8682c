import { z } from 'zod';

/** Every error the API returns has this body; `field` names the offending input when there is one. */
export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.string().describe('Machine-readable code, e.g. NOT_FOUND, VALIDATION_FAILED'),
      message: z.string().describe('Human-readable message in Chinese, safe to show to users'),
      field: z.string().optional().describe('Dotted path of the input field at fault'),
      requestId: z.string().optional(),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export const ErrorCodes = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  /** The path exists, the method does not (the Allow header lists those that do). */
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  /** Too many of something: family members, open bookings... */
  LIMIT_REACHED: 409,
  SOLD_OUT: 409,
  /** Booking: the places of that date are not on sale yet, or the segment has started. */
  OUTSIDE_BOOKING_WINDOW: 409,
  /** Booking: the free-cancellation deadline passed (cancel with acceptNoShow to proceed). */
  CANCEL_DEADLINE_PASSED: 409,
  /** Booking: online booking suspended after repeated no-shows; the message names the end date. */
  BOOKING_SUSPENDED: 403,
  /** Long prescriptions: a renewal asked for before its window opens; the message names the date (field renewalOpensOn). */
  RENEWAL_TOO_EARLY: 409,
  /** Separate consent (单独同意) for health data is missing. */
  CONSENT_REQUIRED: 403,
  ACCOUNT_LOCKED: 423,
  WECHAT_CODE_INVALID: 401,
  WECHAT_RISKY_USER: 403,
  WECHAT_UNAVAILABLE: 503,
  PAYLOAD_TOO_LARGE: 413,
  /** Interop: a FHIR or HL7 v2 body in a content type the endpoint does not take. */
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;
export type ErrorCode = keyof typeof ErrorCodes;

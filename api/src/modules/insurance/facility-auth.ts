import type { Context } from 'koa';
import type { AppDeps } from '../../deps';

export async function requireFacilityClient(_deps: AppDeps, _ctx: Context): Promise<string> {
  throw new Error('pending');
}

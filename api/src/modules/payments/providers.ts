import type { AppDeps } from '../../deps';
import { DemoPaymentProvider } from './demo-provider';
import type { PaymentProvider } from './provider';
import { WechatPayProvider } from './wechatpay';

// One provider per configuration: it holds the platform-key cache and the library instance.
const providers = new WeakMap<object, PaymentProvider>();

/** The configured payment provider: WeChat Pay, or the demo provider (demo mode only). */
export function paymentProvider(deps: AppDeps): PaymentProvider {
  let provider = providers.get(deps.config.payments);
  if (!provider) {
    const { payments } = deps.config;
    provider = payments.provider === 'wechat' ? new WechatPayProvider(payments.wechatpay!, deps.clock, deps.logger) : new DemoPaymentProvider(deps.config, deps.clock);
    providers.set(payments, provider);
  }
  return provider;
}

import { PRODUCT_SPECS } from '@lianlian-checkout/protocol';
import type { Config, ProductConfig } from '../config/types.js';

/** The gateway a product posts to at LianLian: the configured one in live mode, else LianLian's default. */
export function contractGateway(config: Pick<Config, 'mode'>, p: ProductConfig): string {
  return config.mode === 'live' ? p.gatewayUrl : PRODUCT_SPECS[p.product].defaultUrl;
}

/**
 * H5 has two cashiers in real use (spec §3.4, §9), and the web cashier is LianLian's Express Pay
 * cashier; which of them a merchant id may use is in its contract.
 */
export const GATEWAY_NOTES: Readonly<Partial<Record<ProductConfig['product'], string>>> = {
  web: "bankgateway.htm is LianLian's Express Pay cashier: ask which pay_type codes are enabled (1/8/9 online banking, 2/3 quick pay, D verified)",
  h5: 'H5 has two cashiers: Easy Pay H5 (travlepay.htm, product h5) and the quick-pay cashier (payment.htm, product h5_quickpay)',
  h5_quickpay: 'H5 has two cashiers: the quick-pay cashier (payment.htm, product h5_quickpay) and Easy Pay H5 (travlepay.htm, product h5)',
};

/**
 * LianLian's go-live, done per product (spec §1): one successful test payment reviewed by their
 * tech support, and an environment their due-diligence team can pay in. Until then the product
 * keeps the 50/50/50 CNY per-customer limits.
 */
export function goLiveChecklist(config: Config): string[] {
  const enabled = Object.values(config.products).filter((x) => x.enabled);
  const pending = enabled.filter((p) => !p.live);
  const lines: string[] = enabled.filter((p) => p.live)
    .map((p) => `${p.product}: live (in LIANLIAN_LIVE_PRODUCTS); LianLian's pre-go-live limits no longer apply.`);
  if (pending.length === 0) return lines;
  // What is done once for the merchant, then what is done per product.
  lines.push(
    'once, for the merchant:',
    ...(config.mode === 'sandbox' ? ['  [ ] switch to LIANLIAN_MODE=live with your own merchant id and keys'] : []),
    `  [ ] make sure ${config.allowedOrigins.join(', ')} is registered at LianLian as the request-source domain and ${config.publicUrl} is reachable over https`,
    "  [ ] register the signing server's egress IP addresses at LianLian: the order-query and refund APIs are direct APIs, checked by source IP",
    "  [ ] give LianLian's due-diligence team an environment where they can pay: the shop URL, a test account, and what to buy",
  );
  for (const p of pending) {
    const note = GATEWAY_NOTES[p.product];
    lines.push(
      `${p.product}:`,
      `  [ ] confirm with LianLian that your contract covers this gateway, ${contractGateway(config, p)}${note ? ` (${note})` : ''}`,
      '  [ ] make one successful test payment (0.01 CNY, a real card, a unique user_id) and send its no_order and oid_paybill ' +
        'to LianLian tech support (tech_support@lianlianpay.com) for the integration review',
      `  [ ] once LianLian confirms (usually 1–2 working days), add ${p.product} to LIANLIAN_LIVE_PRODUCTS to lift the 50/50/50 CNY limits`,
    );
  }
  return lines;
}

import type { KeyObject } from 'node:crypto';
import type { Fen, Product, Signer, Verifier } from '@lianlian-checkout/protocol';
import type { DataKey } from '../ledger/vault.js';

/**
 * The signing server's configuration: read from the environment once, validated, frozen.
 * Nothing else in the server reads `process.env`. Keys are already parsed into KeyObjects.
 */
export type Mode = 'sandbox' | 'live';

/** LianLian's default per-customer limits before a product goes live (spec §1): 50/50/50 CNY. */
export interface CustomerLimits {
  perTransactionFen: Fen;
  perDayFen: Fen;
  perMonthFen: Fen;
}

export interface ProductConfig {
  product: Product;
  /** Product access at LianLian: refused with `product_not_enabled` when false. */
  enabled: boolean;
  /** Go-live done for this product at LianLian; when false the pre-go-live limits apply. */
  live: boolean;
  /** Full gateway URL the form posts to (LIANLIAN_GATEWAY_URL + path, or LianLian's documented URL). */
  gatewayUrl: string;
  /** `version` sent for this product. */
  version: string;
  limits: CustomerLimits;
}

export interface Config {
  readonly mode: Mode;
  readonly oidPartner: string;
  /** Merchant signing key (RSA) or MD5 key, per LIANLIAN_SIGN_TYPE. */
  readonly signer: Signer;
  /** LianLian's key for verifying callbacks and API answers; algorithm fixed by configuration. */
  readonly verifier: Verifier;
  /** LIANLIAN_GATEWAY_URL when set (the sandbox in sandbox mode), without trailing slash. */
  readonly gatewayBaseUrl: string | undefined;
  /** Order query, refund and refund query endpoints (spec §6), derived from the gateway base URL. */
  readonly orderQueryUrl: string;
  readonly refundUrl: string;
  readonly refundQueryUrl: string;
  /** PUBLIC_URL without trailing slash; notify_url = PUBLIC_URL + /lianlian/notify, url_return = + /lianlian/return. */
  readonly publicUrl: string;
  readonly notifyUrl: string;
  readonly returnUrl: string;
  /** ALLOWED_ORIGINS, normalised origins (scheme://host[:port]). */
  readonly allowedOrigins: readonly string[];
  readonly shopApiKey: string;
  /** SHOP_RETURN_URL with `{no_order}` and `{status}` placeholders. */
  readonly shopReturnUrl: string;
  readonly shopWebhookUrl: string | undefined;
  readonly shopWebhookSecret: string | undefined;
  readonly databaseUrl: string;
  /** REDIS_URL: the rate limits are counted there, shared by every instance; undefined = in memory. */
  readonly redisUrl: string | undefined;
  readonly port: number;
  readonly host: string;
  /** Express `trust proxy` value (TRUST_PROXY); false by default. */
  readonly trustProxy: boolean | number | string;
  readonly products: Readonly<Record<Product, ProductConfig>>;
  /** LianLian's `frms_ware_category` for risk_item (LIANLIAN_FRMS_WARE_CATEGORY). */
  readonly frmsWareCategory: string | undefined;
  readonly busiPartner: string;
  /** Checkout token lifetime in seconds (CHECKOUT_TOKEN_TTL_SECONDS). */
  readonly checkoutTokenTtlSeconds: number;
  /** Source IPs allowed to call /lianlian/notify (LIANLIAN_NOTIFY_IP_ALLOWLIST); undefined = off. */
  readonly notifyIpAllowlist: readonly string[] | undefined;
  /** `ret_msg` in the notify acknowledgement: `交易成功` (default) or `ok` (spec §8 #1). */
  readonly notifyAckMessage: string;
  /** Log canonical strings on signature failures (LIANLIAN_DEBUG_SIGNATURES=1). Never in production. */
  readonly debugSignatures: boolean;
  readonly logLevel: string;
  /**
   * How long an instance's claim on background work lasts (WORKER_LEASE_SECONDS): an outbox event
   * being delivered, an open refund being checked. A crashed instance's claims are taken over after it.
   */
  readonly workerLeaseSeconds: number;
  /** Longest time an info/debug line waits in the log buffer (LOG_FLUSH_MS); 0 = write each line at once. */
  readonly logFlushMs: number;
  /** Where the verifier's key came from: configured, LianLian's published key (live default), or MD5. */
  readonly lianlianPublicKeySource: 'configured' | 'published' | 'md5';
  /** LIANLIAN_MERCHANT_PUBLIC_KEY(_FILE): the key uploaded to LianLian, checked to pair with the private key. */
  readonly merchantPublicKey: KeyObject | undefined;
  /** Requests per minute per client address on the widget-facing routes (RATE_LIMIT_PER_MINUTE). */
  readonly rateLimitPerMinute: number;
  /**
   * Keys sealing buyers' personal data in the ledger (LEDGER_DATA_KEY), current first; undefined in
   * sandbox mode without one, where personal data is stored in clear.
   */
  readonly ledgerDataKeys: readonly DataKey[] | undefined;
  /**
   * Requests per minute per client address on `/lianlian/*` (LIANLIAN_RATE_LIMIT_PER_MINUTE);
   * the addresses in `notifyIpAllowlist` are never limited.
   */
  readonly lianlianRateLimitPerMinute: number;
  /** Bound on draining in-flight requests at shutdown (SHUTDOWN_TIMEOUT_MS). */
  readonly shutdownTimeoutMs: number;
}

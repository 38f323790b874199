import type { Product } from '../../src/products.js';

/** Test fixtures for the protocol's own tests (not exported from the package). */
export const RISK = '{"frms_ware_category":"1009","user_info_mercht_userno":"u1","user_info_bind_phone":"13800000000"}';

const BASE = {
  oid_partner: '201304121000001004', user_id: 'u10001', timestamp: '20240301120000', busi_partner: '101001',
  no_order: 'ORD20240301000001', dt_order: '20240301120000', name_goods: '测试商品', money_order: '49.95',
  notify_url: 'https://pay.shop.example/lianlian/notify', risk_item: RISK,
};

function withoutTimestamp(fields: Record<string, string>): Record<string, string> {
  const { timestamp: _t, ...rest } = fields;
  return rest;
}

/** One valid request of each product, before `sign_type` and `sign`. */
export const VALID: Record<Product, Record<string, string>> = {
  web: { ...BASE, version: '1.0', charset_name: 'UTF-8' },
  aggregate: { ...BASE, version: '1.1', userreq_ip: '203_0_113_7' },
  easypay: { ...BASE, version: '1.0', userreq_ip: '203_0_113_7', pay_type: 'M' },
  h5: { ...BASE, version: '1.0', app_request: '3' },
  h5_quickpay: { ...withoutTimestamp(BASE), version: '1.2', app_request: '3' },
};

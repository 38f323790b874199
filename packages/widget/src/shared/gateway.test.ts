import { describe, expect, it } from 'vitest';
import { LianLianError } from './errors.js';
import { assertGatewayAllowed, LIANLIAN_GATEWAY_ORIGINS, parseOrigins } from './gateway.js';

describe('parseOrigins', () => {
  it('splits on spaces and commas and normalises a trailing slash', () => {
    expect(parseOrigins(' http://127.0.0.1:4100, https://sandbox.example/ \n')).toEqual(['http://127.0.0.1:4100', 'https://sandbox.example']);
    expect(parseOrigins('')).toEqual([]);
  });

  it.each(['127.0.0.1:4100', 'http://127.0.0.1:4100/path', 'javascript:alert(1)', 'not a url'])('rejects %s with invalid_config', (entry) => {
    expect(() => parseOrigins(entry)).toThrow(expect.objectContaining({ code: 'invalid_config', retryable: false }) as LianLianError);
  });
});

describe('assertGatewayAllowed', () => {
  it.each(LIANLIAN_GATEWAY_ORIGINS.map((origin) => [`${origin}/payment/bankgateway.htm`]))('allows %s', (action) => {
    expect(() => assertGatewayAllowed(action, [])).not.toThrow();
  });

  it('allows an extra origin only when listed', () => {
    expect(() => assertGatewayAllowed('http://127.0.0.1:4100/payment/bankgateway.htm', ['http://127.0.0.1:4100'])).not.toThrow();
    expect(() => assertGatewayAllowed('http://127.0.0.1:4100/payment/bankgateway.htm', [])).toThrow(LianLianError);
  });

  it.each([
    'http://payment.lianlianpay.com/payment/bankgateway.htm',
    'https://payment.lianlianpay.com.evil.example/',
    'https://evil.example/?https://payment.lianlianpay.com',
    'https://payment.lianlianpay.com:8443/x',
    '/payment/bankgateway.htm',
    'javascript:alert(1)',
  ])('refuses %s with gateway_not_allowed', (action) => {
    expect(() => assertGatewayAllowed(action, [])).toThrow(expect.objectContaining({ code: 'gateway_not_allowed', retryable: false }) as LianLianError);
  });
});

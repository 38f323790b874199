import { describe, expect, it } from 'vitest';
import { parseSignedForm } from './signing.js';

const FORM = { action: 'https://payment.lianlianpay.com/payment/bankgateway.htm', method: 'POST', accept_charset: 'UTF-8', fields: { a: '1' }, no_order: 'O1' };

describe('parseSignedForm', () => {
  it('accepts the documented shape and defaults method and charset', () => {
    expect(parseSignedForm(FORM)).toEqual(FORM);
    expect(parseSignedForm({ action: FORM.action, fields: { req_data: '{"a":"1"}' }, no_order: 'O1' })).toEqual({
      ...FORM,
      fields: { req_data: '{"a":"1"}' },
    });
  });

  it.each([
    ['not an object', 'x'],
    ['no action', { ...FORM, action: undefined }],
    ['a lower-case method', { ...FORM, method: 'post' }],
    ['fields as an array', { ...FORM, fields: ['a'] }],
    ['a numeric field', { ...FORM, fields: { a: 1 } }],
    ['no no_order', { ...FORM, no_order: undefined }],
  ])('refuses %s as invalid_response', (_name, body) => {
    expect(() => parseSignedForm(body)).toThrow(expect.objectContaining({ code: 'invalid_response', retryable: false }) as Error);
  });
});

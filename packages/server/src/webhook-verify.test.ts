import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhookPayload, verifyWebhookSignature } from './webhook-verify.js';

const secret = 'whsec_test_0123456789abcdef';
const payload = JSON.stringify({ id: 'evt_1', type: 'order.paid', created_at: '2026-03-01T04:00:00.000Z', data: { order: { no_order: 'A1' } } });
const t = 1_772_337_600;
const now = () => new Date(t * 1000 + 10_000);

describe('verifyWebhookSignature', () => {
  it('accepts the documented scheme: t=<unix>,v1=hex(HMAC-SHA256(secret, t + "." + body))', () => {
    const mac = createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex');
    expect(signWebhookPayload({ payload, secret, timestamp: t })).toBe(`t=${t},v1=${mac}`);
    const event = verifyWebhookSignature({ payload: Buffer.from(payload), header: `t=${t},v1=${mac}`, secret, now });
    expect(event).toMatchObject({ id: 'evt_1', type: 'order.paid', data: { order: { no_order: 'A1' } } });
  });

  it('matches the known answer published in docs/webhooks.md', () => {
    expect(signWebhookPayload({ payload: '{"id":"evt_1"}', secret, timestamp: t })).toBe(
      `t=${t},v1=691df1b907e8120d5d45f86c65f928e58b0caf8c8e72fda5564b402c896c8b06`,
    );
  });

  it('accepts any matching v1 (secret rotation)', () => {
    const good = signWebhookPayload({ payload, secret, timestamp: t }).split(',')[1];
    expect(() => verifyWebhookSignature({ payload, header: `t=${t},v1=${'0'.repeat(64)},${good}`, secret, now })).not.toThrow();
  });

  it.each([
    ['webhook_signature_mismatch', { payload: payload.replace('A1', 'A2') }],
    ['webhook_signature_mismatch', { secret: 'whsec_other_secret_value' }],
    ['webhook_timestamp_out_of_tolerance', { now: () => new Date(t * 1000 + 301_000) }],
    ['webhook_signature_missing', { header: undefined }],
    ['webhook_signature_malformed', { header: 'v1=abc' }],
    ['webhook_payload_not_raw', { payload: JSON.parse(payload) as string }],
  ])('fails with %s', (code, change) => {
    const header = signWebhookPayload({ payload, secret, timestamp: t });
    expect(() => verifyWebhookSignature({ payload, header, secret, now, ...change })).toThrow(expect.objectContaining({ code }));
  });
});

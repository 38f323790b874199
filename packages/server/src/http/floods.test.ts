import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTableDump, type TableDump } from '../../test/support/ledger.js';
import { expectProblem, orderBody, SHOP_KEY, startHarness, type Harness } from '../../test/support/harness.js';
import { describeOnEachDatabase } from '../../test/support/databases.js';

/**
 * Issue 14, floods on the public callback routes: unsigned returns and rejected notifications for
 * a known no_order are counted, not each kept; the order's history pages back; an unsigned return
 * reveals nothing about the order; `/lianlian/*` is rate limited per address.
 */
const auth = { authorization: `Bearer ${SHOP_KEY}` };
const FLOOD = 40;

interface OrderView {
  status: string;
  events: { seq: number; type: string }[];
  events_total: number;
  events_next_before: number | null;
  callback_counts: Record<string, { count: number; first_at: string; last_at: string }>;
}

async function view(h: Harness, noOrder: string, query = ''): Promise<OrderView> {
  const res = await h.get(`/v1/orders/${noOrder}${query}`, auth);
  expect(res.status).toBe(200);
  return (await res.json()) as OrderView;
}

const unsignedReturn = (h: Harness, noOrder: string): Promise<Response> =>
  fetch(`${h.url}/lianlian/return`, { method: 'POST', body: new URLSearchParams({ no_order: noOrder, result_pay: 'SUCCESS', money_order: '0.01' }), redirect: 'manual' });
const badNotify = (h: Harness, noOrder: string): Promise<Response> =>
  fetch(`${h.url}/lianlian/notify`, { method: 'POST', body: JSON.stringify({ no_order: noOrder, result_pay: 'SUCCESS', sign: 'AAAA' }), headers: { 'content-type': 'text/json' } });

describeOnEachDatabase('floods on the callback routes', ({ kind }) => {
  let h: Harness;
  let tables: TableDump;
  beforeAll(async () => {
    h = await startHarness({ ledger: kind, env: { SHOP_RETURN_URL: 'http://shop.test:3000/orders/{no_order}?status={status}' } });
    tables = openTableDump(h.database.url, h.database.schema);
  });
  afterAll(async () => {
    await tables.close();
    await h.close();
  });

  it('counts unsigned returns and rejected notifications and keeps the first five of each: the order stops growing', async () => {
    const { no_order: no } = await h.order(orderBody('web'));
    const size = async (): Promise<number> => {
      const { order_events: events = [], orders = [] } = await tables.dump();
      return [...events, ...orders].join('\n').length;
    };
    for (let i = 0; i < 5; i++) await Promise.all([unsignedReturn(h, no), badNotify(h, no)]);
    const afterFive = await size();
    const answers = await Promise.all(Array.from({ length: FLOOD - 5 }, () => [unsignedReturn(h, no), badNotify(h, no)]).flat());
    expect(answers.map((r) => r.status).sort()).toEqual([...Array<number>(FLOOD - 5).fill(200), ...Array<number>(FLOOD - 5).fill(303)]);
    expect(await size()).toBe(afterFive);
    const order = await view(h, no);
    expect(order.callback_counts).toMatchObject({ notify_rejected: { count: FLOOD }, return_unverified: { count: FLOOD } });
    expect(order.events_total).toBe(11);
    expect(order.events.filter((e) => e.type === 'notify_rejected')).toHaveLength(5);
    expect(order.status).toBe('created');
  });

  it('sends an unsigned return on with status unknown, even for a paid order: it must not reveal the order\'s state', async () => {
    const { no_order: no } = await h.order(orderBody('web'));
    await h.ledger.applyStatusEvent(no, 'payment_succeeded', { type: 'test', data: {} });
    const res = await unsignedReturn(h, no);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`http://shop.test:3000/orders/${no}?status=unknown`);
  });

  it('returns the latest events with a count, and pages back with ?before=&limit=', async () => {
    const { no_order: no } = await h.order(orderBody('web'));
    for (let i = 0; i < 6; i++) await h.ledger.appendEvent(no, 'note', { i });
    const whole = await view(h, no);
    expect(whole.events).toHaveLength(7);
    expect(whole.events_next_before).toBeNull();
    const seqs = whole.events.map((e) => e.seq);
    const pages: number[][] = [];
    let page = await view(h, no, '?limit=3');
    pages.push(page.events.map((e) => e.seq));
    while (page.events_next_before !== null) {
      page = await view(h, no, `?limit=3&before=${page.events_next_before}`);
      pages.push(page.events.map((e) => e.seq));
    }
    expect(pages).toEqual([seqs.slice(4), seqs.slice(1, 4), seqs.slice(0, 1)]);
    expect(page.events_total).toBe(7);
    for (const query of ['?limit=0', '?limit=501', '?limit=x', '?before=-1', '?before=1.5', '?limit=2&limit=3', '?before=99999999999999999999']) {
      const body = await expectProblem(await h.get(`/v1/orders/${no}${query}`, auth), 400, 'invalid_request');
      expect(body.detail).toMatch(/before|limit/);
    }
  });
});

describe('rate limit on /lianlian/*', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('answers rate_limited past LIANLIAN_RATE_LIMIT_PER_MINUTE per address, on every LianLian route', async () => {
    h = await startHarness({ env: { LIANLIAN_RATE_LIMIT_PER_MINUTE: '3' } });
    const first = await Promise.all([badNotify(h, 'X1'), unsignedReturn(h, 'X1'), fetch(`${h.url}/lianlian/return`, { redirect: 'manual' })]);
    expect(first.map((r) => r.status)).toEqual([200, 303, 303]);
    expect(first[0]?.headers.get('ratelimit')).toMatch(/^limit=3, remaining=\d, reset=\d+$/);
    for (const res of [await badNotify(h, 'X1'), await unsignedReturn(h, 'X1'), await h.get('/lianlian/other')]) {
      const body = await expectProblem(res, 429, 'rate_limited');
      expect(res.headers.get('retry-after')).toBe('60');
      expect(body.detail).toMatch(/LIANLIAN_NOTIFY_IP_ALLOWLIST/);
    }
    // The shop's and the widget's routes keep their own budgets.
    expect((await h.get('/healthz')).status).toBe(200);
  });

  it('never limits the addresses LIANLIAN_NOTIFY_IP_ALLOWLIST names', async () => {
    h = await startHarness({ env: { LIANLIAN_RATE_LIMIT_PER_MINUTE: '1', LIANLIAN_NOTIFY_IP_ALLOWLIST: 'lianlian,127.0.0.1' } });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push((await badNotify(h, 'X1')).status, (await unsignedReturn(h, 'X1')).status);
    expect(answers).toEqual([200, 303, 200, 303, 200, 303, 200, 303]);
  });
});

import { createPublicKey } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rsaVerify } from '../src/crypto/sign.js';
import { startSandbox, type RunningSandbox } from '../src/start.js';
import { control, merchant, openCashier, signed, webFields } from './support/sandbox.js';

const dir = mkdtempSync(join(tmpdir(), 'sandbox-persist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Json = Record<string, string>;
const env = { SANDBOX_PORT: '0', SANDBOX_DATA_DIR: dir, SANDBOX_DATA_FILE: join(dir, 'state', 'sandbox.db') };

async function post(base: string, path: string, body: Json): Promise<Json> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json;charset=utf-8' }, body: JSON.stringify(body) });
  return (await res.json()) as Json;
}
const query = (f: Json): Json => signed({ oid_partner: f.oid_partner ?? '', sign_type: 'RSA', no_order: f.no_order ?? '', dt_order: f.dt_order ?? '' });

describe('SANDBOX_DATA_FILE: merchants and orders survive a restart', () => {
  it('keeps a registered merchant and a pending order across stop/start, answers the order query, and DELETE /__sandbox/data wipes both', async () => {
    let running: RunningSandbox = await startSandbox(env);
    const f = webFields();
    let paybill: string;
    try {
      expect(running.dataFile).toBe(env.SANDBOX_DATA_FILE);
      expect((await control(running.url, 'POST', '/merchants', merchant())).status).toBe(201);
      await openCashier(running.url, '/payment/bankgateway.htm', f);
      paybill = (await control<{ oid_paybill: string }>(running.url, 'GET', `/orders/${f.no_order}`)).json.oid_paybill;
    } finally {
      await running.stop();
    }
    expect(existsSync(env.SANDBOX_DATA_FILE)).toBe(true);

    running = await startSandbox(env);
    try {
      expect((await control<{ oid_partner: string }[]>(running.url, 'GET', '/merchants')).json.map((m) => m.oid_partner)).toEqual([f.oid_partner]);
      const answer = await post(running.url, '/orderquery.htm', query(f));
      expect(answer).toMatchObject({ ret_code: '0000', no_order: f.no_order, result_pay: 'WAITING', oid_paybill: paybill });
      const { bank_name: _b, memo: _m, card_no: _c, ...signedPart } = answer;
      expect(rsaVerify(signedPart, answer.sign ?? '', createPublicKey(running.sandbox.publicKey.pem)), 'signed with the same LianLian key').toBe(true);
      const order = (await control<{ events: { type: string }[] }>(running.url, 'GET', `/orders/${f.no_order}`)).json;
      expect(order.events.map((e) => e.type)).toContain('created');

      // Ids handed out before the restart are not handed out again.
      const next = webFields();
      await openCashier(running.url, '/payment/bankgateway.htm', next);
      expect((await control<{ oid_paybill: string }>(running.url, 'GET', `/orders/${next.no_order}`)).json.oid_paybill).not.toBe(paybill);

      expect(await control(running.url, 'DELETE', '/data')).toEqual({ status: 200, json: { deleted: true, file: env.SANDBOX_DATA_FILE } });
      expect((await control<unknown[]>(running.url, 'GET', '/merchants')).json).toEqual([]);
      expect((await control<unknown[]>(running.url, 'GET', '/orders')).json).toEqual([]);
    } finally {
      await running.stop();
    }

    running = await startSandbox(env);
    try {
      expect((await control<unknown[]>(running.url, 'GET', '/merchants')).json).toEqual([]);
      expect((await control<unknown[]>(running.url, 'GET', '/orders')).json).toEqual([]);
      expect(await post(running.url, '/orderquery.htm', query(f))).toMatchObject({ ret_code: '3001' });
    } finally {
      await running.stop();
    }
  });

  it('without SANDBOX_DATA_FILE keeps everything in memory', async () => {
    let running = await startSandbox({ SANDBOX_PORT: '0', SANDBOX_DATA_DIR: dir });
    try {
      expect(running.dataFile).toBeUndefined();
      expect((await control(running.url, 'POST', '/merchants', merchant())).status).toBe(201);
    } finally {
      await running.stop();
    }
    running = await startSandbox({ SANDBOX_PORT: '0', SANDBOX_DATA_DIR: dir });
    try {
      expect((await control<unknown[]>(running.url, 'GET', '/merchants')).json).toEqual([]);
    } finally {
      await running.stop();
    }
  });
});

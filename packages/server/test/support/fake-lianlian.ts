import { verify, type KeyObject } from 'node:crypto';
import express from 'express';
import { canonicalForTest, serve, signAsLianLian, type Served, type TestKeys } from './payments.js';

/**
 * A scripted stand-in for LianLian's query and refund APIs (spec §6) for tests: it checks the
 * merchant's MD5withRSA signature with the merchant public key and signs answers with "LianLian's"
 * test key. `answers` decides each reply; `requests` records what arrived.
 */
export type Answer = (request: Record<string, string>) => Record<string, string> | { status: number };

export interface FakeLianLian extends Served {
  requests: { path: string; fields: Record<string, string>; signatureValid: boolean }[];
  answers: Record<'/orderquery.htm' | '/refund.htm' | '/refundquery.htm', Answer>;
}

export async function fakeLianLian(keys: TestKeys, unsigned: Record<string, string> = {}): Promise<FakeLianLian> {
  const requests: FakeLianLian['requests'] = [];
  const answers: FakeLianLian['answers'] = {
    '/orderquery.htm': () => ({ ret_code: '8901', ret_msg: '没有记录' }),
    '/refund.htm': () => ({ ret_code: '9999', ret_msg: '系统错误' }),
    '/refundquery.htm': () => ({ ret_code: '8901', ret_msg: '没有记录' }),
  };
  const app = express.Router();
  app.post(/\.htm$/, express.text({ type: () => true }), (req, res) => {
    const fields = JSON.parse(req.body as string) as Record<string, string>;
    const path = req.path as keyof FakeLianLian['answers'];
    requests.push({ path, fields, signatureValid: checks(fields, keys.merchant.publicKey) });
    const answer = answers[path](fields);
    if ('status' in answer && typeof answer.status === 'number') {
      res.status(answer.status).end();
      return;
    }
    const body = answer as Record<string, string>;
    const signed = body.ret_code === '0000' ? { ...signAsLianLian(body, keys.lianlian.privateKey), ...unsigned } : body;
    res.type('application/json;charset=utf-8').send(JSON.stringify(signed));
  });
  const served = await serve(app);
  return { ...served, requests, answers };
}

function checks(fields: Record<string, string>, publicKey: KeyObject): boolean {
  if (!fields.sign) return false;
  return verify('md5', Buffer.from(canonicalForTest(fields), 'utf8'), publicKey, Buffer.from(fields.sign, 'base64'));
}

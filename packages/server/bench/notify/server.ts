/**
 * The benchmark's signing server: the app exactly as the multi-instance tests run it
 * (test/support/app-server.ts), plus the floor route `POST /bench/verify-only`, which parses and
 * verifies exactly like the notify route but writes nothing. Logs go to /dev/null through the
 * production logger (redaction, info level, buffered per LOG_FLUSH_MS), so the numbers include its cost.
 */
import { parseCallback, verifyFields } from '@lianlian-checkout/protocol';
import express from 'express';
import { runInstance } from '../../test/support/app-server.js';

await runInstance({
  logDestination: '/dev/null',
  logLevel: 'info',
  extra: (app, config) => {
    app.post('/bench/verify-only', express.raw({ type: () => true, limit: '64kb' }), (req, res) => {
      const { fields } = parseCallback({ body: req.body as Buffer, contentType: req.get('content-type') ?? '' });
      verifyFields(fields, config.verifier);
      const ok = fields.oid_partner === config.oidPartner;
      res.status(200).setHeader('Content-Type', 'application/json;charset=utf-8');
      res.end(JSON.stringify({ ret_code: ok ? '0000' : '9999', ret_msg: ok ? config.notifyAckMessage : 'wrong_merchant' }));
    });
  },
});

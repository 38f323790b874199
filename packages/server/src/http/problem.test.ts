import { describe, expect, it } from 'vitest';
import { HttpError } from '../errors.js';
import { problemBody, STANDARD_MEMBERS, toProblem } from './problem.js';

describe('problem documents (RFC 9457)', () => {
  it('never lets an error\'s details replace a standard member', () => {
    const details = Object.fromEntries([...STANDARD_MEMBERS].map((name) => [name, `from details: ${name}`]));
    const problem = toProblem(new HttpError('order_paid', 'Already paid.', { details: { ...details, order_status: 'paid' } }));
    if (!problem) throw new Error('an HttpError maps to a problem');
    expect(problemBody(problem, 'req-1')).toEqual({
      type: 'urn:lianlian-checkout:problem:order_paid', title: 'Order already paid', status: 409, code: 'order_paid',
      detail: 'Already paid.', requestId: 'req-1', retryable: false, order_status: 'paid',
    });
  });

  it('keeps field violations in `errors`', () => {
    const problem = toProblem(new HttpError('invalid_fields', 'Fix them.', { details: { violations: [{ field: 'a', rule: 'required', message: 'is required.' }] } }));
    expect(problem && problemBody(problem, 'r').errors).toEqual([{ field: 'a', rule: 'required', message: 'is required.' }]);
  });
});

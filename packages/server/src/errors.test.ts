import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  HttpError,
  LianLianUnavailableError,
  NotFoundError,
  NotReadyError,
  TokenExpiredError,
} from './errors.js';

describe('error classes', () => {
  it('a domain class keeps its own name, code, status and instanceof', () => {
    const error = new TokenExpiredError('Start a new order.', { details: { token: 't' } });
    expect(error).toBeInstanceOf(TokenExpiredError);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('TokenExpiredError');
    expect(error.code).toBe('token_expired');
    expect(error.status).toBe(410);
    expect(error.retryable).toBe(false);
    expect(error.details).toEqual({ token: 't' });
  });

  it('retryable defaults hold unless the caller overrides them', () => {
    expect(new LianLianUnavailableError('Try again.').retryable).toBe(true);
    expect(new NotReadyError('Not yet.').retryable).toBe(true);
    expect(new NotReadyError('Not yet.', { retryable: false }).retryable).toBe(false);
    expect(new LianLianUnavailableError('Try again.', { headers: { 'Retry-After': '1' } }).headers).toEqual({ 'Retry-After': '1' });
  });

  it('a status-named class takes the code it is given', () => {
    const error = new NotFoundError('order_not_found', 'No such order.');
    expect(error.name).toBe('NotFoundError');
    expect(error.status).toBe(404);
    expect(new BadRequestError('invalid_fields', 'Fix them.').name).toBe('BadRequestError');
    expect(error).not.toBeInstanceOf(BadRequestError);
  });
});

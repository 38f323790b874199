export * from './errors.js';
export * from './canonical.js';
export * from './sign.js';
export * from './keys.js';
export * from './money.js';
export * from './time.js';
export * from './products.js';

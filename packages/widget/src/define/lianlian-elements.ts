export * from './lianlian-checkout.js';
export * from './lianlian-order-status.js';

export { createSandbox, type Sandbox, type SandboxOptions } from './sandbox.js';
export type { Scheduler } from './callbacks/scheduler.js';
export { startSandbox, type RunningSandbox, type SandboxEnv, type StartSandboxOptions } from './start.js';
export { TEST_CARDS, type TestCard, type CardOutcome } from './lianlian/cards.js';
export type { MerchantInput } from './merchants.js';
export { jsonLineLogger, prettyLogger, terminalLogger, type SandboxLogger } from './logger.js';
export type { Product } from './lianlian/products.js';
export { FAULT_KINDS, type FaultKind } from './faults.js';
export { SandboxError, SandboxConfigError, LianLianRefusal } from './errors.js';

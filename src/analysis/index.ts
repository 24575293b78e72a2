/** The questions rules ask. Rules import from here, never from the catalogues directly. */
export * from './ast.js';
export * from './context.js';
export { type FileAnalysis, getFileAnalysis, memoize, memoTable, findVariable } from './file-analysis.js';
export { exportOf, isExport, kindOf, kindOfAnnotation, requiredModule, type Trace } from './origin.js';
export { describeChain, findReachable, locationOf, resolveCallTargets, type CallNode, type ChainStep, type Reached } from './reach.js';
export { exportKey, normalizeModule } from './registry.js';

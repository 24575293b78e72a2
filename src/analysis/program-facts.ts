import ts from 'typescript';

import type { FunctionNode } from './ast.js';
import type { HandlerInfo } from './context.js';
import type { FileAnalysis, TypeInfo } from './file-analysis.js';
import { routeFrameworks, routeObjectMethods, routeOptionsRegistrations } from './libraries/http.js';
import { consumerRegistrations, workerConstructors } from './libraries/queues.js';
import { kindOfType } from './typed-kind.js';

/**
 * Facts that need the whole program: which functions are registered as handlers in another
 * file (`router.post('/orders', createOrder)` in routes.ts, `createOrder` in controllers.ts).
 * Computed once per TypeScript program with one walk of the project's own files.
 */
export interface ProgramFacts {
  readonly handlers: ReadonlyMap<ts.Node, HandlerInfo>;
}

const factsByProgram = new WeakMap<ts.Program, ProgramFacts>();

/** Method names that register a route, middleware or consumer callback, in any catalogued framework. */
export const REGISTRATION_METHODS: ReadonlySet<string> = new Set<string>([
  ...routeFrameworks.flatMap((framework) => [...framework.routeMethods, ...framework.middlewareMethods]),
  ...consumerRegistrations.map((entry) => entry.method),
]);

export function programFacts(types: TypeInfo): ProgramFacts {
  const existing = factsByProgram.get(types.program);
  if (existing) return existing;
  const facts = computeFacts(types);
  factsByProgram.set(types.program, facts);
  return facts;
}

export function isProjectSourceFile(sourceFile: ts.SourceFile): boolean {
  return !sourceFile.isDeclarationFile && !sourceFile.fileName.includes('/node_modules/');
}

function computeFacts(types: TypeInfo): ProgramFacts {
  const { checker, program } = types;
  const handlers = new Map<ts.Node, HandlerInfo>();
  const record = (target: ts.Node, info: HandlerInfo) => {
    if (!handlers.has(target)) handlers.set(target, info);
  };
  // One walk of the project collects both the function names that gate the checker and the
  // registration-shaped calls; the calls are examined once every name is known.
  const registrations: ts.CallExpression[] = [];
  const optionRegistrations: ts.CallExpression[] = [];
  const workerConstructions: ts.NewExpression[] = [];
  const names = collectNames(program, (node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      if (REGISTRATION_METHODS.has(method) && node.arguments.some(isReference)) registrations.push(node);
      if (OPTIONS_METHODS.has(method) && node.arguments[0] && ts.isObjectLiteralExpression(node.arguments[0])) optionRegistrations.push(node);
    } else if (ts.isNewExpression(node) && node.arguments?.[1] && isReference(node.arguments[1])) {
      workerConstructions.push(node);
    }
  });
  for (const node of registrations) {
    // Syntax first: only a call passing a function only this walk can connect to its
    // registration reaches the checker's (often generic) receiver type.
    const targets = referencedFunctions(names, checker, node, node.arguments);
    if (targets.size === 0) continue;
    const expression = node.expression as ts.PropertyAccessExpression;
    const kind = kindOfType(checker, checker.getTypeAtLocation(expression.expression));
    if (kind) registration(node, expression.name.text, kind, targets, record);
  }
  for (const node of optionRegistrations) routeOptions(node, names, checker, record);
  for (const node of workerConstructions) {
    const processor = node.arguments?.[1];
    const target = processor && referencedFunctions(names, checker, node, [processor]).get(processor);
    if (!target) continue;
    const kind = kindOfType(checker, checker.getTypeAtLocation(node));
    const worker = workerConstructors.find((entry) => entry.kind === kind);
    if (worker) record(target, { type: 'retryable', framework: worker.framework, retryReason: 'job' });
  }
  return { handlers };
}

/**
 * The project functions among `args` that only the program can tie to this call. Inline
 * functions, and functions declared by name in the calling file (`function createOrder` or
 * `const createOrder = async () => …`), are found from the ESTree side by their references.
 */
function referencedFunctions(names: ReadonlySet<string>, checker: ts.TypeChecker, call: ts.Node, args: readonly ts.Expression[]): Map<ts.Expression, ts.Node> {
  const targets = new Map<ts.Expression, ts.Node>();
  for (const argument of args) {
    if (!isReference(argument)) continue;
    // `redis.get(key)`, `map.set(id, user.name)`: no project function has that name.
    if (!names.has(ts.isIdentifier(argument) ? argument.text : (argument as ts.PropertyAccessExpression).name.text)) continue;
    const target = functionDeclarationOf(checker, argument);
    if (target && !(target.getSourceFile() === call.getSourceFile() && isNamedBinding(target))) targets.set(argument, target);
  }
  return targets;
}

function isNamedBinding(declaration: ts.Node): boolean {
  if (ts.isFunctionDeclaration(declaration)) return declaration.name !== undefined;
  const parent = declaration.parent;
  return (ts.isArrowFunction(declaration) || ts.isFunctionExpression(declaration)) && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name) && parent.initializer === declaration;
}

function registration(
  node: ts.CallExpression,
  method: string,
  kind: string,
  targets: ReadonlyMap<ts.Expression, ts.Node>,
  record: (target: ts.Node, info: HandlerInfo) => void,
): void {
  const framework = routeFrameworks.find((candidate) => candidate.registrars.includes(kind));
  if (framework) {
    const isRoute = framework.routeMethods.has(method);
    if (!isRoute && !framework.middlewareMethods.has(method)) return;
    if (routeObjectMethods.has(method)) {
      // The method and path are inside the route object; only the second argument handles requests.
      const handler = node.arguments[1] && targets.get(node.arguments[1]);
      if (handler) record(handler, { type: 'http', framework: framework.framework, params: framework.handlerParams });
      return;
    }
    const first = node.arguments[0];
    const path = first && ts.isStringLiteralLike(first) ? first.text : undefined;
    const info: HandlerInfo = {
      type: 'http',
      framework: framework.framework,
      ...(isRoute ? { method: method.toUpperCase() } : {}),
      ...(path === undefined ? {} : { path }),
      params: framework.handlerParams,
    };
    for (const target of targets.values()) record(target, info);
    return;
  }
  const consumer = consumerRegistrations.find((entry) => entry.kind === kind && entry.method === method);
  if (consumer) {
    const info: HandlerInfo = { type: 'retryable', framework: consumer.framework, retryReason: consumer.framework === 'amqplib' ? 'message' : 'job' };
    for (const target of targets.values()) record(target, info);
  }
}

const OPTIONS_METHODS: ReadonlySet<string> = new Set(routeOptionsRegistrations.map((entry) => entry.method));

/** `fastify.route({ method, url, handler: controller.list })`: the handler and hooks named in the options. */
function routeOptions(
  node: ts.CallExpression,
  names: ReadonlySet<string>,
  checker: ts.TypeChecker,
  record: (target: ts.Node, info: HandlerInfo) => void,
): void {
  const options = node.arguments[0] as ts.ObjectLiteralExpression;
  const method = (node.expression as ts.PropertyAccessExpression).name.text;
  const candidates = routeOptionsRegistrations.filter((entry) => entry.method === method);
  const values = new Map<string, ts.Expression>();
  for (const property of options.properties) {
    if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name)) values.set(property.name.text, property.initializer);
  }
  const handlers = [...values].filter(([key, value]) => candidates.some((entry) => entry.handlerKeys.has(key)) && isReference(value)).map(([, value]) => value);
  const targets = referencedFunctions(names, checker, node, handlers);
  if (targets.size === 0) return;
  const kind = kindOfType(checker, checker.getTypeAtLocation((node.expression as ts.PropertyAccessExpression).expression));
  const registration = candidates.find((entry) => entry.registrar === kind);
  if (!registration) return;
  const text = (key: string) => {
    const value = values.get(key);
    return value && ts.isStringLiteralLike(value) ? value.text : undefined;
  };
  const path = text(registration.pathKey);
  const verb = text(registration.methodKey);
  const info: HandlerInfo = {
    type: 'http',
    framework: registration.framework,
    ...(verb === undefined ? {} : { method: verb.toUpperCase() }),
    ...(path === undefined ? {} : { path }),
    params: registration.params,
  };
  for (const target of targets.values()) record(target, info);
}

function isReference(node: ts.Expression): boolean {
  return ts.isIdentifier(node) || ts.isPropertyAccessExpression(node);
}

/** The function a reference denotes, across imports and re-exports, when it is the project's own. */
export function functionDeclarationOf(checker: ts.TypeChecker, reference: ts.Node): ts.Node | undefined {
  let symbol = checker.getSymbolAtLocation(reference);
  if (!symbol) return undefined;
  if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
  if (!declaration || !isProjectSourceFile(declaration.getSourceFile())) return undefined;
  if (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) return declaration;
  if ((ts.isVariableDeclaration(declaration) || ts.isPropertyAssignment(declaration) || ts.isPropertyDeclaration(declaration)) && declaration.initializer) {
    const initializer = skipOuterExpressions(declaration.initializer);
    if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) return initializer;
  }
  return undefined;
}

function skipOuterExpressions(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current)) {
    current = current.expression;
  }
  return current;
}

const functionNamesByProgram = new WeakMap<ts.Program, ReadonlySet<string>>();

/**
 * Names of the project's own functions and methods, the only names `functionDeclarationOf` can
 * answer for. Asking the checker about `res.json` costs a resolution of Express's generic types;
 * when no project function is called `json`, the answer is known without it.
 */
export function projectFunctionNames(program: ts.Program): ReadonlySet<string> {
  return functionNamesByProgram.get(program) ?? collectNames(program, () => undefined);
}

/** Walks the project's own files once, collecting function names and showing every node to `also`. */
function collectNames(program: ts.Program, also: (node: ts.Node) => void): ReadonlySet<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    let name: string | undefined;
    if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name) name = staticName(node.name);
    else if ((ts.isVariableDeclaration(node) || ts.isPropertyAssignment(node) || ts.isPropertyDeclaration(node)) && node.initializer && isFunctionValue(node.initializer)) {
      name = staticName(node.name);
    }
    if (name !== undefined) names.add(name);
    also(node);
    ts.forEachChild(node, visit);
  };
  for (const sourceFile of program.getSourceFiles()) {
    if (isProjectSourceFile(sourceFile)) visit(sourceFile);
  }
  functionNamesByProgram.set(program, names);
  return names;
}

function isFunctionValue(node: ts.Expression): boolean {
  const initializer = skipOuterExpressions(node);
  return ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer);
}

/** Computed names are skipped: only `obj[expr]()` can call them, and that is not a gated `obj.name()`. */
function staticName(name: ts.PropertyName | ts.BindingName): string | undefined {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

export function crossFileHandler(analysis: FileAnalysis, fn: FunctionNode): HandlerInfo | undefined {
  const types = analysis.types;
  if (!types) return undefined;
  const handlers = programFacts(types).handlers;
  if (handlers.size === 0) return undefined;
  const tsNode = types.services.esTreeNodeToTSNodeMap.get(fn);
  return handlers.get(tsNode);
}

import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { nearestFunction, staticMemberName, staticString, unwrap, walk } from './ast.js';
import { type FileAnalysis, findVariable } from './file-analysis.js';
import { exportOf, kindOf } from './origin.js';
import { normalizeExportPath, normalizeModule } from './registry.js';
import { constructionOf, resolveConstant } from './values.js';

/**
 * File-system writes: calls that create, change or delete files on this machine's disk.
 * Shared by the `no-local-fs-write-in-handler` rule and the audit report.
 */

/** Modules whose exports write files; `fs` also through `fs.promises`. */
const FS_MODULES: ReadonlySet<string> = new Set(['fs', 'fs/promises', 'fs-extra', 'fs-extra/esm', 'graceful-fs']);

/**
 * Writing methods and the argument that names the file written (the destination for
 * rename/copy). Node's fs API (callback, promise and Sync forms) plus fs-extra's additions.
 */
const NODE_WRITES: Readonly<Record<string, number>> = {
  writeFile: 0,
  appendFile: 0,
  createWriteStream: 0,
  mkdir: 0,
  rename: 1,
  copyFile: 1,
  cp: 1,
  rm: 0,
  rmdir: 0,
  unlink: 0,
  truncate: 0,
  symlink: 1,
  link: 1,
};

const FS_EXTRA_WRITES: Readonly<Record<string, number>> = {
  outputFile: 0,
  outputJson: 0,
  outputJSON: 0,
  writeJson: 0,
  writeJSON: 0,
  ensureDir: 0,
  ensureFile: 0,
  createFile: 0,
  mkdirs: 0,
  mkdirp: 0,
  ensureLink: 1,
  ensureSymlink: 1,
  remove: 0,
  emptyDir: 0,
  move: 1,
  copy: 1,
};

const WRITE_METHODS: ReadonlyMap<string, { readonly base: string; readonly pathIndex: number; readonly fsExtraOnly: boolean }> = new Map(
  [
    ...Object.entries(NODE_WRITES).map(([name, index]) => [name, index, false] as const),
    ...Object.entries(FS_EXTRA_WRITES).map(([name, index]) => [name, index, true] as const),
  ].flatMap(([name, index, fsExtraOnly]) => [
    [name, { base: name, pathIndex: index, fsExtraOnly }] as const,
    // createWriteStream has no Sync form; the entry is harmless.
    [`${name}Sync`, { base: name, pathIndex: index, fsExtraOnly }] as const,
  ]),
);

export interface FsWrite {
  readonly call: TSESTree.CallExpression;
  /** `fs`, `fs/promises`, `fs-extra`… (without `node:`). */
  readonly module: string;
  /** The method as called: `writeFileSync`. */
  readonly method: string;
  /** The argument naming the file written, if given. */
  readonly pathArgument: TSESTree.Node | undefined;
  /** Removes files rather than creating or changing them. */
  readonly deletes: boolean;
}

const DELETING: ReadonlySet<string> = new Set(['rm', 'rmdir', 'unlink', 'remove', 'emptyDir']);

/** Cheap gate: the callee's name is a writing method's name. */
export function isFsWriteShaped(call: TSESTree.CallExpression): boolean {
  const callee = unwrap(call.callee);
  const name =
    callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? staticMemberName(callee) : undefined;
  return name !== undefined && WRITE_METHODS.has(name);
}

/** The write this call performs, when it is a file-system write from fs, fs/promises or fs-extra. */
export function fsWriteCall(analysis: FileAnalysis, call: TSESTree.CallExpression): FsWrite | undefined {
  if (!isFsWriteShaped(call)) return undefined;
  const ref = exportOf(analysis, call.callee);
  if (!ref) return undefined;
  const module = normalizeModule(ref.package);
  if (!FS_MODULES.has(module)) return undefined;
  const path = normalizeExportPath(ref.path);
  const method = path.at(-1);
  const info = method === undefined ? undefined : WRITE_METHODS.get(method);
  if (!info || method === undefined) return undefined;
  const prefix = path.slice(0, -1);
  const viaPromises = prefix.length === 1 && prefix[0] === 'promises' && module !== 'fs/promises';
  if (prefix.length > 0 && !viaPromises) return undefined;
  const isFsExtra = module.startsWith('fs-extra');
  if (info.fsExtraOnly && !isFsExtra) return undefined;
  return { call, module, method, pathArgument: call.arguments[info.pathIndex], deletes: DELETING.has(info.base) };
}

const MAX_DEPTH = 8;

/**
 * Does this path expression point under the OS temporary directory? `os.tmpdir()`,
 * `path.join(os.tmpdir(), …)`, `` `${tmpdir()}/x` ``, `'/tmp/…'`, a directory made by
 * `mkdtemp(path.join(os.tmpdir(), 'x-'))`, and consts bound to any of these.
 */
export function isUnderTmpdir(analysis: FileAnalysis, input: TSESTree.Node | undefined, depth = 0): boolean {
  if (!input || depth > MAX_DEPTH) return false;
  const node = unwrap(input);
  switch (node.type) {
    case AST_NODE_TYPES.Literal:
    case AST_NODE_TYPES.TemplateLiteral: {
      const text = staticString(node);
      if (text !== undefined) return isTmpLiteral(text);
      if (node.type !== AST_NODE_TYPES.TemplateLiteral) return false;
      const head = node.quasis[0]?.value.cooked ?? '';
      if (isTmpLiteral(head)) return true;
      return head === '' && isUnderTmpdir(analysis, node.expressions[0], depth + 1);
    }
    case AST_NODE_TYPES.BinaryExpression:
      return node.operator === '+' && isUnderTmpdir(analysis, node.left, depth + 1);
    case AST_NODE_TYPES.CallExpression:
      return tmpdirCall(analysis, node, depth);
    case AST_NODE_TYPES.Identifier: {
      const resolved = resolveConstant(analysis, node);
      if (resolved && resolved.node !== node) return isUnderTmpdir(resolved.analysis, resolved.node, depth + 1);
      const construction = constructionOf(analysis, node);
      return construction?.node.type === AST_NODE_TYPES.CallExpression && tmpdirCall(construction.analysis, construction.node, depth + 1);
    }
    default:
      return false;
  }
}

function isTmpLiteral(text: string): boolean {
  return text === '/tmp' || text.startsWith('/tmp/');
}

const PATH_JOINERS = new Set(['join', 'resolve']);
const MKDTEMP = new Set(['mkdtemp', 'mkdtempSync']);

function tmpdirCall(analysis: FileAnalysis, call: TSESTree.CallExpression, depth: number): boolean {
  const ref = exportOf(analysis, call.callee);
  if (!ref) return false;
  const module = normalizeModule(ref.package);
  const path = normalizeExportPath(ref.path);
  const name = path.at(-1);
  if (name === undefined) return false;
  if (module === 'os' && path.length === 1 && name === 'tmpdir') return true;
  if ((module === 'path' || module === 'path/posix' || module === 'path/win32') && PATH_JOINERS.has(name)) {
    return isUnderTmpdir(analysis, call.arguments[0], depth + 1);
  }
  if (FS_MODULES.has(module) && MKDTEMP.has(name)) return isUnderTmpdir(analysis, call.arguments[0], depth + 1);
  return false;
}

const REQUEST_KINDS: ReadonlySet<string> = new Set(['express.request', 'fastify.request']);

/**
 * Per-call scratch files, which leave nothing behind for another request to miss: a file
 * created and removed by the same function (`writeFile(p)` … `finally { rm(p) }`, also under a
 * directory variable), and removing the temporary file an upload middleware such as multer
 * stored for this request (`unlink(req.file.path)`).
 */
export function isScratchWrite(analysis: FileAnalysis, write: FsWrite): boolean {
  if (write.deletes && isUploadedFilePath(analysis, write.pathArgument)) return true;
  const root = pathRoot(analysis, write.pathArgument);
  if (!root) return false;
  const variable = findVariable(analysis, root);
  const fn = nearestFunction(write.call);
  if (!variable || !fn) return false;
  let paired = false;
  walk(fn.body, (node) => {
    if (paired) return false;
    if (node.type !== AST_NODE_TYPES.CallExpression || node === write.call) return undefined;
    const other = fsWriteCall(analysis, node);
    if (!other || other.deletes === write.deletes) return undefined;
    const otherRoot = pathRoot(analysis, other.pathArgument);
    paired = otherRoot !== undefined && findVariable(analysis, otherRoot) === variable;
    return undefined;
  });
  return paired;
}

/** The variable a path is built from: `p`, `path.join(dir, 'x')`, `` `${dir}/x` ``, `dir + '/x'`. */
function pathRoot(analysis: FileAnalysis, input: TSESTree.Node | undefined, depth = 0): TSESTree.Identifier | undefined {
  if (!input || depth > MAX_DEPTH) return undefined;
  const node = unwrap(input);
  switch (node.type) {
    case AST_NODE_TYPES.Identifier:
      return node;
    case AST_NODE_TYPES.TemplateLiteral:
      return node.quasis[0]?.value.cooked === '' ? pathRoot(analysis, node.expressions[0], depth + 1) : undefined;
    case AST_NODE_TYPES.BinaryExpression:
      return node.operator === '+' ? pathRoot(analysis, node.left, depth + 1) : undefined;
    case AST_NODE_TYPES.CallExpression: {
      const ref = exportOf(analysis, node.callee);
      const name = ref ? normalizeExportPath(ref.path).at(-1) : undefined;
      const module = ref ? normalizeModule(ref.package) : undefined;
      return module?.startsWith('path') === true && name !== undefined && PATH_JOINERS.has(name) ? pathRoot(analysis, node.arguments[0], depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

/** `req.file.path`, `req.files[0].path`, `request.file.path` on a request object. */
function isUploadedFilePath(analysis: FileAnalysis, input: TSESTree.Node | undefined): boolean {
  if (!input) return false;
  let node = unwrap(input);
  if (node.type !== AST_NODE_TYPES.MemberExpression || staticMemberName(node) !== 'path') return false;
  let sawFile = false;
  while (node.type === AST_NODE_TYPES.MemberExpression) {
    const name = staticMemberName(node);
    if (name === 'file' || name === 'files') sawFile = true;
    node = unwrap(node.object);
  }
  if (!sawFile || node.type !== AST_NODE_TYPES.Identifier) return false;
  const kind = kindOf(analysis, node);
  return kind !== undefined && REQUEST_KINDS.has(kind);
}

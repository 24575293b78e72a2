/**
 * The shapes library knowledge is written in. Catalogues are plain data so that rules, the CLI
 * and the codemods read the same facts, and so a new library is a data change.
 */

/** A declared type: the name of a class/interface/alias and the package whose .d.ts declares it. */
export interface TypeRef {
  readonly package: string;
  readonly name: string;
}

/**
 * A value exported by a module: `path` walks from the module namespace, so
 * `['default']` is the default export, `['Router']` a named export and `['default', 'Router']`
 * is `express.Router` reached through the default import.
 */
export interface ExportRef {
  readonly package: string;
  readonly path: readonly string[];
}

/** One kind of object the rules ask about ("a BullMQ queue", "an Express response"). */
export interface InstanceKind {
  readonly kind: string;
  /** Declared types of instances. Matched by the checker, and by type annotations without it. */
  readonly types?: readonly TypeRef[];
  /** `new X(...)` with X one of these creates an instance. */
  readonly constructors?: readonly ExportRef[];
  /** `x(...)` with x one of these returns an instance. */
  readonly factories?: readonly ExportRef[];
  /** `instance.member` (any member when `member` is `*`) is an instance of another kind. */
  readonly members?: readonly { readonly member: string; readonly kind: string }[];
  /** `instance.method(...)` returns an instance of another kind. */
  readonly methodResults?: readonly { readonly method: string; readonly kind: string }[];
}

/** Package families: a type declared in any of these packages belongs to the first. */
export interface PackageFamily {
  readonly canonical: string;
  readonly packages: readonly string[];
}

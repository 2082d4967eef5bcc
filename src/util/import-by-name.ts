/**
 * `import(name)` with the name as a parameter: a bundler sees no specifier to follow (an inlined
 * constant would become a literal `import("node:os")`, which browser builds cannot resolve).
 * Node resolves it from node_modules or its built-ins.
 */
export function importByName<T>(name: string): Promise<T> {
  return import(/* @vite-ignore */ /* webpackIgnore: true */ name) as Promise<T>;
}

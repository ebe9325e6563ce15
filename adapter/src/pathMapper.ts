// PathMapper: the `sourceMap` launch argument. It maps compile-time path
// prefixes (as the debug information names files) to local prefixes (as the
// editor names them) and back. Prefixes match whole path components, and the
// longest matching prefix wins.
import { describeValue, UserError } from './errors';

interface PrefixPair {
  from: string;
  to: string;
}

function trimTrailingSlash(prefix: string): string {
  return prefix.length > 1 && prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
}

function replacePrefix(file: string, pairs: PrefixPair[]): string {
  for (const { from, to } of pairs) {
    if (file === from) return to;
    if (file.startsWith(from) && (from.endsWith('/') || file.charCodeAt(from.length) === 47) /* '/' */) {
      const rest = from.endsWith('/') ? file.slice(from.length) : file.slice(from.length + 1);
      return to.endsWith('/') ? to + rest : `${to}/${rest}`;
    }
  }
  return file;
}

export class PathMapper {
  private readonly toLocalPairs: PrefixPair[];
  private readonly toCompiledPairs: PrefixPair[];

  /** `sourceMap`: compile-time prefix → local prefix. */
  constructor(sourceMap: Record<string, string> = {}) {
    const pairs = Object.entries(sourceMap).map(([compiled, local]) => ({
      compiled: trimTrailingSlash(compiled),
      local: trimTrailingSlash(local),
    }));
    this.toLocalPairs = pairs.map((p) => ({ from: p.compiled, to: p.local })).sort((a, b) => b.from.length - a.from.length);
    this.toCompiledPairs = pairs.map((p) => ({ from: p.local, to: p.compiled })).sort((a, b) => b.from.length - a.from.length);
  }

  /** Validates the `sourceMap` launch argument; undefined gives an empty map. */
  static fromLaunchArgument(value: unknown): PathMapper {
    if (value === undefined || value === null) return new PathMapper();
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new UserError(
        'InvalidArguments',
        'The launch argument \'sourceMap\' must be an object mapping compile-time path prefixes to local ones, e.g. {"/build/src": "${workspaceFolder}/src"}.',
      );
    }
    const map: Record<string, string> = {};
    for (const [compiled, local] of Object.entries(value)) {
      if (typeof local !== 'string' || compiled === '' || local === '') {
        throw new UserError(
          'InvalidArguments',
          `The launch argument 'sourceMap' maps ${describeValue(compiled)} to ${describeValue(local)}; both sides must be non-empty path strings.`,
        );
      }
      map[compiled] = local;
    }
    return new PathMapper(map);
  }

  get isEmpty(): boolean {
    return this.toLocalPairs.length === 0;
  }

  /** A path from the debug information, as the editor should see it. */
  toLocal(compiledPath: string): string {
    return this.isEmpty ? compiledPath : replacePrefix(compiledPath, this.toLocalPairs);
  }

  /** A path from the editor, as the debug information names it. */
  toCompiled(localPath: string): string {
    return this.isEmpty ? localPath : replacePrefix(localPath, this.toCompiledPairs);
  }
}

import { compilePattern } from "./pattern.js";
import type { Policy, Statement } from "./types.js";

/** Statements keyed by a literal string that a matching resource must start (or end) with. */
class Keyed<T> {
  readonly byKey = new Map<string, T>();
  private lengths: number[] = [];

  entry(key: string, make: () => T): T {
    let value = this.byKey.get(key);
    if (value === undefined) this.byKey.set(key, (value = make()));
    return value;
  }

  seal(): void {
    this.lengths = [...new Set([...this.byKey.keys()].map((k) => k.length))].sort((a, b) => a - b);
  }

  /** Every value whose key is a prefix (or, `fromEnd`, a suffix) of `resource`. */
  *find(resource: string, fromEnd: boolean): Generator<T> {
    for (const length of this.lengths) {
      if (length > resource.length) break;
      const value = this.byKey.get(
        fromEnd ? resource.slice(resource.length - length) : resource.slice(0, length),
      );
      if (value !== undefined) yield value;
    }
  }
}

/**
 * Statements that may apply to one action service: those to check always (NotResource, `*`), and
 * the others keyed by each resource pattern's literal prefix, then by its literal suffix (the text
 * after its last wildcard or variable), both of which a matching resource must have.
 */
class ResourceIndex {
  private readonly always: Statement[] = [];
  private readonly keyed = new Keyed<Keyed<Statement[]>>();

  add(statement: Statement): void {
    const patterns = statement.resource.not
      ? []
      : statement.resource.patterns.map((r) =>
          compilePattern(r, { glob: true, variables: statement.policy.variables }),
        );
    if (patterns.length === 0 || patterns.some((p) => p.prefix === "")) {
      this.always.push(statement);
      return;
    }
    for (const p of patterns) {
      // A short ARN is padded with `*` segments: its own last text is then no suffix of a match.
      const suffix = p.colons < 5 ? "" : p.suffix;
      const list = this.keyed.entry(p.prefix, () => new Keyed<Statement[]>()).entry(suffix, () => []);
      if (!list.includes(statement)) list.push(statement);
    }
  }

  seal(): void {
    this.keyed.seal();
    for (const bySuffix of this.keyed.byKey.values()) bySuffix.seal();
  }

  collect(resource: string, into: Statement[]): void {
    for (const s of this.always) into.push(s);
    for (const bySuffix of this.keyed.find(resource, false)) {
      for (const list of bySuffix.find(resource, true)) for (const s of list) into.push(s);
    }
  }
}

// The service part of an action pattern (`execute-api:Invoke` -> `execute-api`), when it has no wildcard.
function serviceOf(pattern: string): string | undefined {
  const colon = pattern.indexOf(":");
  if (colon <= 0) return undefined;
  const service = pattern.slice(0, colon).toLowerCase();
  return /[*?]/.test(service) ? undefined : service;
}

/**
 * The statements of a set of policies, indexed by action service and resource prefix, so that a
 * request checks only the statements that could apply to it: 1,000 route statements cost about
 * what 10 do. The candidates come back in policy order.
 */
export class StatementIndex {
  private readonly anyService = new ResourceIndex();
  private readonly byService = new Map<string, ResourceIndex>();
  private readonly order = new Map<Statement, number>();

  constructor(policies: readonly Policy[]) {
    for (const policy of policies) {
      for (const statement of policy.statements) {
        this.order.set(statement, this.order.size);
        const services = statement.action.not ? [undefined] : statement.action.patterns.map(serviceOf);
        if (services.includes(undefined)) {
          this.anyService.add(statement);
          continue;
        }
        for (const service of new Set(services as string[])) {
          let index = this.byService.get(service);
          if (index === undefined) this.byService.set(service, (index = new ResourceIndex()));
          index.add(statement);
        }
      }
    }
    this.anyService.seal();
    for (const index of this.byService.values()) index.seal();
  }

  /** The statements that could apply to `action` on `resource`, each once, in policy order. */
  candidates(action: string, resource: string): Statement[] {
    const found: Statement[] = [];
    this.anyService.collect(resource, found);
    const colon = action.indexOf(":");
    if (colon > 0) this.byService.get(action.slice(0, colon).toLowerCase())?.collect(resource, found);
    if (found.length < 2) return found;
    const unique = [...new Set(found)];
    return unique.sort((a, b) => this.order.get(a)! - this.order.get(b)!);
  }
}

import { compilePattern } from "./pattern.js";
import type { Policy, Statement } from "./types.js";

/** Statements that may apply to one action: those to check always, and those keyed by a resource prefix. */
class ResourceIndex {
  readonly always: Statement[] = [];
  readonly byPrefix = new Map<string, Statement[]>();
  lengths: number[] = [];

  add(statement: Statement): void {
    const prefixes = statement.resource.not ? [] : statement.resource.patterns.map((r) => compilePattern(r, { glob: true, variables: statement.policy.variables }).prefix);
    // A statement is only reachable through a prefix if every one of its resources has one.
    if (prefixes.length === 0 || prefixes.some((p) => p === "")) {
      this.always.push(statement);
      return;
    }
    for (const prefix of new Set(prefixes)) {
      const list = this.byPrefix.get(prefix);
      if (list === undefined) this.byPrefix.set(prefix, [statement]);
      else list.push(statement);
    }
  }

  seal(): void {
    this.lengths = [...new Set([...this.byPrefix.keys()].map((k) => k.length))].sort((a, b) => a - b);
  }

  collect(resource: string, into: Statement[]): void {
    for (const s of this.always) into.push(s);
    for (const length of this.lengths) {
      if (length > resource.length) break;
      const list = this.byPrefix.get(resource.slice(0, length));
      if (list !== undefined) for (const s of list) into.push(s);
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

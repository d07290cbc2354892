import { describe, expect, it } from "vitest";
import { createGateway } from "./app.js";
import { resolveConfig } from "./config.js";
import { configTokenExchange, tokenExchangePolicies } from "./config-token-exchange.js";
import { parsePolicy } from "./policy/parse.js";
import { OptionsError } from "./util/validate.js";

const ALLOW = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "cognito-idp:TokenExchange", Resource: "*" }],
};

function thrown(f: () => unknown): OptionsError {
  try {
    f();
  } catch (error) {
    if (error instanceof OptionsError) return error;
    throw error;
  }
  throw new Error("did not throw");
}

describe("configTokenExchange", () => {
  it("is absent by default, and kept as given", () => {
    expect(resolveConfig({}).tokenExchange).toBeUndefined();
    const value = { policies: ["exchange", ALLOW] };
    expect(configTokenExchange(value)).toBe(value);
  });

  it("names what is wrong", () => {
    expect(thrown(() => configTokenExchange({ policy: [] })).path).toBe("tokenExchange.policy");
    expect(thrown(() => configTokenExchange({ policies: ALLOW })).path).toBe("tokenExchange.policies");
    expect(thrown(() => configTokenExchange({ policies: [42] })).path).toBe("tokenExchange.policies[0]");
    expect(thrown(() => configTokenExchange({ policies: ["../x"] })).path).toBe("tokenExchange.policies[0]");
    const bad = thrown(() =>
      configTokenExchange({ policies: [{ Version: "2012-10-17", Statement: [{ Effect: "Permit" }] }] }),
    );
    expect(bad.path).toBe("tokenExchange.policies[0]");
    expect(bad.problem).toMatch(/Effect/);
    // An identity policy: a Principal makes it a resource policy.
    const principal = { ...ALLOW, Statement: [{ ...ALLOW.Statement[0], Principal: "*" }] };
    expect(thrown(() => configTokenExchange({ policies: [principal] })).path).toBe(
      "tokenExchange.policies[0]",
    );
  });
});

describe("tokenExchangePolicies", () => {
  it("parses documents and finds names among the policy files", () => {
    const file = parsePolicy(ALLOW, "policies/exchange.json");
    const policies = tokenExchangePolicies({ policies: ["exchange", ALLOW] }, { exchange: file });
    expect(policies[0]).toBe(file);
    expect(policies[1]!.statements[0]!.effect).toBe("Allow");
    expect(tokenExchangePolicies(undefined, undefined)).toEqual([]);
  });

  it("refuses a name with no file, and a resource policy by name", () => {
    expect(thrown(() => tokenExchangePolicies({ policies: ["exchange"] }, undefined)).problem).toMatch(
      /no policy named "exchange" \(there is no policies directory/,
    );
    expect(thrown(() => tokenExchangePolicies({ policies: [ALLOW, "exchange"] }, {})).path).toBe(
      "tokenExchange.policies[1]",
    );
    const resourcePolicy = parsePolicy(
      { ...ALLOW, Statement: [{ ...ALLOW.Statement[0], Principal: "*" }] },
      "policies/open.json",
      { kind: "resource" },
    );
    expect(
      thrown(() => tokenExchangePolicies({ policies: ["open"] }, { open: resourcePolicy })).problem,
    ).toMatch(/names no Principal/);
  });

  it("stops createGateway on a name with no file", () => {
    expect(thrown(() => createGateway({ tokenExchange: { policies: ["missing"] } })).path).toBe(
      "tokenExchange.policies[0]",
    );
  });
});

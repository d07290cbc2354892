import { describe, expect, it } from "vitest";
import { applyEnv } from "./config-env.js";
import { ConfigError, parseConfigText, resolveConfig } from "./config.js";
import { OptionsError } from "./util/validate.js";

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("did not throw");
}

const DEFAULTS = {
  region: "us-east-1",
  publicUrl: undefined,
  routes: [],
  assertionKey: undefined,
  trustedProxies: [],
  trustedProxiesOnly: false,
  caseInsensitivePaths: false,
  hostedUi: { domainSuffix: "localhost", pkce: "public-clients" },
  federation: { endpointOrigins: {}, allowLoopbackHttp: false },
  triggers: { timeoutMs: 5000, moduleThreads: 2, functions: {}, lambda: undefined, senderKey: undefined },
  roles: {},
  openIdConnectProviders: [],
  tokenExchange: undefined,
  retention: { authEventDays: 730, intervalSeconds: 60, batchSize: 500 },
};

describe("resolveConfig: federation", () => {
  it("is off by default, takes an origin map and the loopback switch, and names a bad entry", () => {
    expect(resolveConfig({}).federation).toEqual({ endpointOrigins: {}, allowLoopbackHttp: false });
    const origins = { "https://accounts.google.com": "http://127.0.0.1:4001" };
    expect(
      resolveConfig({ federation: { endpointOrigins: origins, allowLoopbackHttp: true } }).federation,
    ).toEqual({ endpointOrigins: origins, allowLoopbackHttp: true });
    expect(
      thrown(() =>
        resolveConfig({ federation: { endpointOrigins: { "https://a.test/": "http://127.0.0.1:1" } } }),
      ).message,
    ).toMatch(/federation\.endpointOrigins/);
    expect(
      thrown(() =>
        resolveConfig({ federation: { endpointOrigins: { "https://a.test": "http://127.0.0.1:1/x" } } }),
      ).message,
    ).toMatch(/no path/);
    expect(
      thrown(() => resolveConfig({ federation: { endpointOrigins: { "https://a.test": 1 } } })),
    ).toBeInstanceOf(OptionsError);
    expect(thrown(() => resolveConfig({ federation: { allowLoopbackHttp: "yes" } })).message).toMatch(
      /federation\.allowLoopbackHttp/,
    );
    expect(thrown(() => resolveConfig({ federation: { origins: {} } }))).toBeInstanceOf(OptionsError);
  });

  it("reads COGNATE_FEDERATION_ENDPOINT_ORIGINS and COGNATE_FEDERATION_LOOPBACK_HTTP, naming them in errors", () => {
    const base = resolveConfig({});
    const env = applyEnv(base, {
      COGNATE_FEDERATION_ENDPOINT_ORIGINS:
        "https://accounts.google.com=http://127.0.0.1:4001, https://appleid.apple.com=http://127.0.0.1:4002",
      COGNATE_FEDERATION_LOOPBACK_HTTP: "true",
    });
    expect(env.federation).toEqual({
      endpointOrigins: {
        "https://accounts.google.com": "http://127.0.0.1:4001",
        "https://appleid.apple.com": "http://127.0.0.1:4002",
      },
      allowLoopbackHttp: true,
    });
    expect(thrown(() => applyEnv(base, { COGNATE_FEDERATION_LOOPBACK_HTTP: "on" })).message).toContain(
      "COGNATE_FEDERATION_LOOPBACK_HTTP",
    );
    expect(
      thrown(() => applyEnv(base, { COGNATE_FEDERATION_ENDPOINT_ORIGINS: "https://a.test" })).message,
    ).toContain("COGNATE_FEDERATION_ENDPOINT_ORIGINS");
  });
});

describe("resolveConfig: hostedUi", () => {
  it("takes a domain suffix and a PKCE policy, and names a bad one", () => {
    expect(
      resolveConfig({ hostedUi: { domainSuffix: "auth.example.com", pkce: "all-clients" } }).hostedUi,
    ).toEqual({
      domainSuffix: "auth.example.com",
      pkce: "all-clients",
    });
    expect(resolveConfig({ hostedUi: {} }).hostedUi).toEqual(DEFAULTS.hostedUi);
    expect(thrown(() => resolveConfig({ hostedUi: { domainSuffix: "Auth.Example.com" } })).message).toMatch(
      /hostedUi\.domainSuffix/,
    );
    expect(thrown(() => resolveConfig({ hostedUi: { domainSuffix: ".example.com" } }))).toBeInstanceOf(
      OptionsError,
    );
    expect(thrown(() => resolveConfig({ hostedUi: { pkce: "plain" } })).message).toMatch(/hostedUi\.pkce/);
    expect(thrown(() => resolveConfig({ hostedUi: { suffix: "x" } }))).toBeInstanceOf(OptionsError);
  });

  it("reads COGNATE_DOMAIN_SUFFIX and COGNATE_PKCE, naming them in errors", () => {
    const base = resolveConfig({ hostedUi: { pkce: "optional" } });
    expect(applyEnv(base, { COGNATE_DOMAIN_SUFFIX: "auth.example.com" }).hostedUi).toEqual({
      domainSuffix: "auth.example.com",
      pkce: "optional",
    });
    expect(applyEnv(base, { COGNATE_PKCE: "all-clients" }).hostedUi.pkce).toBe("all-clients");
    const error = thrown(() => applyEnv(base, { COGNATE_PKCE: "sometimes" }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain("COGNATE_PKCE");
  });
});

describe("resolveConfig", () => {
  it("defaults to us-east-1 and no public URL", () => {
    expect(resolveConfig(undefined)).toEqual(DEFAULTS);
    expect(resolveConfig(null)).toEqual(DEFAULTS);
    expect(resolveConfig({})).toEqual(DEFAULTS);
    expect(resolveConfig({ $schema: "./config.schema.json" })).toEqual(DEFAULTS);
  });

  it("takes a region and a public URL", () => {
    expect(resolveConfig({ region: "eu-west-1", publicUrl: "https://auth.example.com" })).toEqual({
      ...DEFAULTS,
      region: "eu-west-1",
      publicUrl: "https://auth.example.com",
    });
    expect(resolveConfig({ region: "us-gov-west-1" }).region).toBe("us-gov-west-1");
  });

  it("names an unknown field", () => {
    const error = thrown(() => resolveConfig({ region: "us-east-1", publicURL: "https://x.example" }));
    expect(error).toBeInstanceOf(OptionsError);
    expect((error as OptionsError).path).toBe("publicURL");
    expect(error.message).toMatch(
      /^publicURL: unknown field \(expected one of: \$schema, region, publicUrl, routes, assertionKey, trustedProxies, trustedProxiesOnly, caseInsensitivePaths, hostedUi, federation, triggers, roles, openIdConnectProviders, tokenExchange, retention\)/,
    );
  });

  it("refuses a configuration that is not an object", () => {
    for (const value of [[], "us-east-1", 3])
      expect(thrown(() => resolveConfig(value))).toBeInstanceOf(OptionsError);
  });

  it.each(["us_east_1", "US-EAST-1", "useast1", "us-east", "", "eu-west-1a", 42])(
    "refuses the region %j",
    (region) => {
      const error = thrown(() => resolveConfig({ region }));
      expect(error).toBeInstanceOf(OptionsError);
      expect((error as OptionsError).path).toBe("region");
    },
  );

  it("says what a region should look like", () => {
    expect(thrown(() => resolveConfig({ region: "mars-1" })).message).toBe(
      'region: must be an AWS region like us-east-1, got "mars-1"',
    );
  });

  it("trims trailing slashes from the public URL", () => {
    expect(resolveConfig({ publicUrl: "https://auth.example.com/" }).publicUrl).toBe(
      "https://auth.example.com",
    );
    expect(resolveConfig({ publicUrl: "https://auth.example.com/base//" }).publicUrl).toBe(
      "https://auth.example.com/base",
    );
    expect(resolveConfig({ publicUrl: "http://localhost:3000/" }).publicUrl).toBe("http://localhost:3000");
  });

  it.each([
    ["https://auth.example.com/?x=1", /must have no query or fragment/],
    ["https://auth.example.com/#top", /must have no query or fragment/],
    ["https://auth.example.com/?", /must have no query or fragment/],
    ["https://auth.example.com/#", /must have no query or fragment/],
    ["ftp://auth.example.com", /must be an http or https URL/],
    ["auth.example.com", /must be an absolute URL/],
    ["/relative", /must be an absolute URL/],
  ])("refuses the public URL %s", (publicUrl, problem) => {
    const error = thrown(() => resolveConfig({ publicUrl }));
    expect(error).toBeInstanceOf(OptionsError);
    expect((error as OptionsError).path).toBe("publicUrl");
    expect(error.message).toMatch(problem);
  });
});

describe("trustedProxies and caseInsensitivePaths", () => {
  it("take addresses and CIDR blocks, and a boolean", () => {
    expect(
      resolveConfig({
        trustedProxies: ["10.0.0.0/8", " 192.0.2.7 ", "fd00::/8"],
        caseInsensitivePaths: true,
      }),
    ).toMatchObject({
      trustedProxies: ["10.0.0.0/8", "192.0.2.7", "fd00::/8"],
      caseInsensitivePaths: true,
    });
  });

  it("name the bad entry", () => {
    expect(thrown(() => resolveConfig({ trustedProxies: "10.0.0.0/8" })).message).toMatch(
      /^trustedProxies: must be an array/,
    );
    expect(thrown(() => resolveConfig({ trustedProxies: ["10.0.0.0/8", "proxy.internal"] })).message).toBe(
      'trustedProxies[1]: must be an IP address or CIDR block, got "proxy.internal"',
    );
    expect(thrown(() => resolveConfig({ caseInsensitivePaths: "yes" })).message).toMatch(
      /^caseInsensitivePaths: must be true or false/,
    );
  });
});

describe("parseConfigText", () => {
  it("parses and resolves JSON", () => {
    expect(
      parseConfigText('{"region":"ap-south-1","publicUrl":"https://a.example/"}', "cognate.json"),
    ).toEqual({
      ...DEFAULTS,
      region: "ap-south-1",
      publicUrl: "https://a.example",
    });
  });

  it("names the source and says the text is not valid JSON", () => {
    const error = thrown(() => parseConfigText("{ region: us-east-1 }", "/etc/cognate.json"));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).source).toBe("/etc/cognate.json");
    expect((error as ConfigError).field).toBe("");
    expect(error.message).toMatch(/^\/etc\/cognate\.json: not valid JSON \(.+\)$/);
  });

  it("never quotes the text it could not parse: it may hold a private key", () => {
    for (const text of [
      `{"assertionKey":{"d":'c2VjcmV0LWtleQ'}}`,
      `{"assertionKey":{"d":"c2VjcmV0LWtleQ"`,
      `{"assertionKey":{"d":"c2VjcmV0LWtleQ"}} x`,
    ]) {
      const error = thrown(() => parseConfigText(text, "COGNATE_CONFIG"));
      expect(error.message).toMatch(
        /^COGNATE_CONFIG: not valid JSON \((at character \d+|it ends too soon|an unexpected character)\)$/,
      );
      expect(error.message).not.toContain("c2VjcmV0");
    }
  });

  it("names the source and the field of an invalid value", () => {
    const error = thrown(() => parseConfigText('{"region":"nowhere"}', "COGNATE_CONFIG"));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe("region");
    expect(error.message).toMatch(/^COGNATE_CONFIG: region: must be an AWS region/);
    expect(thrown(() => parseConfigText('{"extra":1}', "c.json")).message).toMatch(
      /^c\.json: extra: unknown field/,
    );
    expect(thrown(() => parseConfigText("[]", "c.json")).message).toMatch(
      /^c\.json: \(options\): must be an object/,
    );
  });
});

describe("applyEnv", () => {
  const base = {
    region: "eu-west-1",
    publicUrl: "https://auth.example.com",
    routes: [],
    assertionKey: undefined,
    trustedProxies: [],
    trustedProxiesOnly: false,
    caseInsensitivePaths: false,
    hostedUi: { domainSuffix: "localhost", pkce: "public-clients" as const },
    federation: { endpointOrigins: {}, allowLoopbackHttp: false },
    triggers: { timeoutMs: 5000, moduleThreads: 2, functions: {}, lambda: undefined, senderKey: undefined },
    roles: {},
    openIdConnectProviders: [],
    tokenExchange: undefined,
    retention: { authEventDays: 730, intervalSeconds: 60, batchSize: 500 },
  };

  it("keeps the configuration when the environment says nothing (or an empty string)", () => {
    expect(applyEnv(base, {})).toEqual(base);
    expect(applyEnv(base, { COGNATE_REGION: "", COGNATE_PUBLIC_URL: "" })).toEqual(base);
    expect(applyEnv(resolveConfig({}), {})).toEqual(resolveConfig({}));
  });

  it("overrides the fields the environment names, validating them the same way", () => {
    expect(applyEnv(base, { COGNATE_REGION: "ap-northeast-1" })).toEqual({
      ...base,
      region: "ap-northeast-1",
    });
    expect(applyEnv(base, { COGNATE_PUBLIC_URL: "https://other.example/" })).toEqual({
      ...base,
      publicUrl: "https://other.example",
    });
    expect(applyEnv(base, { UNRELATED: "x", region: "us-west-2" })).toEqual(base);
  });

  it("reads COGNATE_TRUSTED_PROXIES as a comma-separated list, naming it when an entry is bad", () => {
    expect(applyEnv(base, { COGNATE_TRUSTED_PROXIES: "10.0.0.0/8, 127.0.0.1 ::1" }).trustedProxies).toEqual([
      "10.0.0.0/8",
      "127.0.0.1",
      "::1",
    ]);
    const error = thrown(() => applyEnv(base, { COGNATE_TRUSTED_PROXIES: "10.0.0.0/8,proxy" }));
    expect((error as ConfigError).field).toBe("COGNATE_TRUSTED_PROXIES");
    expect(error.message).toMatch(
      /^environment: COGNATE_TRUSTED_PROXIES: must be IP addresses or CIDR blocks/,
    );
  });

  it("names COGNATE_REGION when it is invalid", () => {
    const error = thrown(() => applyEnv(base, { COGNATE_REGION: "moon" }));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).source).toBe("environment");
    expect((error as ConfigError).field).toBe("COGNATE_REGION");
    expect(error.message).toMatch(
      /^environment: COGNATE_REGION: must be an AWS region like us-east-1, got "moon"$/,
    );
  });

  it("names COGNATE_PUBLIC_URL when it is invalid", () => {
    for (const value of ["https://a.example/?q=1", "not a url", 7]) {
      const error = thrown(() => applyEnv(base, { COGNATE_PUBLIC_URL: value }));
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).field).toBe("COGNATE_PUBLIC_URL");
      expect(error.message).toMatch(/^environment: COGNATE_PUBLIC_URL: /);
    }
  });
});

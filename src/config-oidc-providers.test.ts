import { describe, expect, it } from "vitest";
import type { OptionsError } from "./util/validate.js";
import { configOidcProviders, oidcProviderMap } from "./config-oidc-providers.js";

const thrown = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return error as OptionsError;
  }
  throw new Error("nothing was thrown");
};

describe("the configuration's openIdConnectProviders", () => {
  it("keeps the providers as given and keys them by the name their ARN carries", () => {
    const providers = configOidcProviders([
      { url: "https://login.example.com/tenant/", clientIds: ["app"] },
      { url: "http://127.0.0.1:8443", clientIds: ["a", "b"], jwksUri: "http://127.0.0.1:8443/keys" },
    ]);
    expect(providers).toEqual([
      { url: "https://login.example.com/tenant/", clientIds: ["app"] },
      { url: "http://127.0.0.1:8443", clientIds: ["a", "b"], jwksUri: "http://127.0.0.1:8443/keys" },
    ]);
    expect(Object.keys(oidcProviderMap(providers))).toEqual(["login.example.com/tenant", "127.0.0.1:8443"]);
    expect(configOidcProviders(undefined)).toEqual([]);
  });

  it("names what is wrong: http off loopback, no client ids, an unknown field, a provider twice", () => {
    expect(
      thrown(() => configOidcProviders([{ url: "http://login.example.com", clientIds: ["a"] }])).path,
    ).toBe("openIdConnectProviders[0].url");
    expect(thrown(() => configOidcProviders([{ url: "https://login.example.com" }])).path).toBe(
      "openIdConnectProviders[0].clientIds",
    );
    expect(
      thrown(() => configOidcProviders([{ url: "https://a.example", clientIds: ["a"], thumbprints: [] }]))
        .path,
    ).toBe("openIdConnectProviders[0].thumbprints");
    const twice = thrown(() =>
      configOidcProviders([
        { url: "https://a.example", clientIds: ["a"] },
        { url: "https://a.example/", clientIds: ["b"] },
      ]),
    );
    expect(twice.path).toBe("openIdConnectProviders[1].url");
    expect(thrown(() => configOidcProviders({})).path).toBe("openIdConnectProviders");
  });
});

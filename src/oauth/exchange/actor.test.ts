import { describe, expect, it } from "vitest";
import { actClaim, MAX_ACTORS, mayAct, priorActors } from "./actor.js";

const chain = (depth: number): Record<string, unknown> =>
  depth === 1 ? { sub: "svc-1" } : { sub: `svc-${depth}`, act: chain(depth - 1) };

describe("priorActors", () => {
  it("rebuilds a chain from sub and client_id alone", () => {
    expect(priorActors(undefined)).toBeUndefined();
    expect(
      priorActors({
        sub: "svc-a",
        client_id: "svc-a",
        email: "x@example.com",
        act: { sub: "svc-0", iss: "i" },
      }),
    ).toEqual({ sub: "svc-a", client_id: "svc-a", act: { sub: "svc-0" } });
  });

  it("refuses anything else, and chains past MAX_ACTORS", () => {
    for (const bad of [
      "svc",
      null,
      [],
      { client_id: "x" },
      { sub: 1 },
      { sub: "a", client_id: 2 },
      { sub: "a", act: "b" },
    ])
      expect(priorActors(bad)).toBe("invalid");
    expect(priorActors(chain(MAX_ACTORS))).not.toBe("invalid");
    expect(priorActors(chain(MAX_ACTORS + 1))).toBe("invalid");
  });
});

describe("actClaim", () => {
  it("names the actor, with the subject's prior actors nested (RFC 8693 section 4.1)", () => {
    expect(actClaim({ sub: "u-1", client_id: "svc-b" }, undefined)).toEqual({
      sub: "u-1",
      client_id: "svc-b",
    });
    expect(actClaim({ sub: "svc-b", client_id: "svc-b" }, { sub: "svc-a", client_id: "svc-a" })).toEqual({
      sub: "svc-b",
      client_id: "svc-b",
      act: { sub: "svc-a", client_id: "svc-a" },
    });
  });

  it("stops a chain at MAX_ACTORS", () => {
    const prior = priorActors(chain(MAX_ACTORS - 1));
    expect(actClaim({ sub: "x" }, prior as never)).not.toBe("too-long");
    expect(actClaim({ sub: "x" }, priorActors(chain(MAX_ACTORS)) as never)).toBe("too-long");
  });
});

describe("mayAct", () => {
  const party = { sub: "svc-b", client_id: "svc-b", iss: "https://idp/us-east-1_A" };
  it("lets anyone without may_act, and only the party it names with one (RFC 8693 section 4.4)", () => {
    expect(mayAct({}, party)).toBe(true);
    expect(mayAct({ may_act: { sub: "svc-b" } }, party)).toBe(true);
    expect(mayAct({ may_act: { sub: "svc-b", iss: "https://idp/us-east-1_A" } }, party)).toBe(true);
    expect(mayAct({ may_act: { sub: "svc-c" } }, party)).toBe(false);
    expect(mayAct({ may_act: { sub: "svc-b", client_id: "other" } }, party)).toBe(false);
  });

  it("lets no one with a may_act that is no object or names nothing it can check", () => {
    for (const may of ["svc-b", null, [], {}, { email: "x" }])
      expect(mayAct({ may_act: may }, party)).toBe(false);
  });
});

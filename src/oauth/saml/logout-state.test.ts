import { describe, expect, it } from "vitest";
import { oauthFixture } from "../fixture.testing.js";
import type { Hosted } from "../hosted.js";
import { LOGOUT_RESPONSE_MAX_AGE_MS } from "./limits.js";
import { openLogoutState, sealLogoutState } from "./logout-state.js";

async function at(start: number) {
  const { hosted } = await oauthFixture();
  let now = start;
  const h: Hosted = { ...hosted, ctx: { ...hosted.ctx, now: () => now } };
  return { hosted: h, setNow: (t: number) => void (now = t) };
}

describe("the single-logout RelayState", () => {
  it("opens what it sealed: the provider, the LogoutRequest's ID and where to go next", async () => {
    const { hosted } = await at(1_800_000_000_000);
    const after = { kind: "redirect", location: "https://app.example/bye" } as const;
    const sealed = await sealLogoutState(hosted, { provider: "Okta", requestId: "_r1", after });
    expect(await openLogoutState(hosted, sealed)).toEqual({
      provider: "Okta",
      requestId: "_r1",
      after,
      createdAt: 1_800_000_000_000,
    });
    const signedOut = await sealLogoutState(hosted, {
      provider: "Okta",
      requestId: "_r2",
      after: { kind: "signed-out", clientId: "abc" },
    });
    expect((await openLogoutState(hosted, signedOut))?.after).toEqual({
      kind: "signed-out",
      clientId: "abc",
    });
  });

  it("refuses one altered, of another pool, too old, empty or too long", async () => {
    const t0 = 1_800_000_000_000;
    const { hosted, setNow } = await at(t0);
    const sealed = await sealLogoutState(hosted, {
      provider: "Okta",
      requestId: "_r1",
      after: { kind: "signed-out" },
    });
    const flipped = `${sealed.slice(0, -2)}${sealed.endsWith("A") ? "B" : "A"}${sealed.slice(-1)}`;
    expect(await openLogoutState(hosted, flipped)).toBeNull();
    const other = await at(t0);
    expect(await openLogoutState(other.hosted, sealed)).toBeNull();
    expect(
      await openLogoutState({ ...hosted, pool: { ...hosted.pool, id: "us-east-1_Other0001" } }, sealed),
    ).toBeNull();
    setNow(t0 + LOGOUT_RESPONSE_MAX_AGE_MS + 1);
    expect(await openLogoutState(hosted, sealed)).toBeNull();
    setNow(t0);
    expect(await openLogoutState(hosted, "")).toBeNull();
    expect(await openLogoutState(hosted, "x".repeat(9000))).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { createSigningKey, signingKeyOf } from "../user-pool/keys/signing-key.js";
import { signJwt } from "../user-pool/tokens/issue.js";
import { memoryContext } from "./fixture.testing.js";
import type { Hosted } from "./hosted.js";
import { verifyIdTokenHint } from "./id-token-hint.js";

const POOL = "us-east-1_HintPool1";

async function setUp() {
  const ctx = memoryContext();
  const store = await ctx.store();
  const pool = (await store.pools.create({ id: POOL, name: "p", config: {} }, 1))!;
  const masterKey = await ctx.masterKey();
  const signers: Record<string, { kid: string; key: CryptoKey }> = {};
  for (const purpose of ["id", "access"]) {
    const stored = await createSigningKey(masterKey, POOL);
    await store.signingKeys.add([
      {
        poolId: POOL,
        kid: stored.kid,
        purpose,
        publicJwk: stored.publicJwk,
        sealedPrivateJwk: stored.sealedPrivateJwk,
        createdAt: 1,
      },
    ]);
    signers[purpose] = { kid: stored.kid, key: await signingKeyOf(masterKey, POOL, stored) };
  }
  const hosted = { ctx, pool } as unknown as Hosted;
  return { hosted, signers };
}

const now = () => Math.floor(Date.now() / 1000);
const claims = (over: Record<string, unknown> = {}) => ({
  iss: `https://cognito-idp.us-east-1.amazonaws.com/${POOL}`,
  aud: "client1",
  sub: "user-sub",
  token_use: "id",
  iat: now() - 7200,
  exp: now() - 3600, // expired an hour ago: RP-initiated logout tolerates it
  ...over,
});

describe("id_token_hint", () => {
  it("accepts an ID token of this pool, expired or not, and names its client and user", async () => {
    const { hosted, signers } = await setUp();
    expect(await verifyIdTokenHint(hosted, await signJwt(claims(), signers.id!))).toEqual({
      clientId: "client1",
      sub: "user-sub",
    });
    expect(
      await verifyIdTokenHint(hosted, await signJwt(claims({ exp: now() + 3600 }), signers.id!)),
    ).toBeDefined();
  });

  it("refuses an access token, another pool's issuer, a token signed with the access key, a tampered one, garbage", async () => {
    const { hosted, signers } = await setUp();
    const refused = [
      await signJwt(claims({ token_use: "access" }), signers.id!),
      await signJwt(
        claims({ iss: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other" }),
        signers.id!,
      ),
      await signJwt(claims(), signers.access!),
      await signJwt(claims({ aud: ["client1"] }), signers.id!),
    ];
    const good = await signJwt(claims(), signers.id!);
    const [h, , sig] = good.split(".");
    refused.push(
      `${h}.${Buffer.from(JSON.stringify(claims({ sub: "someone-else" }))).toString("base64url")}.${sig}`,
    );
    refused.push("not-a-jwt", "a.b.c", "");
    for (const token of refused)
      expect(await verifyIdTokenHint(hosted, token), token.slice(0, 40)).toBeUndefined();
  });
});

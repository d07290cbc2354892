import { describe, expect, it } from "vitest";
import { issueSession, newAccessKeyId, newSecretKey, type SessionFacts } from "./credentials.js";
import { cognitoClaims, newMasterKey } from "./fixtures.testing.js";
import { openSession } from "./session-token.js";

const masterKey = await newMasterKey();
const {
  v: _v,
  accessKeyId: _a,
  secretKey: _s,
  issuedAt: _i,
  expiresAt: _e,
  ...facts
} = cognitoClaims({ principalTags: { username: "alice" } });

describe("newAccessKeyId and newSecretKey", () => {
  it("make AWS-shaped temporary keys, fresh each time", () => {
    const ids = new Set<string>();
    const secrets = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const id = newAccessKeyId();
      const secret = newSecretKey();
      expect(id).toMatch(/^ASIA[A-Z2-7]{16}$/);
      expect(secret).toMatch(/^[A-Za-z0-9+/]{40}$/);
      ids.add(id);
      secrets.add(secret);
    }
    expect(ids.size).toBe(200);
    expect(secrets.size).toBe(200);
  });

  it("draw on the whole alphabet", () => {
    const seen = new Set([...Array.from({ length: 400 }, newSecretKey).join("")]);
    expect(seen.size).toBe(64);
  });
});

describe("issueSession", () => {
  const now = Date.UTC(2024, 0, 1, 12, 0, 0, 456);

  it("issues keys, an expiry in whole seconds, and a token that opens to the session", async () => {
    const session = await issueSession(masterKey, facts as SessionFacts, now, 3600);
    expect(session.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(session.SecretKey).toHaveLength(40);
    expect(session.Expiration).toEqual(new Date(Date.UTC(2024, 0, 1, 13, 0, 0)));
    expect(session.claims).toEqual({
      ...facts,
      v: 1,
      accessKeyId: session.AccessKeyId,
      secretKey: session.SecretKey,
      issuedAt: Date.UTC(2024, 0, 1, 12, 0, 0),
      expiresAt: Date.UTC(2024, 0, 1, 13, 0, 0),
    });
    expect(await openSession(masterKey, session.SessionToken)).toEqual(session.claims);
    expect(session.SessionToken).not.toContain(session.SecretKey);
  });

  it("issues a new pair of keys each time", async () => {
    const [a, b] = await Promise.all([
      issueSession(masterKey, facts as SessionFacts, now, 900),
      issueSession(masterKey, facts as SessionFacts, now, 900),
    ]);
    expect(a.AccessKeyId).not.toBe(b.AccessKeyId);
    expect(a.SecretKey).not.toBe(b.SecretKey);
  });

  it("refuses a duration that is not a whole number of seconds from 1 to 43200", async () => {
    for (const duration of [0, -1, 1.5, 43201, Number.NaN]) {
      await expect(
        issueSession(masterKey, facts as SessionFacts, now, duration),
        String(duration),
      ).rejects.toThrow(RangeError);
    }
    await expect(issueSession(masterKey, facts as SessionFacts, now, 43200)).resolves.toBeDefined();
  });
});

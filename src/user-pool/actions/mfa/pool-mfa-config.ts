/**
 * SetUserPoolMfaConfig and GetUserPoolMfaConfig: the pool's MfaConfiguration and the factors it
 * offers (SMS, software token, email). Turning a factor off later does not take it from users who
 * set it up: they keep signing in with it.
 */
import {
  boolean,
  defineOperation,
  document,
  InvalidParameterException,
  string,
  structure,
} from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { mfaFactorsOf, mfaMode, poolFactors, type MfaFactors } from "../../mfa/pool-mfa.js";
import { userPoolId } from "../../pool-shapes.js";

const SmsMfaConfiguration = structure({
  SmsAuthenticationMessage: string({ min: 6, max: 140, pattern: ".*\\{####\\}.*" }),
  SmsConfiguration: structure({
    SnsCallerArn: string({ required: true, min: 20, max: 2048 }),
    ExternalId: string(),
    SnsRegion: string({ min: 5, max: 32 }),
  }),
});
const EmailMfaConfiguration = structure({
  Message: string({
    min: 6,
    max: 20000,
    pattern: "[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*\\{####\\}[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*",
  }),
  Subject: string({ min: 1, max: 140 }),
});

const SetInput = structure({
  UserPoolId: userPoolId(),
  SmsMfaConfiguration,
  SoftwareTokenMfaConfiguration: structure({ Enabled: boolean() }),
  EmailMfaConfiguration,
  MfaConfiguration: string({ enum: ["OFF", "ON", "OPTIONAL"] }),
  WebAuthnConfiguration: document(),
});

function answer(mode: string, factors: MfaFactors): Record<string, unknown> {
  return {
    ...factors,
    SoftwareTokenMfaConfiguration: { Enabled: factors.SoftwareTokenMfaConfiguration?.Enabled === true },
    MfaConfiguration: mode,
  };
}

/**
 * SetUserPoolMfaConfig.
 */
export function setUserPoolMfaConfig(ctx: UserPoolContext) {
  return defineOperation(SetInput, async ({ input }) => {
    const store = await ctx.store();
    for (;;) {
      const pool = await requirePool(ctx, input.UserPoolId);
      // Members left out keep their value, as in Cognito.
      const factors: MfaFactors = { ...mfaFactorsOf(pool) };
      if (input.SmsMfaConfiguration !== undefined)
        factors.SmsMfaConfiguration = input.SmsMfaConfiguration as MfaFactors["SmsMfaConfiguration"];
      if (input.SoftwareTokenMfaConfiguration !== undefined)
        factors.SoftwareTokenMfaConfiguration = input.SoftwareTokenMfaConfiguration;
      if (input.EmailMfaConfiguration !== undefined)
        factors.EmailMfaConfiguration = input.EmailMfaConfiguration;
      const mode = input.MfaConfiguration ?? mfaMode(pool);
      const next = { ...pool, config: { ...pool.config, MfaFactors: factors, MfaConfiguration: mode } };
      if (mode !== "OFF" && poolFactors(next).length === 0) {
        throw new InvalidParameterException(
          "Invalid MFA configuration given, can't turn on MFA without any MFA factor enabled.",
        ); // [?] words
      }
      const updated = await store.pools.update(
        pool.id,
        { config: next.config },
        { now: ctx.now(), ifRevision: pool.revision },
      );
      if (updated !== null) return answer(mode, factors);
    }
  });
}

/**
 * GetUserPoolMfaConfig.
 */
export function getUserPoolMfaConfig(ctx: UserPoolContext) {
  return defineOperation(structure({ UserPoolId: userPoolId() }), async ({ input }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    return answer(mfaMode(pool), mfaFactorsOf(pool));
  });
}

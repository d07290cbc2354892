/**
 * CreateUserPool: a new pool with a Cognito-shaped id in the gateway's region and two RS256
 * signing keys (ID and access tokens), their private halves sealed under the master key.
 */
import {
  defineOperation,
  InternalErrorException,
  InvalidParameterException,
  type Infer,
} from "../../../protocol/json/index.js";
import type { UserPoolContext } from "../../context.js";
import { newUserPoolId } from "../../ids.js";
import { createSigningKey } from "../../keys/signing-key.js";
import { CreateUserPoolInput, pick, POOL_FIXED, POOL_SETTINGS } from "../../pool-shapes.js";
import { checkAttributeUpdateSettings } from "../../pool-rules.js";
import { userPoolType } from "../../pool-view.js";
import { schemaAttributes, type SchemaAttribute } from "../../schema-attributes.js";
import { MESSAGES } from "../../messages.js";
import { lambdaConfigToStore } from "../../triggers/lambda-config.js";

/**
 * Cross-member rules the shapes cannot say, in Cognito's words.
 *
 * @example
 * ```ts
 * checkPoolInput({ PoolName: "p", UsernameAttributes: ["email"], AliasAttributes: ["email"] });
 * // throws InvalidParameterException("Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.")
 * ```
 */
export function checkPoolInput(input: Infer<typeof CreateUserPoolInput>): void {
  if (input.UsernameAttributes !== undefined && input.AliasAttributes !== undefined) {
    throw new InvalidParameterException(
      "Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.",
    );
  }
  schemaAttributes(input.Schema as SchemaAttribute[] | undefined);
  checkAttributeUpdateSettings(input);
}

/**
 * The operation.
 */
export function createUserPool(ctx: UserPoolContext) {
  return defineOperation(CreateUserPoolInput, async ({ input }) => {
    checkPoolInput(input);
    const masterKey = await ctx.masterKey();
    const store = await ctx.store();
    const now = ctx.now();
    const settings = {
      ...pick(input, POOL_SETTINGS),
      ...pick(input, POOL_FIXED),
      LambdaConfig: lambdaConfigToStore(input.LambdaConfig, input.UserPoolTier),
    };
    // A 9-character id from 62 letters: a collision is as good as impossible, but retry anyway.
    for (let attempt = 0; attempt < 3; attempt++) {
      const id = newUserPoolId(ctx.region);
      const [idKey, accessKey] = await Promise.all([
        createSigningKey(masterKey, id, now),
        createSigningKey(masterKey, id, now),
      ]);
      const pool = await store.pools.create({ id, name: input.PoolName, config: settings }, now);
      if (pool === null) continue;
      try {
        await store.signingKeys.add([
          {
            poolId: id,
            kid: idKey.kid,
            purpose: "id",
            publicJwk: idKey.publicJwk,
            sealedPrivateJwk: idKey.sealedPrivateJwk,
            createdAt: now,
          },
          {
            poolId: id,
            kid: accessKey.kid,
            purpose: "access",
            publicJwk: accessKey.publicJwk,
            sealedPrivateJwk: accessKey.sealedPrivateJwk,
            createdAt: now,
          },
        ]);
      } catch (error) {
        await store.pools.delete(id); // no pool without its keys
        throw error;
      }
      return { UserPool: userPoolType(ctx, pool, 0) };
    }
    throw new InternalErrorException(MESSAGES.internalError);
  });
}

/** A typed code checked and used once, in Cognito's words. */
import {
  CodeMismatchException,
  ExpiredCodeException,
  LimitExceededException,
} from "../../protocol/json/index.js";
import type { UserPoolContext } from "../context.js";
import { CODE_LIMITS } from "../rules/codes.js";
import { codeHash } from "./delivery.js";
import { MESSAGES } from "../messages.js";

/**
 * Uses a typed code exactly once, or throws CodeMismatchException, ExpiredCodeException or
 * LimitExceededException with Cognito's messages.
 */
export async function useCode(
  ctx: UserPoolContext,
  poolId: string,
  username: string,
  purpose: string,
  typed: string,
): Promise<void> {
  const store = await ctx.store();
  const check = await store.codes.verify(
    poolId,
    username,
    purpose,
    await codeHash(ctx, poolId, username, purpose, typed),
    ctx.now(),
    CODE_LIMITS,
  );
  if (check.outcome === "mismatch") throw new CodeMismatchException(MESSAGES.verificationCodeMismatch);
  if (check.outcome === "expired") throw new ExpiredCodeException(MESSAGES.expiredCode);
  if (check.outcome === "limit") throw new LimitExceededException(MESSAGES.attemptLimit);
}

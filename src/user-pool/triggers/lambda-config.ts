/**
 * The rules of a pool's `LambdaConfig` that its shape cannot say (CreateUserPool, UpdateUserPool),
 * and the form it is stored and described in.
 */
import { FeatureUnavailableInTierException, InvalidParameterException } from "../../protocol/json/index.js";

/** LambdaConfigType as validated (pool-shapes.ts `LambdaConfig`). */
export interface LambdaConfigInput {
  PreTokenGeneration?: string;
  PreTokenGenerationConfig?: { LambdaVersion: string; LambdaArn: string };
  CustomSMSSender?: { LambdaVersion: string; LambdaArn: string };
  CustomEmailSender?: { LambdaVersion: string; LambdaArn: string };
  KMSKeyID?: string;
  [member: string]: unknown;
}

/**
 * Cognito's cross-member rules, in the order it applies them, and the form the pool keeps.
 *
 * - "If you also set an ARN in PreTokenGenerationConfig, its value must be identical to
 *   PreTokenGeneration" (LambdaConfigType): two different functions are refused, not one chosen.
 * - The custom senders' codes are encrypted under `KMSKeyID`: a sender without it is refused.
 * - Pre token generation V2_0 and V3_0 (access token customisation) need the Essentials or Plus
 *   feature plan.
 *
 * The two pre token generation members are kept in step, as DescribeUserPool shows them: the
 * legacy `PreTokenGeneration` alone stands for `{ LambdaVersion: "V1_0", LambdaArn }`, and the
 * config alone fills in `PreTokenGeneration`.
 *
 * @throws {InvalidParameterException} when the members disagree or a custom sender has no key.
 * @throws {FeatureUnavailableInTierException} for V2_0 / V3_0 on a Lite pool.
 * @example
 * ```ts
 * lambdaConfigToStore({ PreTokenGeneration: arn }, "ESSENTIALS");
 * // { PreTokenGeneration: arn, PreTokenGenerationConfig: { LambdaVersion: "V1_0", LambdaArn: arn } }
 * ```
 */
export function lambdaConfigToStore(
  config: LambdaConfigInput | undefined,
  tier: unknown,
): LambdaConfigInput | undefined {
  if (config === undefined) return undefined;
  const legacy = config.PreTokenGeneration;
  const versioned = config.PreTokenGenerationConfig;
  if (legacy !== undefined && versioned !== undefined && legacy !== versioned.LambdaArn)
    throw new InvalidParameterException(
      "PreTokenGeneration and PreTokenGenerationConfig.LambdaArn must be the same function.",
    ); // [?] words
  if ((config.CustomSMSSender !== undefined || config.CustomEmailSender !== undefined) && !config.KMSKeyID)
    throw new InvalidParameterException("KMSKeyID is required when a custom sender is configured."); // [?] words
  if (versioned !== undefined && versioned.LambdaVersion !== "V1_0" && tier === "LITE")
    throw new FeatureUnavailableInTierException(
      `Pre token generation ${versioned.LambdaVersion} is not available in the Lite feature plan.`,
    ); // [?] words
  const out: LambdaConfigInput = { ...config };
  if (versioned !== undefined) out.PreTokenGeneration = versioned.LambdaArn;
  else if (legacy !== undefined) out.PreTokenGenerationConfig = { LambdaVersion: "V1_0", LambdaArn: legacy };
  return out;
}

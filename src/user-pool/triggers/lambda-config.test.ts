import { describe, expect, it } from "vitest";
import { validateInput } from "../../protocol/json/index.js";
import { CreateUserPoolInput } from "../pool-shapes.js";
import { lambdaConfigToStore } from "./lambda-config.js";

const fn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
const KEY = "arn:aws:kms:us-east-1:123456789012:key/abc";

describe("LambdaConfig", () => {
  it("drops members the model does not know, at every level, as the JSON protocol does", () => {
    const input = validateInput(CreateUserPoolInput, {
      PoolName: "p",
      LambdaConfig: {
        PreSignUp: fn("a"),
        InventedTrigger: fn("b"),
        PreTokenGenerationConfig: { LambdaVersion: "V2_0", LambdaArn: fn("c"), Extra: 1 },
      },
    });
    expect(input.LambdaConfig).toEqual({
      PreSignUp: fn("a"),
      PreTokenGenerationConfig: { LambdaVersion: "V2_0", LambdaArn: fn("c") },
    });
  });

  it("checks each ARN against the model's pattern and lengths, and the versions' enums", () => {
    for (const LambdaConfig of [
      { PreSignUp: "arn:aws:lambda" },
      { UserMigration: `arn:aws:lambda:us-east-1:123456789012:function:${"x".repeat(2048)}` },
      { CustomMessage: "arn:aws:lambda:us-east-1:not-an-account:function:f" },
      { PreTokenGenerationConfig: { LambdaVersion: "V4_0", LambdaArn: fn("p") } },
      { PreTokenGenerationConfig: { LambdaVersion: "V1_0" } },
      { CustomEmailSender: { LambdaVersion: "V1_0" }, KMSKeyID: KEY },
      { KMSKeyID: "key" },
    ])
      expect(
        () => validateInput(CreateUserPoolInput, { PoolName: "p", LambdaConfig }),
        JSON.stringify(LambdaConfig),
      ).toThrow(/validation error/);
  });

  it("keeps the two pre token generation members in step", () => {
    expect(lambdaConfigToStore({ PreTokenGeneration: fn("p") }, undefined)).toEqual({
      PreTokenGeneration: fn("p"),
      PreTokenGenerationConfig: { LambdaVersion: "V1_0", LambdaArn: fn("p") },
    });
    expect(
      lambdaConfigToStore(
        { PreTokenGenerationConfig: { LambdaVersion: "V3_0", LambdaArn: fn("p") } },
        "PLUS",
      ),
    ).toEqual({
      PreTokenGeneration: fn("p"),
      PreTokenGenerationConfig: { LambdaVersion: "V3_0", LambdaArn: fn("p") },
    });
    expect(
      lambdaConfigToStore(
        {
          PreTokenGeneration: fn("p"),
          PreTokenGenerationConfig: { LambdaVersion: "V2_0", LambdaArn: fn("p") },
        },
        undefined,
      ),
    ).toEqual({
      PreTokenGeneration: fn("p"),
      PreTokenGenerationConfig: { LambdaVersion: "V2_0", LambdaArn: fn("p") },
    });
    expect(lambdaConfigToStore(undefined, undefined)).toBeUndefined();
    expect(lambdaConfigToStore({}, undefined)).toEqual({});
  });

  it("refuses two different functions, a sender without its key, V2_0 and V3_0 on Lite", () => {
    expect(() =>
      lambdaConfigToStore(
        {
          PreTokenGeneration: fn("a"),
          PreTokenGenerationConfig: { LambdaVersion: "V1_0", LambdaArn: fn("b") },
        },
        undefined,
      ),
    ).toThrow(expect.objectContaining({ type: "InvalidParameterException" }));
    expect(() =>
      lambdaConfigToStore({ CustomSMSSender: { LambdaVersion: "V1_0", LambdaArn: fn("s") } }, undefined),
    ).toThrow(expect.objectContaining({ type: "InvalidParameterException" }));
    expect(
      lambdaConfigToStore(
        { CustomSMSSender: { LambdaVersion: "V1_0", LambdaArn: fn("s") }, KMSKeyID: KEY },
        undefined,
      ),
    ).toMatchObject({ KMSKeyID: KEY });
    for (const version of ["V2_0", "V3_0"])
      expect(() =>
        lambdaConfigToStore(
          { PreTokenGenerationConfig: { LambdaVersion: version, LambdaArn: fn("p") } },
          "LITE",
        ),
      ).toThrow(expect.objectContaining({ type: "FeatureUnavailableInTierException" }));
    expect(
      lambdaConfigToStore(
        { PreTokenGenerationConfig: { LambdaVersion: "V1_0", LambdaArn: fn("p") } },
        "LITE",
      ),
    ).toMatchObject({ PreTokenGeneration: fn("p") });
  });
});

// The runner: steps in order over one state, the first answer stops the flow, a throw refuses it.
import { describe, expect, it } from "vitest";
import type { UserPoolContext } from "../context.js";
import { run, type Step } from "./pipeline.js";
import type { SignIn } from "./state.js";

const ctx = {} as UserPoolContext;
const signIn = () => ({ params: {} }) as unknown as SignIn;

describe("run", () => {
  it("runs the steps in order over one state until one answers", async () => {
    const seen: string[] = [];
    const first: Step = (_ctx, s) => void ((s as { typedName?: string }).typedName = "ann");
    const second: Step = async (_ctx, s) => void seen.push(s.typedName ?? "");
    const answer: Step = () => ({ ChallengeName: "PASSWORD_VERIFIER" });
    const never: Step = () => void seen.push("never");
    expect(await run(ctx, signIn(), [first, second, answer, never])).toEqual({
      ChallengeName: "PASSWORD_VERIFIER",
    });
    expect(seen).toEqual(["ann"]);
  });

  it("lets a step refuse by throwing, and names the last step of a list that never answers", async () => {
    const refuse: Step = () => {
      throw new Error("refused");
    };
    await expect(run(ctx, signIn(), [refuse])).rejects.toThrow("refused");
    const goOn: Step = () => undefined;
    await expect(run(ctx, signIn(), [goOn])).rejects.toThrow("goOn");
  });
});

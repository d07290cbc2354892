import { describe, expect, it } from "vitest";
import {
  CodeMismatchException,
  InvalidParameterException,
  InvalidPasswordException,
  LimitExceededException,
  UsernameExistsException,
} from "../../protocol/json/index.js";
import { fieldError } from "./field-errors.js";

describe("an operation's error on a page", () => {
  it("ties each error to its field in plain words", () => {
    expect(fieldError(new UsernameExistsException("User already exists"))).toEqual({
      field: "username",
      message: "An account with this username already exists.",
    });
    expect(
      fieldError(
        new InvalidPasswordException("Password did not conform with policy: Password not long enough"),
      ),
    ).toEqual({ field: "password", message: "Password not long enough." });
    expect(
      fieldError(new CodeMismatchException("Invalid verification code provided, please try again.")),
    ).toEqual({ field: "code", message: "Invalid verification code provided, please try again." });
  });

  it("puts what names no field above the form, and turns a shape's report into words", () => {
    expect(
      fieldError(new LimitExceededException("Attempt limit exceeded, please try after some time.")),
    ).toEqual({
      message: "Attempt limit exceeded, please try after some time.",
    });
    expect(
      fieldError(
        new InvalidParameterException(
          "1 validation error detected: Value at 'confirmationCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\S]+",
        ),
      ),
    ).toEqual({ field: "code", message: "Enter the code you received." });
    expect(fieldError(new InvalidParameterException("Invalid email address format."))).toEqual({
      message: "Invalid email address format.",
    });
  });
});

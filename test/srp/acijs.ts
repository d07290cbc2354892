/**
 * Typed access to the parts of amazon-cognito-identity-js that its index.d.ts leaves out
 * (AuthenticationHelper and DateHelper are exported at runtime but not declared), so the tests
 * drive the real client's SRP code rather than a re-implementation.
 */
import * as acijs from "amazon-cognito-identity-js";

/** ACIJS's jsbn BigInteger, as far as these tests use it. */
export interface JsbnBigInteger {
  toString(radix: number): string;
}

type NodeCallback<T> = (err: Error | null, value: T) => void;

/** The SRP half of the real client (src/AuthenticationHelper.js at 6.3.x). */
export interface AuthenticationHelper {
  N: JsbnBigInteger;
  k: JsbnBigInteger;
  getLargeAValue(callback: NodeCallback<JsbnBigInteger>): void;
  getPasswordAuthenticationKey(
    username: string,
    password: string,
    B: JsbnBigInteger,
    salt: JsbnBigInteger,
    callback: NodeCallback<Uint8Array>,
  ): void;
  generateHashDevice(deviceGroupKey: string, username: string, callback: NodeCallback<null>): void;
  getSaltDevices(): string;
  getVerifierDevices(): string;
  getRandomPassword(): string;
  padHex(value: JsbnBigInteger): string;
}

const runtime = acijs as unknown as {
  AuthenticationHelper: new (poolName: string) => AuthenticationHelper;
  DateHelper: new () => { getNowString(): string };
};

/** A fresh client-side SRP helper for `poolName` (or a DeviceGroupKey), with its own random a. */
export function authenticationHelper(poolName: string): AuthenticationHelper {
  return new runtime.AuthenticationHelper(poolName);
}

/** The real client's TIMESTAMP for now. */
export function nowString(): string {
  return new runtime.DateHelper().getNowString();
}

/** A jsbn BigInteger from hex, made with the client's own class (reached through an instance). */
export function jsbn(helper: AuthenticationHelper, hex: string): JsbnBigInteger {
  const BigInteger = helper.N.constructor as new (value: string, radix: number) => JsbnBigInteger;
  return new BigInteger(hex, 16);
}

/** Promisified node-style callback. */
export function call<T>(f: (callback: NodeCallback<T>) => void): Promise<T> {
  return new Promise((resolve, reject) => f((err, value) => (err ? reject(err) : resolve(value))));
}

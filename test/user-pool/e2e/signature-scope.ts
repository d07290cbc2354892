// The signature must cover the operation: one signed (or presigned) AdminGetUser, replayed with
// another X-Amz-Target, must not delete the user. Raw HTTP signed by @smithy/signature-v4, as an
// attacker holding one signed request would send it; the same on Node and on wrangler dev.
import { AdminGetUserCommand } from "@aws-sdk/client-cognito-identity-provider";
import { expect } from "vitest";
import {
  awsError,
  idpCall,
  send,
  signedHeadersOf,
  signerOf,
  TARGET_PREFIX,
  urlOf,
} from "../../helpers/sigv4-wire.js";
import { client, confirmedUser, poolWithClient, type Target, unique } from "./target.js";

const DELETE = `${TARGET_PREFIX}.AdminDeleteUser`;
const UNSIGNED = (name: string) => `'${name}' must be a 'SignedHeader' in the AWS Authorization.`;

export async function signatureScope(target: Target): Promise<void> {
  const { poolId } = await poolWithClient(target);
  const username = unique("victim");
  await confirmedUser(target, poolId, username, "Passw0rd-e2e!");
  const input = { UserPoolId: poolId, Username: username };
  const signer = signerOf(target.admin);
  const stillThere = async () => {
    const { Username } = await client(target).send(new AdminGetUserCommand(input));
    expect(Username).toBe(username);
  };

  // The presigner moves x-amz-target into the query and signs content-type and host only.
  const presigned = await signer.presign(idpCall(target.endpoint, "AdminGetUser", input), { expiresIn: 300 });
  expect(presigned.query!["x-amz-target"]).toBe(`${TARGET_PREFIX}.AdminGetUser`);
  expect(signedHeadersOf(presigned)).toEqual(["content-type", "host"]);

  // The attack: the presigned AdminGetUser, the same body, another operation in the header.
  expect(await awsError(await send(presigned, { "x-amz-target": DELETE }))).toEqual({
    status: 400,
    type: "InvalidSignatureException",
    message: UNSIGNED("X-Amz-Target"),
  });
  await stillThere();

  // The presigned request as signed: the signed query names the operation.
  const asSigned = await send(presigned);
  expect(asSigned.status).toBe(200);
  expect(await asSigned.json()).toMatchObject({ Username: username });
  // A header repeating the query's operation changes nothing.
  expect((await send(presigned, { "x-amz-target": `${TARGET_PREFIX}.AdminGetUser` })).status).toBe(200);

  // Another operation in the signed query itself breaks the signature.
  const url = new URL(urlOf(presigned));
  url.searchParams.set("x-amz-target", DELETE);
  const tampered = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1" },
    body: presigned.body as string,
  });
  expect(await awsError(tampered)).toMatchObject({ status: 400, type: "InvalidSignatureException" });
  await stillThere();

  // The header form with x-amz-target left out of SignedHeaders: refused, whatever the header says.
  const loose = await signer.sign(idpCall(target.endpoint, "AdminGetUser", input), {
    unsignableHeaders: new Set(["x-amz-target"]),
  });
  expect(signedHeadersOf(loose)).not.toContain("x-amz-target");
  expect(await awsError(await send(loose, { "x-amz-target": DELETE }))).toEqual({
    status: 400,
    type: "InvalidSignatureException",
    message: UNSIGNED("X-Amz-Target"),
  });
  expect(await awsError(await send(loose))).toMatchObject({
    type: "InvalidSignatureException",
    message: UNSIGNED("X-Amz-Target"),
  });
  await stillThere();

  // The content type must be signed too.
  const untyped = await signer.sign(idpCall(target.endpoint, "AdminGetUser", input), {
    unsignableHeaders: new Set(["content-type"]),
  });
  expect(await awsError(await send(untyped))).toEqual({
    status: 400,
    type: "InvalidSignatureException",
    message: UNSIGNED("Content-Type"),
  });

  // What the SDK signs (every header) still works, and deletes when it says so.
  const signed = await signer.sign(idpCall(target.endpoint, "AdminDeleteUser", input));
  expect(signedHeadersOf(signed)).toEqual(expect.arrayContaining(["content-type", "host", "x-amz-target"]));
  expect((await send(signed)).status).toBe(200);
  await expect(client(target).send(new AdminGetUserCommand(input))).rejects.toMatchObject({
    name: "UserNotFoundException",
  });
}

/**
 * Just enough of a user pool, built on the SRP module, to let amazon-cognito-identity-js's own
 * CognitoUser run USER_SRP_AUTH, ConfirmDevice and DEVICE_SRP_AUTH against it through its
 * `client.request(operation, params, callback)` seam: the wire values (SRP_A, SRP_B, SALT,
 * SECRET_BLOCK, TIMESTAMP, signatures, DeviceSecretVerifierConfig) are exactly what the real
 * client sends and parses. Not the product's flow code: that lives elsewhere.
 */
import {
  base64ToBytes,
  bytesToBase64,
  computeVerifier,
  deviceVerifierFromConfig,
  parseSrpA,
  startServerSession,
  verifyPasswordClaim,
  type SrpVerifier,
} from "../../src/user-pool/srp/index.js";

type Params = Record<string, unknown> & {
  ChallengeResponses?: Record<string, string>;
  AuthParameters?: Record<string, string>;
  Session?: string;
};
type Callback = (err: { code: string; name: string; message: string } | null, data?: unknown) => void;

interface PendingChallenge {
  kind: "PASSWORD_VERIFIER" | "DEVICE_SRP_AUTH" | "DEVICE_PASSWORD_VERIFIER";
  userId: string;
  A?: bigint;
  b?: bigint;
  B?: bigint;
  secretBlock?: string;
  deviceKey?: string;
}

const error = (code: string, message: string) => ({ code, name: code, message });
const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

export class FakePool {
  readonly users = new Map<string, { userId: string; stored: SrpVerifier }>();
  readonly devices = new Map<string, { groupKey: string; userId: string; stored?: SrpVerifier }>();
  readonly calls: string[] = [];
  private readonly sessions = new Map<string, PendingChallenge>();

  constructor(readonly poolName: string) {}

  async addUser(alias: string, userId: string, password: string): Promise<void> {
    this.users.set(alias, {
      userId,
      stored: await computeVerifier(this.poolName, userId, password),
    });
  }

  /** Drop-in for ACIJS's `Client.request`. */
  request = (operation: string, params: Params, callback: Callback): void => {
    const label =
      operation === "RespondToAuthChallenge" ? `${operation}:${String(params.ChallengeName)}` : operation;
    this.calls.push(label);
    this.handle(label, params).then(
      (data) => callback(null, data),
      (err: unknown) =>
        callback(
          typeof err === "object" && err && "code" in err
            ? (err as ReturnType<typeof error>)
            : error("InternalErrorException", String(err)),
        ),
    );
  };

  private challenge(pending: PendingChallenge): string {
    const id = crypto.randomUUID();
    this.sessions.set(id, pending);
    return id;
  }

  private take(params: Params, kind: PendingChallenge["kind"]): PendingChallenge {
    const pending = params.Session ? this.sessions.get(params.Session) : undefined;
    if (!pending || pending.kind !== kind)
      throw error("NotAuthorizedException", "Invalid session for the user.");
    this.sessions.delete(params.Session!);
    return pending;
  }

  private srpChallenge(
    kind: PendingChallenge["kind"],
    userId: string,
    srpA: string,
    stored: SrpVerifier,
    deviceKey?: string,
  ) {
    const A = parseSrpA(srpA);
    if (A === null) throw error("InvalidParameterException", "Invalid SRP_A");
    const { b, B } = startServerSession(stored.verifier);
    const secretBlock = bytesToBase64(crypto.getRandomValues(new Uint8Array(48)));
    const session = this.challenge({ kind, userId, A, b, B, secretBlock, deviceKey });
    return { session, parameters: { SALT: stored.salt, SRP_B: B.toString(16), SECRET_BLOCK: secretBlock } };
  }

  private async verify(
    pending: PendingChallenge,
    responses: Record<string, string>,
    poolName: string,
    stored: SrpVerifier,
    userIdForSrp: string,
  ) {
    const secretBlock = base64ToBytes(responses.PASSWORD_CLAIM_SECRET_BLOCK ?? "");
    const ok =
      secretBlock !== null &&
      responses.PASSWORD_CLAIM_SECRET_BLOCK === pending.secretBlock &&
      (await verifyPasswordClaim({
        A: pending.A!,
        B: pending.B!,
        b: pending.b!,
        verifier: stored.verifier,
        poolName,
        userIdForSrp,
        secretBlock,
        timestamp: responses.TIMESTAMP ?? "",
        signature: responses.PASSWORD_CLAIM_SIGNATURE ?? "",
      }));
    if (!ok) throw error("NotAuthorizedException", "Incorrect username or password.");
  }

  private tokens(userId: string, newDevice: boolean) {
    const now = Math.floor(Date.now() / 1000);
    const jwt = (claims: object) =>
      `${b64url({ alg: "none" })}.${b64url({ sub: userId, iat: now, exp: now + 3600, ...claims })}.sig`;
    const deviceKey = `us-east-1_${crypto.randomUUID()}`;
    if (newDevice) this.devices.set(deviceKey, { groupKey: "-wt2ha1Zd", userId });
    return {
      ChallengeParameters: {},
      AuthenticationResult: {
        AccessToken: jwt({ token_use: "access", username: userId }),
        IdToken: jwt({ token_use: "id" }),
        RefreshToken: "opaque-refresh-token",
        ExpiresIn: 3600,
        TokenType: "Bearer",
        ...(newDevice ? { NewDeviceMetadata: { DeviceKey: deviceKey, DeviceGroupKey: "-wt2ha1Zd" } } : {}),
      },
    };
  }

  private async handle(operation: string, params: Params): Promise<unknown> {
    const responses = params.ChallengeResponses ?? {};
    switch (operation) {
      case "InitiateAuth": {
        const auth = params.AuthParameters ?? {};
        const user =
          this.users.get(auth.USERNAME ?? "") ??
          [...this.users.values()].find((u) => u.userId === auth.USERNAME);
        if (params.AuthFlow !== "USER_SRP_AUTH" || !user)
          throw error("NotAuthorizedException", "Incorrect username or password.");
        const { session, parameters } = this.srpChallenge(
          "PASSWORD_VERIFIER",
          user.userId,
          auth.SRP_A ?? "",
          user.stored,
        );
        return {
          ChallengeName: "PASSWORD_VERIFIER",
          Session: session,
          ChallengeParameters: { ...parameters, USERNAME: user.userId, USER_ID_FOR_SRP: user.userId },
        };
      }
      case "RespondToAuthChallenge:PASSWORD_VERIFIER": {
        const pending = this.take(params, "PASSWORD_VERIFIER");
        const user = [...this.users.values()].find((u) => u.userId === pending.userId)!;
        if (responses.USERNAME !== user.userId)
          throw error("NotAuthorizedException", "Incorrect username or password.");
        await this.verify(pending, responses, this.poolName, user.stored, user.userId);
        const device = responses.DEVICE_KEY ? this.devices.get(responses.DEVICE_KEY) : undefined;
        if (device?.stored && device.userId === user.userId) {
          return {
            ChallengeName: "DEVICE_SRP_AUTH",
            Session: this.challenge({ kind: "DEVICE_SRP_AUTH", userId: user.userId }),
            ChallengeParameters: {},
          };
        }
        return this.tokens(user.userId, true);
      }
      case "ConfirmDevice": {
        const device = this.devices.get(String(params.DeviceKey));
        const stored = deviceVerifierFromConfig(
          (params.DeviceSecretVerifierConfig ?? {}) as Record<string, string>,
        );
        if (!device || !stored) throw error("InvalidParameterException", "Invalid device");
        device.stored = stored;
        return { UserConfirmationNecessary: false };
      }
      case "RespondToAuthChallenge:DEVICE_SRP_AUTH": {
        const pending = this.take(params, "DEVICE_SRP_AUTH");
        const device = this.devices.get(responses.DEVICE_KEY ?? "");
        if (!device?.stored) throw error("ResourceNotFoundException", "Device does not exist.");
        const { session, parameters } = this.srpChallenge(
          "DEVICE_PASSWORD_VERIFIER",
          pending.userId,
          responses.SRP_A ?? "",
          device.stored,
          responses.DEVICE_KEY,
        );
        return {
          ChallengeName: "DEVICE_PASSWORD_VERIFIER",
          Session: session,
          ChallengeParameters: { ...parameters, USERNAME: pending.userId },
        };
      }
      case "RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER": {
        const pending = this.take(params, "DEVICE_PASSWORD_VERIFIER");
        const device = this.devices.get(pending.deviceKey!)!;
        if (responses.DEVICE_KEY !== pending.deviceKey)
          throw error("NotAuthorizedException", "Incorrect username or password.");
        await this.verify(pending, responses, device.groupKey, device.stored!, pending.deviceKey!);
        return this.tokens(pending.userId, false);
      }
      default:
        throw error("InvalidParameterException", `unsupported here: ${operation}`);
    }
  }
}

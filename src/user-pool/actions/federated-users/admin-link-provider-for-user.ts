/**
 * AdminLinkProviderForUser (federation.md §1.6): an external identity that has not signed in yet
 * (SourceUser) signs in from now on as an existing user (DestinationUser), which lists it in its
 * `identities` attribute. At most five links a user; the source must be no user of its own.
 */
import {
  defineOperation,
  InvalidParameterException,
  LimitExceededException,
  ResourceNotFoundException,
  string,
  structure,
  UserNotFoundException,
} from "../../../protocol/json/index.js";
import { MAX_LINKED_IDENTITIES, SUBJECT, type UserRecord } from "../../../storage/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { federatedUsername, issuerOf, MAX_SUBJECT, subjectFits } from "../../federation/federated-sign-in.js";
import { providerNotFound } from "../../federation/shapes.js";
import { MESSAGES } from "../../messages.js";
import { type SchemaAttribute, schemaAttributes } from "../../schema-attributes.js";
import { findUser } from "../../users/lookup.js";
import { COGNITO, MERGING, NATIVE_SOURCE, need, providerUser } from "./shapes.js";

/**
 * The operation.
 */
export function adminLinkProviderForUser(ctx: UserPoolContext) {
  return defineOperation(
    structure({
      UserPoolId: string({ required: true }),
      DestinationUser: providerUser(),
      SourceUser: providerUser(),
    }),
    async ({ input }) => {
      const pool = await requirePool(ctx, input.UserPoolId);
      const store = await ctx.store();
      const { DestinationUser: destination, SourceUser: source } = input;

      const sourceProvider = need(source, "SourceUser", "ProviderName");
      if (sourceProvider === COGNITO) throw new InvalidParameterException(NATIVE_SOURCE);
      const attributeName = need(source, "SourceUser", "ProviderAttributeName");
      const value = need(source, "SourceUser", "ProviderAttributeValue");
      if (value.length > MAX_SUBJECT)
        throw new InvalidParameterException(
          `SourceUser.ProviderAttributeValue is longer than ${MAX_SUBJECT} characters.`,
        ); // [?] words
      const provider = await store.identityProviders.get(pool.id, sourceProvider);
      if (provider === null) throw new ResourceNotFoundException(providerNotFound(sourceProvider));
      if (attributeName === SUBJECT && !subjectFits(provider.name, value))
        throw new InvalidParameterException(
          `SourceUser.ProviderAttributeValue is not a subject ${provider.name} could sign in with.`,
        ); // [?] words
      if (attributeName !== SUBJECT) {
        // [doc] SAML (and OIDC, per the API reference) identities may be linked by a mapped pool
        // attribute before their first sign-in; social ones only by their subject.
        if (provider.type !== "SAML" && provider.type !== "OIDC")
          throw new InvalidParameterException(
            `SourceUser.ProviderAttributeName must be ${SUBJECT} for a ${provider.type} provider.`,
          ); // [?] words
        if (!Object.hasOwn(provider.attributeMapping, attributeName) || attributeName === "username")
          throw new InvalidParameterException(
            `SourceUser.ProviderAttributeName ${attributeName} is not mapped by the provider ${provider.name}.`,
          ); // [?] words
      }

      const user = await destinationOf(ctx, pool, destination);
      // [doc] The destination's attributes must be mutable: a mapped immutable one could never be
      // written by the identity's sign-ins.
      const schema = new Map(
        schemaAttributes(pool.config.Schema as SchemaAttribute[] | undefined).map((a) => [a.Name, a]),
      );
      const immutable = Object.keys(provider.attributeMapping).find(
        (name) => schema.get(name)?.Mutable === false,
      );
      if (immutable !== undefined)
        throw new InvalidParameterException(
          `The destination user's attribute ${immutable} is mapped by ${provider.name} and is not mutable.`,
        ); // [?] words

      const outcome = await store.federatedIdentities.link(
        pool.id,
        user.sub,
        {
          providerName: provider.name,
          providerType: provider.type,
          issuer: issuerOf(provider),
          attributeName,
          value,
          sourceUsername: attributeName === SUBJECT ? federatedUsername(pool, provider.name, value) : null,
        },
        ctx.now(),
      );
      if (outcome === "linked") return {};
      if (outcome === "gone") throw new UserNotFoundException(MESSAGES.userNotFound);
      if (outcome === "limit")
        throw new LimitExceededException(
          `A user can have at most ${MAX_LINKED_IDENTITIES} linked identities.`,
        ); // [?] words
      if (outcome === "signed-up") throw new InvalidParameterException(MERGING);
      // [?] Linking again what the destination holds already changes nothing; an identity held by
      // another user (its own, or linked there) cannot move.
      if (outcome.heldBy === user.sub) return {};
      throw new InvalidParameterException(MERGING);
    },
  );
}

/**
 * The DestinationUser: a native user by username (`Cognito`; as any name resolves, so an alias
 * works where the pool signs in with one), or a federated user by its provider and subject. Its
 * ProviderAttributeName is not read [doc].
 */
async function destinationOf(
  ctx: UserPoolContext,
  pool: Parameters<typeof findUser>[1],
  destination: { ProviderName?: string; ProviderAttributeValue?: string },
): Promise<UserRecord> {
  const providerName = need(destination, "DestinationUser", "ProviderName");
  const value = need(destination, "DestinationUser", "ProviderAttributeValue");
  const store = await ctx.store();
  if (providerName === COGNITO) {
    const user = await findUser(ctx, pool, value);
    if (user === null) throw new UserNotFoundException(MESSAGES.userNotFound);
    return user;
  }
  const identity = await store.federatedIdentities.get(pool.id, providerName, value);
  const user =
    identity === null
      ? await store.users.get(pool.id, federatedUsername(pool, providerName, value))
      : await store.users.getBySub(pool.id, identity.sub);
  if (user === null) throw new UserNotFoundException(MESSAGES.userNotFound);
  return user;
}

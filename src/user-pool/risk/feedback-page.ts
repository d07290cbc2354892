/**
 * The page behind notification emails' one-click links: `GET /{poolId}/feedback?username=&event_id=
 * &token=&value=Valid|Invalid` shows what is about to be reported and a button; the button's POST
 * records it (as UpdateAuthEventFeedback does). A GET never records anything: mail scanners open
 * links, and a prefetched "Invalid" would be a report the user never made.
 */
import type { Context, Hono } from "hono";
import { AwsError } from "../../protocol/json/index.js";
import { readBodyLimited } from "../../util/body.js";
import { userFeedback } from "./feedback.js";
import type { UserPoolContext } from "../context.js";
import { USER_POOL_ID } from "../ids.js";
import { escapeHtml } from "../../util/html.js";

const MAX_FORM_BYTES = 4096;
const FIELDS = ["username", "event_id", "token", "value"] as const;
type Fields = Record<(typeof FIELDS)[number], string>;

const HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "content-security-policy":
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
};

function page(c: Context, status: 200 | 400 | 404, title: string, body: string) {
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title>` +
    `<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}button{font-size:1rem;padding:.5rem 1rem}</style>` +
    `</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
  return c.body(html, status, HEADERS);
}

function fieldsOf(get: (name: string) => string | undefined): Fields | undefined {
  const fields = Object.fromEntries(FIELDS.map((name) => [name, get(name) ?? ""])) as Fields;
  const valid =
    fields.username !== "" &&
    fields.username.length <= 128 &&
    /^[\w-]{1,50}$/.test(fields.event_id) &&
    fields.token !== "" &&
    fields.token.length <= 2048 &&
    (fields.value === "Valid" || fields.value === "Invalid");
  return valid ? fields : undefined;
}

const question = (value: string) =>
  value === "Valid" ? "Confirm that this sign-in was you?" : "Report that this sign-in was not you?";

/**
 * Mounts the page.
 *
 * @example
 * ```ts
 * mountFeedbackPage(app, ctx); // GET and POST /us-east-1_AbCdEfGhI/feedback
 * ```
 */
export function mountFeedbackPage(app: Hono, ctx: UserPoolContext): void {
  app.get("/:poolId/feedback", (c, next) => {
    if (!USER_POOL_ID.test(c.req.param("poolId"))) return next();
    const fields = fieldsOf((name) => c.req.query(name));
    if (fields === undefined)
      return page(
        c,
        400,
        "This link is not valid",
        "<p>The link is incomplete. Open it from the email again.</p>",
      );
    const hidden = FIELDS.map(
      (name) => `<input type="hidden" name="${name}" value="${escapeHtml(fields[name])}">`,
    ).join("");
    return page(
      c,
      200,
      question(fields.value),
      `<p>Account: <strong>${escapeHtml(fields.username)}</strong></p><form method="post">${hidden}<button type="submit">${fields.value === "Valid" ? "Yes, it was me" : "It was not me"}</button></form>`,
    );
  });

  app.post("/:poolId/feedback", async (c, next) => {
    const poolId = c.req.param("poolId");
    if (!USER_POOL_ID.test(poolId)) return next();
    const read = await readBodyLimited(c.req.raw, MAX_FORM_BYTES);
    const form = "tooLarge" in read ? undefined : new URLSearchParams(new TextDecoder().decode(read));
    const fields = form === undefined ? undefined : fieldsOf((name) => form.get(name) ?? undefined);
    if (fields === undefined)
      return page(
        c,
        400,
        "This link is not valid",
        "<p>The form was incomplete. Open the link from the email again.</p>",
      );
    try {
      await userFeedback(ctx, poolId, fields.username, fields.event_id, fields.token, fields.value);
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      return page(
        c,
        400,
        "This link is not valid",
        "<p>It may be for another account, or the sign-in is no longer on record.</p>",
      );
    }
    const after =
      fields.value === "Valid"
        ? "<p>Thank you: the sign-in is recorded as yours.</p>"
        : "<p>Thank you: the sign-in is recorded as not yours. Change your password now.</p>";
    return page(c, 200, "Thank you", after);
  });
}

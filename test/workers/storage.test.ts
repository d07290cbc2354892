import { env } from "cloudflare:test";
import { d1Driver } from "../../src/storage/d1.js";
import { describeStorageContract } from "../storage/contract.js";

// The storage contract inside workerd, against D1 (wrangler.toml's DB binding). Every test
// starts from emptied tables; the schema is migrated once and kept.
describeStorageContract("d1", () => d1Driver(env.DB));

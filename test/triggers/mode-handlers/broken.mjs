// A module that cannot load.
import { missing } from "./no-such-file.mjs";
export const handler = async () => missing;

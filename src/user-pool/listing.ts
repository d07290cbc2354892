/** What the list operations share: the NextToken shape and a foreign token's error. */
import { InvalidParameterException, string } from "../protocol/json/index.js";
import { InvalidPaginationTokenError } from "../storage/index.js";

/** The NextToken shape of the model's list operations. */
export const paginationToken = () => string({ min: 1, max: 131072, pattern: "[\\S]+" });

/**
 * Runs a listing, turning a foreign or tampered NextToken into InvalidParameterException ([?] words).
 */
export async function listing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof InvalidPaginationTokenError)
      throw new InvalidParameterException("Invalid pagination token.", { cause: error });
    throw error;
  }
}

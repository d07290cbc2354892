// xml-encryption 6 ships no types: the call the verifier makes (and `encrypt`, which its tests use).
declare module "xml-encryption" {
  export interface DecryptOptions {
    key: string;
    disallowDecryptionWithInsecureAlgorithm?: boolean;
    warnInsecureAlgorithm?: boolean;
  }
  export function decrypt(
    xml: string,
    options: DecryptOptions,
    callback: (error: Error | null, result: string) => void,
  ): void;
  export function encrypt(
    content: string,
    options: Record<string, unknown>,
    callback: (error: Error | null, result: string) => void,
  ): void;
}

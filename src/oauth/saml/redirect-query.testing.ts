/** Test helper: a Redirect-binding URL's query as samlify takes it, and the octet string its signature covers. */
export function redirectQuery(url: string): { query: Record<string, string>; octetString: string } {
  const search = url.slice(url.indexOf("?") + 1);
  const query = Object.fromEntries(
    search.split("&").map((pair) => {
      const [name, value] = pair.split("=", 2) as [string, string];
      return [name, decodeURIComponent(value)];
    }),
  );
  const octetString = search.includes("&Signature=")
    ? search.slice(0, search.indexOf("&Signature="))
    : search;
  return { query, octetString };
}

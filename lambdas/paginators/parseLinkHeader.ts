/** RFC 8288 `Link` headers: several links per header, several rels per link. */

/** One link of a `Link` header. */
export interface Link {
  readonly url: string;
  readonly rels: readonly string[];
}

/** Parses a `Link` header value into its links. */
export function parseLinkHeader(header: string | null | undefined): Link[] {
  if (!header) return [];
  const links: Link[] = [];
  // <url>; param=value; param="quoted, value", <url2>; ...
  const pattern = /<([^>]*)>((?:\s*;\s*[^;,=\s]+(?:\s*=\s*(?:"[^"]*"|[^;,]*))?)*)/g;
  for (const match of header.matchAll(pattern)) {
    const rels: string[] = [];
    for (const param of match[2].matchAll(/;\s*([^;,=\s]+)\s*(?:=\s*(?:"([^"]*)"|([^;,]*)))?/g)) {
      if (param[1].toLowerCase() === 'rel') rels.push(...(param[2] ?? param[3] ?? '').trim().toLowerCase().split(/\s+/));
    }
    links.push({ url: match[1].trim(), rels });
  }
  return links;
}

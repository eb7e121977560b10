// The Host headers the operator console answers: its own address and port, exactly. Anything else may
// be DNS rebinding (a page on another origin whose name resolves to 127.0.0.1 reading the raw console).

/**
 * The exact `Host` values that name the console's listener: `address:port` (`[address]:port` for IPv6),
 * and `localhost:port` (a loopback listener is what `localhost` names). On port 80 a browser leaves the
 * port out, so the bare forms count there too. Nothing else: no other case, no trailing dot, no other
 * spelling of the address.
 *
 * @example
 * allowedHosts('127.0.0.1', 8766) // Set { '127.0.0.1:8766', 'localhost:8766' }
 * allowedHosts('::1', 8766)       // Set { '[::1]:8766', 'localhost:8766' }
 */
export function allowedHosts(address: string, port: number): Set<string> {
  const names = [address.includes(':') ? `[${address}]` : address, 'localhost'];
  return new Set(names.flatMap((name) => (port === 80 ? [`${name}:${port}`, name] : [`${name}:${port}`])));
}

/**
 * True when the request carries exactly one `Host` header and it is one of `allowed`.
 * `rawHeaders` is Node's flat list of names and values as received.
 *
 * @example
 * isAllowedHost(req.rawHeaders, allowedHosts('127.0.0.1', 8766)) // false for 'evil.example:8766'
 */
export function isAllowedHost(rawHeaders: readonly string[], allowed: ReadonlySet<string>): boolean {
  let host: string | undefined;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toLowerCase() !== 'host') continue;
    if (host !== undefined) return false; // two Host headers: which one the browser meant is unknowable
    host = rawHeaders[i + 1]!;
  }
  return host !== undefined && allowed.has(host);
}

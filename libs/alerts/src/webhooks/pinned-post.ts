import { promises as dns, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { addressRefusal, urlRefusal, type TargetPolicy } from './webhook-target.js';

/** Every address a host name resolves to; the system resolver unless a test injects its own. */
export type Resolve = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolve: Resolve = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

/** The policy refused the target: nothing was sent. */
export class TargetRefused extends Error {
  override readonly name = 'TargetRefused';
}

export interface PinnedPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal;
  policy: TargetPolicy;
  resolve: Resolve;
}

/**
 * POSTs once to `url` and answers the status code. The host name is resolved once, every address it gives is
 * judged by the policy, and the connection goes to the address judged (the socket's own lookup is replaced by
 * it): a name that resolves to a public address for the check and to a private one for the connection (DNS
 * rebinding) has no second lookup to win. Redirects are not followed; a 3xx is the receiver's answer.
 */
export async function pinnedPost({ url, headers, body, signal, policy, resolve }: PinnedPost): Promise<number> {
  const refusal = urlRefusal(url, policy);
  if (refusal) throw new TargetRefused(refusal);
  const target = new URL(url);
  const hostname = target.hostname.replace(/^\[(.*)\]$/, '$1');
  const addresses = isIP(hostname) === 0 ? await resolve(hostname) : [{ address: hostname, family: isIP(hostname) }];
  if (addresses.length === 0) throw new TargetRefused(`${hostname} resolves to no address`);
  for (const { address } of addresses) {
    const refused = addressRefusal(address, policy);
    if (refused) throw new TargetRefused(`${hostname} resolves to ${refused}`);
  }
  const pinned = addresses[0]!;
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<number>((done, fail) => {
    const request = send(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        signal,
        // The socket asks for the address (or, choosing a family itself, for all of them): it gets the pinned one.
        lookup: (_name, options, callback) => {
          if ((options as { all?: boolean }).all) (callback as unknown as (error: null, all: LookupAddress[]) => void)(null, [pinned]);
          else callback(null, pinned.address, pinned.family);
        },
      },
      (response: IncomingMessage) => {
        response.resume();
        done(response.statusCode ?? 0);
      },
    );
    request.on('error', fail);
    request.end(body);
  });
}

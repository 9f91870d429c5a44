import { BlockList, isIP } from 'node:net';

/**
 * Which addresses a webhook may reach. A subscription names any URL an org admin likes, so without this policy
 * the engine would POST, from inside the operator's network, to its loopback services, its private ranges and
 * the cloud metadata service that hands out credentials.
 */
export interface TargetPolicy {
  /** On-premises receivers: loopback, private and link-local addresses are allowed; metadata addresses never. */
  allowPrivate: boolean;
}

/** Cloud metadata services: refused even when private targets are allowed, they hold the machine's credentials. */
const METADATA = new BlockList();
METADATA.addAddress('169.254.169.254', 'ipv4');
METADATA.addAddress('169.254.170.2', 'ipv4');
METADATA.addAddress('100.100.100.200', 'ipv4');
METADATA.addAddress('fd00:ec2::254', 'ipv6');

const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv6');
}

const METADATA_NAMES = new Set(['metadata.google.internal', 'metadata', 'instance-data', 'metadata.azure.internal']);

/** An IPv4 address written inside IPv6 (`::ffff:a.b.c.d`, `::a.b.c.d`, or NAT64 `64:ff9b::`): judged as the IPv4 address it carries. */
function embeddedIpv4(address: string): string | undefined {
  const match = /^(?:::ffff:|::|64:ff9b::)(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(address);
  if (!match) return undefined;
  if (match[1]) return match[1];
  const high = Number.parseInt(match[2]!, 16);
  const low = Number.parseInt(match[3]!, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** Why the policy refuses this IP address, or undefined when it may be reached. */
export function addressRefusal(address: string, policy: TargetPolicy): string | undefined {
  const unbracketed = address.replace(/^\[(.*)\]$/, '$1');
  const ipv4 = embeddedIpv4(unbracketed);
  if (ipv4) return addressRefusal(ipv4, policy);
  const family = isIP(unbracketed);
  if (family === 0) return `${address} is not an IP address`;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (METADATA.check(unbracketed, type)) return `${unbracketed} is a cloud metadata address`;
  if (!policy.allowPrivate && PRIVATE.check(unbracketed, type))
    return `${unbracketed} is a loopback, private, link-local or reserved address`;
  return undefined;
}

/**
 * Why the policy refuses this URL's host before any lookup, or undefined. The host is read by the WHATWG URL
 * parser, the one the sender uses: it turns every numeric notation of an IPv4 address (2852039166,
 * 0251.0376.0251.0376, 0xa9fea9fe, 127.1) into dotted decimal, so each is judged as the address it is.
 */
export function urlRefusal(url: string, policy: TargetPolicy): string | undefined {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return 'not a URL';
  }
  const name = host.replace(/\.$/, '');
  if (METADATA_NAMES.has(name)) return `${name} is a cloud metadata name`;
  if (isIP(name.replace(/^\[(.*)\]$/, '$1')) !== 0) return addressRefusal(name, policy);
  if (!policy.allowPrivate && (name === 'localhost' || name.endsWith('.localhost'))) return `${name} is loopback`;
  return undefined;
}

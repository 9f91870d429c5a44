import { addressRefusal, urlRefusal } from './webhook-target.js';

const PUBLIC_ONLY = { allowPrivate: false };
const ON_PREMISES = { allowPrivate: true };

describe('webhook target policy', () => {
  it.each([
    ['decimal', 'http://2852039166/'],
    ['octal', 'http://0251.0376.0251.0376/'],
    ['hexadecimal', 'http://0xa9fea9fe/'],
    ['dotted', 'http://169.254.169.254/latest/meta-data/'],
    ['IPv6-mapped', 'http://[::ffff:169.254.169.254]/'],
    ['IPv6-mapped, hex words', 'http://[::ffff:a9fe:a9fe]/'],
    ['GCP name', 'http://metadata.google.internal/computeMetadata/v1/'],
    ['GCP name, trailing dot', 'http://METADATA.google.internal./'],
  ])('refuses the metadata address in %s notation, even when private targets are allowed', (_notation, url) => {
    expect(urlRefusal(url, PUBLIC_ONLY)).toMatch(/metadata/);
    expect(urlRefusal(url, ON_PREMISES)).toMatch(/metadata/);
  });

  it.each([
    'http://localhost:8080/',
    'http://api.localhost/',
    'http://127.0.0.1/',
    'http://127.1/',
    'http://[::1]/',
    'http://0.0.0.0/',
    'http://[::]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[0:0:0:0:0:ffff:7f00:1]/',
    'http://10.1.2.3/',
    'http://172.20.0.1/',
    'http://192.168.1.1/',
    'http://169.254.1.1/',
    'http://100.64.0.1/',
    'http://[fe80::1]/',
    'http://[fd12:3456::1]/',
    'http://017700000001/',
  ])('refuses %s unless the operator allows private targets', (url) => {
    expect(urlRefusal(url, PUBLIC_ONLY)).toBeDefined();
    expect(urlRefusal(url, ON_PREMISES)).toBeUndefined();
  });

  it('lets public addresses and names through (names are judged again by what they resolve to)', () => {
    for (const url of ['https://hooks.example.com/x', 'http://93.184.216.34/', 'http://[2606:4700::1111]/', 'https://8.8.8.8:8443/']) {
      expect(urlRefusal(url, PUBLIC_ONLY)).toBeUndefined();
    }
  });

  it('judges resolved addresses, IPv4 carried in IPv6 as the IPv4 address', () => {
    expect(addressRefusal('::ffff:10.0.0.1', PUBLIC_ONLY)).toMatch(/private/);
    expect(addressRefusal('64:ff9b::a9fe:a9fe', ON_PREMISES)).toMatch(/metadata/);
    expect(addressRefusal('fd00:ec2::254', ON_PREMISES)).toMatch(/metadata/);
    expect(addressRefusal('203.0.113.9', PUBLIC_ONLY)).toBeUndefined();
    expect(addressRefusal('not-an-ip', ON_PREMISES)).toMatch(/not an IP/);
  });
});

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = join(__dirname, '../..');

/** README.md, every Markdown file under docs/ and each lib's README: what a user or a contributor of the repository reads. */
const documents = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.md'))
    .map((file) => join('docs', file)),
  ...readdirSync(join(ROOT, 'libs')).flatMap((lib) =>
    existsSync(join(ROOT, 'libs', lib, 'README.md')) ? [join('libs', lib, 'README.md')] : [],
  ),
];

/** Inline links and images `[text](target)`, reference definitions `[id]: target`, and HTML href/src. */
function linkTargets(markdown: string): string[] {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, '');
  return [
    ...[...withoutCode.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1]!),
    ...[...withoutCode.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((match) => match[1]!),
    ...[...withoutCode.matchAll(/\b(?:href|src)\s*=\s*["']([^"']+)["']/g)].map((match) => match[1]!),
  ];
}

describe('README and docs stand on their own', () => {
  it('reads some documents and finds their links (the scan itself works)', () => {
    expect(documents).toEqual(expect.arrayContaining(['README.md', join('docs', 'reference', 'events.md')]));
    expect(linkTargets('see [a](a.md), ![b](img/b.png "t"), <a href="c.md">c</a>\n[d]: ../d.md\n```\n[e](e.md)\n```')).toEqual([
      'a.md',
      'img/b.png',
      '../d.md',
      'c.md',
    ]);
  });

  it.each(documents)('%s: every link is a file of this repository that exists', (document) => {
    const outside: string[] = [];
    for (const target of linkTargets(readFileSync(join(ROOT, document), 'utf8'))) {
      if (target.startsWith('#')) continue;
      const path = decodeURIComponent(target.split('#')[0]!);
      const resolved = resolve(ROOT, dirname(document), path);
      const inside = !/^[a-z][a-z0-9+.-]*:/i.test(target) && !path.startsWith('/') && !relative(ROOT, resolved).startsWith('..');
      if (!inside || !existsSync(resolved)) outside.push(target);
    }
    expect(outside).toEqual([]);
  });

  it.each(documents)("%s: names no folder outside the repository (such as the product team's own spec)", (document) => {
    expect(readFileSync(join(ROOT, document), 'utf8')).not.toMatch(/\.\.\/shared\b|\/work\/|shared\/spec/);
  });
});

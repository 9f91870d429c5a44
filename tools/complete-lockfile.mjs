#!/usr/bin/env node
/**
 * Run after any `npm install` that changes dependencies: `npm run lock:complete`.
 *
 * The registry mirror this project is developed against serves each native
 * package only for the platforms its machines run (linux x64), so npm leaves
 * the other platforms' optional binaries (@swc/core-darwin-arm64, chdb's
 * darwin engine, …) out of package-lock.json, and `npm ci` then refuses the
 * lock as out of sync. This adds the missing entries, marked optional and
 * bound to their os/cpu, so `npm ci` accepts the lock and skips them on
 * platforms they are not for (and fetches them on the real registry where
 * they are).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const LOCK = 'package-lock.json';
const OSES = ['darwin', 'linux', 'win32', 'android', 'freebsd', 'openharmony'];
const CPUS = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64'];

function missingFromLock() {
  try {
    execFileSync('npm', ['ci', '--dry-run', '--ignore-scripts'], { stdio: 'pipe', encoding: 'utf8' });
    return [];
  } catch (error) {
    return [...String(error.stderr).matchAll(/Missing: (@?[^@\s]+(?:\/[^@\s]+)?)@(\S*) from lock file/g)].map(([, name, version]) => ({
      name,
      version,
    }));
  }
}

function platformOf(name) {
  const base = name.split('/').pop();
  const os = OSES.find((candidate) => base.includes(candidate));
  const cpu = CPUS.find((candidate) => new RegExp(`-${candidate}(-|$)`).test(base));
  if (!os || !cpu) throw new Error(`${name} is missing from the lock but is not a platform binary: run npm install`);
  const libc = os === 'linux' ? (base.includes('musl') ? 'musl' : base.includes('gnu') ? 'glibc' : undefined) : undefined;
  return { os, cpu, libc };
}

const missing = missingFromLock();
const lock = JSON.parse(readFileSync(LOCK, 'utf8'));
for (const { name, version } of missing) {
  const wanted =
    version ||
    Object.values(lock.packages)
      .map((entry) => entry.optionalDependencies?.[name])
      .find(Boolean);
  const { os, cpu, libc } = platformOf(name);
  lock.packages[`node_modules/${name}`] = { version: wanted, cpu: [cpu], optional: true, os: [os], ...(libc ? { libc: [libc] } : {}) };
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
writeFileSync(LOCK, `${JSON.stringify(lock, null, 2)}\n`);
const left = missingFromLock();
if (left.length > 0) throw new Error(`still missing: ${left.map((entry) => entry.name).join(', ')}`);
console.log(`${LOCK}: added ${missing.length} platform entries; npm ci accepts it`);

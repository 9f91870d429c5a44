import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { EnvSchema, loadConfig } from '../../libs/config/src/config.schema.js';

/*
 * No Docker engine, kubectl, helm or kubeconform runs here: these tests check
 * what can be checked without them. The engine's environment, as each file
 * sets it, must pass the engine's own config validation; names that one file
 * declares and another uses (hosts, shards, replicas, secrets, cluster sizes)
 * must agree; and the commands the image runs must exist in the build.
 */
const DEPLOY = resolve('deploy');
const read = (...path: string[]) => readFileSync(join(DEPLOY, ...path), 'utf8');
const ENV_KEYS = new Set(Object.keys(EnvSchema.shape));
const PASSWORD = 'compose-check-password';
const ADMIN_KEY = 'deploy-check-admin-key-0123456789abcdef';

/** What the image sets for every container (its ENV lines), under what each file adds. */
const IMAGE_ENV: Env = Object.fromEntries(
  [...readFileSync(join(DEPLOY, 'Dockerfile'), 'utf8').matchAll(/^ENV (.+)$/gm)].flatMap(([, pairs]) =>
    pairs!.split(' ').map((pair) => pair.split('=') as [string, string]),
  ),
);

type Env = Record<string, string>;

/** Each `<shard>` of the cluster's remote_servers, as its replicas' hosts. */
function shardsOf(xml: string, cluster: string): string[][] {
  const servers = new RegExp(`<${cluster}>([\\s\\S]*?)</${cluster}>`).exec(xml)?.[1] ?? '';
  return [...servers.matchAll(/<shard>([\s\S]*?)<\/shard>/g)].map(([, shard]) =>
    [...shard!.matchAll(/<host>([^<]+)<\/host>/g)].map(([, host]) => host!),
  );
}

const keeperHosts = (xml: string) =>
  [...xml.matchAll(/<server><id>(\d+)<\/id><hostname>([^<]+)<\/hostname>/g)].map(([, id, host]) => [Number(id), host!] as const);
const zookeeperHosts = (xml: string) => [...xml.matchAll(/<node><host>([^<]+)<\/host>/g)].map(([, host]) => host!);

function expectValidEngineEnv(env: Env) {
  for (const key of Object.keys(env)) expect(ENV_KEYS).toContain(key);
  const config = loadConfig({ ...IMAGE_ENV, ...env, CLICKHOUSE_PASSWORD: PASSWORD });
  // The image listens beyond loopback: the engine starts only with the operator's key set.
  expect(config.host).toBe('0.0.0.0');
  expect(config.auth.adminKey).toBe(ADMIN_KEY);
  expect(config.eventStore.kind).toBe('eventstoredb');
  expect(config.analytics).toMatchObject({ mode: 'server', password: PASSWORD, cluster: env.CLICKHOUSE_CLUSTER });
  expect(config.projector).toBe('external');
  return config;
}

describe('deploy/Dockerfile', () => {
  const dockerfile = read('Dockerfile');

  it('runs the API by default and is built from the repository root', () => {
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)![1]!) as string[];
    expect(cmd).toEqual(['node', 'dist/apps/api/src/main.js']);
    // The tests run after `npm run build`: the commands the image and the stacks start exist in it.
    expect(existsSync(resolve(cmd[1]!))).toBe(true);
    expect(existsSync(resolve('dist/apps/projector/src/main.js'))).toBe(true);
    expect(dockerfile).toMatch(/^COPY --from=build \/app\/dist \.\/dist$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
  });
});

describe('deploy/docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, any>; volumes: Record<string, unknown> };
  const services = compose.services;
  const named = (prefix: string) => Object.keys(services).filter((name) => name.startsWith(prefix));
  const interpolate = (env: Env): Env =>
    Object.fromEntries(
      Object.entries(env).map(([key, value]) => [
        key,
        String(value)
          .replace(/\$\{CLICKHOUSE_PASSWORD:\?[^}]*\}/, PASSWORD)
          .replace(/\$\{ORGHEALTH_ADMIN_KEY:\?[^}]*\}/, ADMIN_KEY),
      ]),
    );

  it('runs the stack the issue names: 3 KurrentDB nodes, 2 x 2 ClickHouse, 3 Keepers, the API and the projector from one image', () => {
    expect(named('kurrentdb')).toHaveLength(3);
    expect(named('clickhouse-keeper')).toHaveLength(3);
    expect(named('clickhouse-s')).toHaveLength(4);
    expect(services.api.build).toEqual({ context: '..', dockerfile: 'deploy/Dockerfile' });
    expect(services.projector.image).toBe(services.api.image);
    expect(services.projector.command).toEqual(['node', 'dist/apps/projector/src/main.js']);
  });

  it('configures the API and the projector with variables the engine accepts', () => {
    for (const name of ['api', 'projector']) {
      const config = expectValidEngineEnv(interpolate(services[name].environment));
      expect(config.eventStore).toEqual({
        kind: 'eventstoredb',
        connectionString: expect.stringMatching(/^esdb:\/\/kurrentdb1:2113,kurrentdb2:2113,kurrentdb3:2113\?tls=true/),
      });
    }
    expect(services.api.environment.CLICKHOUSE_PASSWORD).toMatch(/^\$\{CLICKHOUSE_PASSWORD:\?/);
  });

  it('forms one KurrentDB cluster: its size, gossip seeds and certificates agree', () => {
    for (const name of named('kurrentdb')) {
      const env = services[name].environment;
      const node = name.replace('kurrentdb', '');
      expect(env.KURRENTDB_CLUSTER_SIZE).toBe('3');
      expect(env.KURRENTDB_GOSSIP_SEED.split(',').sort()).toEqual(
        named('kurrentdb')
          .filter((other) => other !== name)
          .map((other) => `${other}:2113`),
      );
      expect(env.KURRENTDB_CERTIFICATE_FILE).toBe(`/certs/node${node}/node.crt`);
      expect(services.certs.command).toContain(`-out node${node} -dns-names ${name}`);
    }
  });

  it('forms one ClickHouse cluster: shards and replicas as cluster.xml lists them, Keepers as keeper.xml does', () => {
    const clusterXml = read('clickhouse', 'cluster.xml');
    const cluster = services.api.environment.CLICKHOUSE_CLUSTER;
    const shards = shardsOf(clusterXml, cluster);
    expect(shards.map((hosts) => hosts.length)).toEqual([2, 2]);
    for (const name of named('clickhouse-s')) {
      const env = services[name].environment;
      expect(shards[Number(env.CH_SHARD) - 1]).toContain(name);
      expect(env.CH_REPLICA).toBe(name);
      expect(services[name].volumes).toContain('./clickhouse/cluster.xml:/etc/clickhouse-server/config.d/cluster.xml:ro');
    }
    expect(zookeeperHosts(clusterXml)).toEqual(named('clickhouse-keeper'));
    const keepers = keeperHosts(read('clickhouse', 'keeper.xml'));
    expect(keepers.map(([, host]) => host)).toEqual(named('clickhouse-keeper'));
    for (const [id, host] of keepers) expect(services[host].environment.KEEPER_SERVER_ID).toBe(String(id));
    expect(new URL(services.api.environment.CLICKHOUSE_URL).hostname).toBe(shards[0]![0]);
  });

  it("marks the API healthy by its readiness probe, and the image's health check is the same", () => {
    const probe = (command: string) => /fetch\('http:\/\/127\.0\.0\.1:[^']*?(\/health[^']*)'\)/.exec(command)?.[1];
    expect(probe(services.api.healthcheck.test.join(' '))).toBe('/health/ready');
    expect(/fetch\('http:\/\/127\.0\.0\.1:' \+ process\.env\.PORT \+ '(\/health[^']*)'\)/.exec(read('Dockerfile'))?.[1]).toBe(
      '/health/ready',
    );
    expect(services.api.environment.ORGHEALTH_LOG_FORMAT).toBe('json');
  });

  it('declares every named volume it mounts, and every file it mounts exists', () => {
    for (const service of Object.values(services)) {
      for (const volume of (service.volumes ?? []) as string[]) {
        const [source] = volume.split(':');
        if (source!.startsWith('.')) expect(existsSync(join(DEPLOY, source!))).toBe(true);
        else expect(compose.volumes).toHaveProperty([source!]);
      }
    }
  });
});

describe('deploy/k8s', () => {
  const kustomization = parse(read('k8s', 'kustomization.yaml')) as {
    resources: string[];
    configMapGenerator: { name: string; files: string[] }[];
  };
  const documents = kustomization.resources.flatMap((file) =>
    parseAllDocuments(read('k8s', file)).map((document) => {
      expect(document.errors).toEqual([]);
      return document.toJS() as any;
    }),
  );
  const ofKind = (kind: string) => documents.filter((document) => document.kind === kind);
  const byName = (kind: string, name: string) => ofKind(kind).find((document) => document.metadata.name === name);
  const workloads = [...ofKind('Deployment'), ...ofKind('StatefulSet')];
  const configMaps = new Set([
    ...ofKind('ConfigMap').map((map) => map.metadata.name),
    ...kustomization.configMapGenerator.map((map) => map.name),
  ]);
  // Created by the operator, as docs/operations.md says: not kept in the repository.
  const SECRETS = new Set(['orghealth-secrets', 'kurrentdb-certs']);

  it('is well-formed: every object named, every workload selecting its own pods with sized containers', () => {
    for (const document of documents) {
      expect(document).toMatchObject({ apiVersion: expect.any(String), kind: expect.any(String), metadata: { name: expect.any(String) } });
    }
    for (const workload of workloads) {
      expect(workload.spec.template.metadata.labels).toMatchObject(workload.spec.selector.matchLabels);
      for (const container of workload.spec.template.spec.containers) {
        expect(container).toMatchObject({
          name: expect.any(String),
          image: expect.any(String),
          resources: { requests: expect.any(Object) },
        });
      }
    }
    for (const file of kustomization.configMapGenerator.flatMap((map) => map.files))
      expect(existsSync(join(DEPLOY, 'k8s', file))).toBe(true);
  });

  it('only refers to what it defines or the operator creates: services select pods, config maps and secrets exist', () => {
    for (const service of ofKind('Service')) {
      expect(
        workloads.some((workload) =>
          Object.entries(service.spec.selector).every(([key, value]) => workload.spec.template.metadata.labels[key] === value),
        ),
      ).toBe(true);
    }
    const pods = workloads.map((workload) => workload.spec.template.spec);
    for (const pod of pods) {
      for (const volume of pod.volumes ?? []) {
        if (volume.configMap) expect(configMaps).toContain(volume.configMap.name);
        if (volume.secret) expect(SECRETS).toContain(volume.secret.secretName);
      }
      for (const container of pod.containers) {
        for (const from of container.envFrom ?? []) expect(configMaps).toContain(from.configMapRef.name);
        for (const variable of container.env ?? [])
          if (variable.valueFrom?.secretKeyRef) expect(SECRETS).toContain(variable.valueFrom.secretKeyRef.name);
      }
    }
    for (const set of ofKind('StatefulSet')) expect(byName('Service', set.spec.serviceName)?.spec.clusterIP).toBe('None');
  });

  it('configures the API and the projector with variables the engine accepts, one projector at a time', () => {
    const env = byName('ConfigMap', 'orghealth-config').data as Env;
    // The API's replicas share the secret their analysts' ClickHouse passwords derive from; the projector runs no analyst SQL.
    const expected = {
      'orghealth-api': ['CLICKHOUSE_ANALYST_SECRET', 'CLICKHOUSE_PASSWORD', 'ORGHEALTH_ADMIN_KEY'],
      'orghealth-projector': ['CLICKHOUSE_PASSWORD', 'ORGHEALTH_ADMIN_KEY'],
    };
    for (const [name, secretNames] of Object.entries(expected)) {
      const secrets = (
        byName('Deployment', name).spec.template.spec.containers[0].env as { name: string; valueFrom?: { secretKeyRef?: unknown } }[]
      )
        .filter((variable) => variable.valueFrom?.secretKeyRef)
        .map((variable) => variable.name);
      expect(secrets.sort()).toEqual(secretNames);
      const config = expectValidEngineEnv({
        ...env,
        ORGHEALTH_ADMIN_KEY: ADMIN_KEY,
        ...(secrets.includes('CLICKHOUSE_ANALYST_SECRET') ? { CLICKHOUSE_ANALYST_SECRET: ADMIN_KEY } : {}),
      });
      expect(config.analytics).toMatchObject({ analysts: { isolation: 'users' } });
    }
    expect(env.EVENTSTORE_CONNECTION_STRING).toMatch(/^esdb\+discover:\/\/kurrentdb\.orghealth\.svc\.cluster\.local:2113\?tls=true/);
    expect(new URL(env.CLICKHOUSE_URL!).hostname).toBe('clickhouse');
    const projector = byName('Deployment', 'orghealth-projector');
    expect(projector.spec).toMatchObject({ replicas: 1, strategy: { type: 'Recreate' } });
    expect(projector.spec.template.spec.containers[0].command).toEqual(['node', 'dist/apps/projector/src/main.js']);
  });

  it('probes the API: ready on /health/ready, alive on /health/live, scraped on its metrics port', () => {
    const pod = byName('Deployment', 'orghealth-api').spec.template;
    const [api] = pod.spec.containers;
    const env = byName('ConfigMap', 'orghealth-config').data as Env;
    expect(api.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: Number(env.PORT) });
    expect(api.livenessProbe.httpGet).toEqual({ path: '/health/live', port: Number(env.PORT) });
    const metricsPort = loadConfig({ ...env, ORGHEALTH_ADMIN_KEY: ADMIN_KEY, CLICKHOUSE_PASSWORD: PASSWORD }).metrics.port;
    expect(api.ports).toContainEqual({ name: 'metrics', containerPort: metricsPort });
    expect(pod.metadata.annotations).toMatchObject({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': String(metricsPort),
      'prometheus.io/path': '/metrics',
    });
    // Scraped per pod, never through the Service that faces the clients.
    expect(byName('Service', 'orghealth').spec.ports.map((port: { targetPort: number }) => port.targetPort)).not.toContain(metricsPort);
  });

  it('sizes the clusters as their configuration lists them', () => {
    const kurrentdb = byName('StatefulSet', 'kurrentdb');
    const sizeVariable = kurrentdb.spec.template.spec.containers[0].env.find(
      (variable: { name: string }) => variable.name === 'KURRENTDB_CLUSTER_SIZE',
    );
    expect(kurrentdb.spec.replicas).toBe(Number(sizeVariable.value));

    const clusterXml = read('k8s', 'cluster.xml');
    const shards = shardsOf(clusterXml, byName('ConfigMap', 'orghealth-config').data.CLICKHOUSE_CLUSTER);
    expect(shards).toHaveLength(2);
    shards.forEach((hosts, index) => {
      const set = byName('StatefulSet', `clickhouse-s${index + 1}`);
      expect(hosts).toEqual(
        Array.from({ length: set.spec.replicas }, (_, ordinal) => `${set.metadata.name}-${ordinal}.${set.spec.serviceName}`),
      );
      expect(set.spec.template.spec.containers[0].env).toContainEqual({ name: 'CH_SHARD', value: String(index + 1) });
    });

    const keeper = byName('StatefulSet', 'clickhouse-keeper');
    const expectedKeepers = Array.from({ length: keeper.spec.replicas }, (_, ordinal) => `clickhouse-keeper-${ordinal}.clickhouse-keeper`);
    expect(keeperHosts(read('k8s', 'keeper.xml'))).toEqual(expectedKeepers.map((host, ordinal) => [ordinal + 1, host]));
    expect(zookeeperHosts(clusterXml)).toEqual(expectedKeepers);
  });
});

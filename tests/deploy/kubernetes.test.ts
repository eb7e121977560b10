// The Kubernetes manifests and the Dockerfile, checked offline: every resource validates against the
// Kubernetes OpenAPI schema (kubernetes-models ships it), the kustomization lists existing files, the
// roles are split as designed, and the Dockerfile is multi-stage, pinned, non-root and secret-free.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1';
import { ConfigMap, Namespace, PersistentVolumeClaim, Service } from 'kubernetes-models/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { publishLoop, REPO } from '../../testkit/run-cli.ts';
import { writeTestLoop } from '../../testkit/demo-loop.ts';

const K8S = path.join(REPO, 'deploy', 'k8s');
const MODELS: Record<string, new (value: never) => { validate(): void }> = {
  'v1/Namespace': Namespace, 'v1/ConfigMap': ConfigMap, 'v1/PersistentVolumeClaim': PersistentVolumeClaim, 'v1/Service': Service,
  'apps/v1/Deployment': Deployment, 'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

type Resource = { apiVersion: string; kind: string; metadata: { name: string }; spec?: Record<string, unknown>; data?: Record<string, string> };

function resources(): Resource[] {
  return readdirSync(K8S).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml').flatMap((file) => {
    const docs = parseAllDocuments(readFileSync(path.join(K8S, file), 'utf8'));
    for (const doc of docs) expect(doc.errors, file).toEqual([]);
    return docs.map((doc) => doc.toJS() as Resource);
  });
}
const find = (kind: string, name: string) => resources().find((r) => r.kind === kind && r.metadata.name === name)!;
/** Parsed YAML, walked freely: the schema check above has vouched for its shape. */
// biome-ignore lint/suspicious/noExplicitAny: validated against the Kubernetes schemas first
type Any = any;

describe('the Kubernetes manifests', () => {
  it('validate against the Kubernetes schema, and the kustomization lists exactly the files there are', () => {
    const all = resources();
    expect(all.length).toBeGreaterThanOrEqual(8);
    for (const resource of all) {
      const Model = MODELS[`${resource.apiVersion}/${resource.kind}`];
      expect(Model, `${resource.apiVersion} ${resource.kind}`).toBeDefined();
      expect(() => new Model!(resource as never).validate(), `${resource.kind} ${resource.metadata.name}`).not.toThrow();
    }
    const kustomization = parseAllDocuments(readFileSync(path.join(K8S, 'kustomization.yaml'), 'utf8'))[0]!.toJS() as { resources: string[] };
    for (const file of kustomization.resources) expect(existsSync(path.join(K8S, file)), file).toBe(true);
    expect(kustomization.resources.sort()).toEqual(readdirSync(K8S).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml').sort());
    // A broken resource fails: the check is real.
    expect(() => new Deployment({ metadata: { name: 'x' }, spec: { replicas: 'two' } } as never).validate()).toThrow();
  });

  it('run one publisher owning SQLite on a ReadWriteOnce volume, and read-only, non-root servers behind a Service and a disruption budget', () => {
    const publisher = find('Deployment', 'journey-publisher').spec as Any;
    expect(publisher.replicas).toBe(1);
    expect(publisher.strategy.type).toBe('Recreate');
    const main = publisher.template.spec.containers[0];
    expect(main.args).toEqual(['server/start-cli.ts']);
    expect(main.env).toContainEqual({ name: 'JOURNEY_DB_DIR', value: '/var/lib/journey' });
    expect(publisher.template.spec.containers.map((c: Any) => c.command?.[2] ?? c.args.join(' ')).join('\n'))
      .toMatch(/monitor-cli\.ts --log; sleep 180[\s\S]*watchdog-cli\.ts; sleep 300[\s\S]*judge-cli\.ts; sleep 1800/);
    // The worker's publishes skip the narrative step, as the systemd server unit's do.
    expect(main.env).toContainEqual({ name: 'JOURNEY_NO_CODEX_CLEANUP', value: '1' });
    expect(publisher.template.spec.volumes).toContainEqual({ name: 'db', persistentVolumeClaim: { claimName: 'journey-db' } });
    expect((find('PersistentVolumeClaim', 'journey-db').spec as Any).accessModes).toEqual(['ReadWriteOnce']);
    expect((find('PersistentVolumeClaim', 'journey-site').spec as Any).accessModes).toEqual(['ReadWriteMany']);
    expect(find('ConfigMap', 'journey-config').data!['JOURNEY_RECONCILE_SECONDS']).toBe('5'); // the trigger polled: inotify misses other pods

    const server = find('Deployment', 'journey-server').spec as Any;
    expect(server.replicas).toBeGreaterThanOrEqual(2);
    const container = server.template.spec.containers[0];
    expect(container.args).toEqual(['server/serve-cli.ts', '--no-worker', '--no-trigger']);
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(server.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(container.volumeMounts).toEqual([{ name: 'site', mountPath: '/data/autoswe', readOnly: true }]);
    expect(container.readinessProbe.httpGet).toMatchObject({ path: '/', port: 'http' });
    expect(container.livenessProbe.httpGet.path).toBeDefined();
    expect(container.resources.limits.memory).toBeDefined();
    expect((find('PodDisruptionBudget', 'journey-server').spec as Any).selector.matchLabels).toEqual(server.selector.matchLabels);
    expect((find('Service', 'journey').spec as Any).selector).toEqual(server.selector.matchLabels);
  });

  it('start the monitor, watchdog and meta-judge loops after the seed\'s boot delays: 1, 2 and 5 minutes, then every 3, 5 and 30', () => {
    const containers = (find('Deployment', 'journey-publisher').spec as Any).template.spec.containers as Any[];
    const calls = (name: string) => {
      const command = containers.find((c) => c.name === name).command as string[];
      expect(command.slice(0, 2)).toEqual(['/bin/sh', '-c']);
      // The container's own shell loop, with `sleep` and `node` standing in: a sleep records its
      // seconds, a node its script; the fourth call ends the loop.
      const bin = mkdtempSync(path.join(tmpdir(), 'journey-sidecar-'));
      const log = path.join(bin, 'calls');
      const stub = (name: string) => {
        writeFileSync(path.join(bin, name), `#!/bin/sh\necho "${name} $1" >> ${log}\n[ "$(wc -l < ${log})" -ge 4 ] && kill $PPID\nexit 0\n`);
        chmodSync(path.join(bin, name), 0o755);
      };
      stub('sleep');
      stub('node');
      spawnSync('/bin/sh', ['-c', command[2]!], { env: { PATH: `${bin}:/usr/bin:/bin` }, timeout: 10_000 });
      return readFileSync(log, 'utf8').trim().split('\n');
    };
    expect(calls('monitor')).toEqual(['sleep 60', 'node ops/monitor-cli.ts', 'sleep 180', 'node ops/monitor-cli.ts']);
    expect(calls('watchdog')).toEqual(['sleep 120', 'node ops/watchdog-cli.ts', 'sleep 300', 'node ops/watchdog-cli.ts']);
    expect(calls('meta-judge')).toEqual(['sleep 300', 'node ops/judge-cli.ts', 'sleep 1800', 'node ops/judge-cli.ts']);
  });

  it('keeps journey.db where JOURNEY_DB_DIR says, apart from the shared data folder', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'journey-dbdir-'));
    writeTestLoop(path.join(root, 'loop'), 2);
    const run = await publishLoop(path.join(root, 'loop'), path.join(root, 'site'), { env: { JOURNEY_DB_DIR: path.join(root, 'db'), JOURNEY_REDACT_KEY: 'dbdir-test-key-0123456789' } });
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(path.join(root, 'db', 'journey.db'))).toBe(true);
    expect(existsSync(path.join(root, 'site', 'journey.db'))).toBe(false);
    expect(existsSync(path.join(root, 'site', 'current', 'index.html'))).toBe(true);
  }, 120_000);
});

describe('the Dockerfile', () => {
  const dockerfile = readFileSync(path.join(REPO, 'Dockerfile'), 'utf8');
  const lines = dockerfile.split('\n').filter((line) => line.trim() && !line.trimStart().startsWith('#'));
  const stages = lines.filter((line) => /^FROM /i.test(line));

  it('builds in stages on a pinned Node 24 base and runs as a non-root user without dev dependencies', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const from of stages) expect(from).toMatch(/^FROM node:24\.\d+\.\d+-[a-z]+-slim(?:@sha256:[0-9a-f]{64})?(?: AS \w+)?$/);
    const final = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(final).toMatch(/^USER (?!root\b|0\b)\w+$/m);
    expect(final).not.toMatch(/npm (?:ci|install)(?![^\n]*--omit=dev)/);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
  });

  it('copies no secret, no data and no local tools into the image', () => {
    const copies = lines.filter((line) => /^(?:COPY|ADD) /i.test(line)).join('\n');
    expect(copies).not.toMatch(/\.env|\.key|\.pem|secret|credential|\bdata\b|\.tools/i);
    expect(copies).not.toMatch(/^COPY \. /m); // nothing wholesale: each folder by name
    const ignored = readFileSync(path.join(REPO, '.dockerignore'), 'utf8').split('\n');
    for (const pattern of ['data', '.tools', '**/*.env', '**/*.key']) expect(ignored).toContain(pattern);
  });
});

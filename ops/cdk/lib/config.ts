// config.ts: the deploy's inputs, from environment variables with the old
// CDK app's names and defaults. Nothing here looks anything up: `cdk synth`
// runs with no AWS credentials and no network.

export type EnvironmentName = 'dev' | 'app';

export interface Config {
  environment: EnvironmentName; // dev (tags rc*) or app (tags v*, production)
  appName: string; // APP_NAME
  fullAppName: string; // ENVIRONMENT-APP_NAME: stack name, CloudWatch namespace
  domainName: string; // DOMAIN_NAME: the hosted zone's domain
  siteDomain: string; // ENVIRONMENT.DOMAIN_NAME: what CloudFront serves
  originDomain: string; // origin-ENVIRONMENT.DOMAIN_NAME: the ALB, for CloudFront only
  hostedZoneId: string; // HOSTED_ZONE_ID: imported from attributes, no lookup
  account: string; // CDK_DEFAULT_ACCOUNT / AWS_ACCOUNT_ID
  region: string; // AWS_DEFAULT_REGION
  availabilityZones: string[]; // AVAILABILITY_ZONES (default: the region's a and b)
  appImage: string; // APP_IMAGE: the C programs (ops/docker/app.Dockerfile)
  nginxImage: string; // NGINX_IMAGE: nginx + SPA + static (ops/docker/nginx.Dockerfile)
  workerMax: number; // WORKER_MAX_COUNT: the worker service's ceiling
  queues: string[]; // CELERY_QUEUE_DEFAULT, CELERY_QUEUE_OTHER
}

// environmentFromTag: the old pipeline's rule, rc* tags deploy dev and v*
// tags deploy app; ENVIRONMENT set explicitly wins.
export function environmentFromTag(env: NodeJS.ProcessEnv): EnvironmentName {
  const explicit = env.ENVIRONMENT;
  if (explicit) {
    if (explicit !== 'dev' && explicit !== 'app')
      throw new Error(`ENVIRONMENT must be dev or app, not "${explicit}"`);
    return explicit;
  }
  const tag = env.CI_COMMIT_TAG ?? '';
  if (/^v/.test(tag)) return 'app';
  return 'dev';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const environment = environmentFromTag(env);
  const appName = env.APP_NAME ?? 'verbose-c';
  const domainName = env.DOMAIN_NAME ?? 'example.com';
  const region = env.AWS_DEFAULT_REGION ?? env.CDK_DEFAULT_REGION ?? 'us-east-1';
  const account = env.AWS_ACCOUNT_ID ?? env.CDK_DEFAULT_ACCOUNT ?? '123456789012';
  const registry = `${account}.dkr.ecr.${region}.amazonaws.com`;
  const tag = env.IMAGE_TAG ?? env.CI_COMMIT_TAG ?? 'latest';
  const workerMax = Number(env.WORKER_MAX_COUNT ?? '2');
  if (!Number.isInteger(workerMax) || workerMax < 1)
    throw new Error(`WORKER_MAX_COUNT must be a whole number >= 1, not "${env.WORKER_MAX_COUNT}"`);
  return {
    environment,
    appName,
    fullAppName: `${environment}-${appName}`,
    domainName,
    siteDomain: `${environment}.${domainName}`,
    originDomain: `origin-${environment}.${domainName}`,
    hostedZoneId: env.HOSTED_ZONE_ID ?? 'Z00000000000000000000',
    account,
    region,
    availabilityZones: (env.AVAILABILITY_ZONES ?? `${region}a,${region}b`).split(','),
    appImage: env.APP_IMAGE ?? `${registry}/${appName}-app:${tag}`,
    nginxImage: env.NGINX_IMAGE ?? `${registry}/${appName}-nginx:${tag}`,
    workerMax,
    queues: [env.CELERY_QUEUE_DEFAULT ?? 'default', env.CELERY_QUEUE_OTHER ?? 'other'],
  };
}

// stack.ts: the platform on AWS, in the design card's shape. One stack per
// environment (dev, app); every resource tagged StackName and Environment.
//
// The web service is ONE Fargate task per replica: nginx (the ALB's target,
// port 8080, as www-data: SPA, static files, and the proxy) beside one container per C
// program, all from the same app image. One container per program, not one
// container running several, because then ECS itself supervises each
// program (its own health check, its own restart of the task when one
// dies, its own log stream, its own stop timeout for the SIGTERM drain) and
// the image needs no process supervisor; the programs share the task's
// network namespace, so nginx reaches them on 127.0.0.1 as under ops/run.
import {
  App, Aws, CfnOutput, Duration, RemovalPolicy, Stack, StackProps, Tags,
} from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as r53targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { Config } from './config';
import { suppressNag } from './nag';

// The C programs of the web task: name, command, listen variable and port
// (the ports nginx's upstreams point to, as in ops/docker/compose.yml).
export const PROGRAMS = [
  { name: 'api', command: ['/usr/libexec/verbose-c/api'], env: 'FCGI_LISTEN', port: 9000, upstream: 'API_UPSTREAM' },
  { name: 'flower', command: ['/usr/libexec/verbose-c/flower'], env: 'FCGI_LISTEN', port: 9001, upstream: 'FLOWER_UPSTREAM' },
  { name: 'graphql', command: ['/usr/libexec/verbose-c/graphql'], env: 'FCGI_LISTEN', port: 9002, upstream: 'GRAPHQL_UPSTREAM' },
  { name: 'admin', command: ['/usr/libexec/verbose-c/admin'], env: 'FCGI_LISTEN', port: 9003, upstream: 'ADMIN_UPSTREAM' },
  { name: 'wsd', command: ['/usr/bin/wsd'], env: 'WS_LISTEN', port: 8001, upstream: 'WSD_UPSTREAM' },
] as const;

// CloudFront paths forwarded uncached to the ALB (websockets included).
export const DYNAMIC_PATHS = ['/api/*', '/graphql/*', '/admin/*', '/flower/*', '/ws/*'];
// CloudFront paths served from the static bucket (Origin Access Control),
// cached: the SPA's hashed assets and /static/ (admin, graphiql assets,
// robots.txt). `worker-ctl collectstatic` puts each file under the key of
// its URL path (lib/storage/collectstatic.h). Everything else, the SPA's
// index.html and its routes included (history-mode fallback, CSP), stays
// with nginx through the ALB.
export const STATIC_PATHS = ['/static/*', '/assets/*'];
// The queue metric is published every METRICS_INTERVAL (60 s) by the web
// task's metrics container (`worker-ctl metrics --publish --watch`, at once
// when work reaches an idle queue) and by a running worker; the scaling
// alarms' period holds three publications.
export const METRICS_INTERVAL = Duration.seconds(60);
export const ALARM_PERIOD = Duration.minutes(3);
// nginx runs as www-data (ops/docker/nginx.Dockerfile): an unprivileged port.
export const NGINX_PORT = 8080;

const CHECK_TIMING = {
  interval: Duration.seconds(15),
  timeout: Duration.seconds(5),
  retries: 3,
  startPeriod: Duration.seconds(20),
};

// probeHealthCheck: the program's port answers. The programs speak FastCGI
// (no HTTP of their own) and the app image has no shell (FROM scratch), so
// the check is `worker-ctl probe`, a TCP connect that reads no settings.
function probeHealthCheck(port: number): ecs.HealthCheck {
  return { command: ['CMD', '/usr/bin/worker-ctl', 'probe', `127.0.0.1:${port}`], ...CHECK_TIMING };
}

// nginx's image is Debian's (it has bash): a TCP connect to its port.
function nginxHealthCheck(): ecs.HealthCheck {
  return { command: ['CMD-SHELL', `bash -c '</dev/tcp/127.0.0.1/${NGINX_PORT}' || exit 1`], ...CHECK_TIMING };
}

export class PlatformStack extends Stack {
  constructor(scope: Construct, id: string, cfg: Config, props: StackProps & { cloudFrontCert?: acm.ICertificate }) {
    super(scope, id, props);
    const prod = cfg.environment === 'app';
    const retention = prod ? logs.RetentionDays.THREE_MONTHS : logs.RetentionDays.ONE_WEEK;
    const removal = prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    // Network: 2 AZs, public subnets (ALB, tasks with public IPs to reach
    // ECR, Secrets Manager, CloudWatch without a NAT gateway) and isolated
    // subnets (PostgreSQL, Redis). No NAT gateway: it is the idle cost.
    const vpc = new ec2.Vpc(this, 'Vpc', {
      // Named, not looked up: synth makes no AWS call.
      availabilityZones: cfg.availabilityZones,
      natGateways: 0,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
    vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(new logs.LogGroup(this, 'FlowLogGroup', { retention, removalPolicy: removal })),
      trafficType: ec2.FlowLogTrafficType.REJECT,
    });

    const albSg = new ec2.SecurityGroup(this, 'AlbSg', { vpc, description: 'ALB: HTTPS and HTTP (redirect) from anywhere' });
    albSg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS');
    albSg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'HTTP, redirected to HTTPS');
    const appSg = new ec2.SecurityGroup(this, 'AppSg', { vpc, description: 'App tasks: nginx only from the ALB' });
    appSg.addIngressRule(albSg, ec2.Port.tcp(NGINX_PORT), 'nginx from the ALB');
    const dbSg = new ec2.SecurityGroup(this, 'DbSg', { vpc, description: 'PostgreSQL: only from the app tasks', allowAllOutbound: false });
    dbSg.addIngressRule(appSg, ec2.Port.tcp(5432), 'PostgreSQL from the app tasks');
    const redisSg = new ec2.SecurityGroup(this, 'RedisSg', { vpc, description: 'Redis: only from the app tasks', allowAllOutbound: false });
    redisSg.addIngressRule(appSg, ec2.Port.tcp(6379), 'Redis from the app tasks');

    // Aurora PostgreSQL Serverless v2, PostgreSQL 15.
    const db = new rds.DatabaseCluster(this, 'Database', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_15_8 }),
      credentials: rds.Credentials.fromGeneratedSecret('postgres'),
      defaultDatabaseName: 'postgres',
      writer: rds.ClusterInstance.serverlessV2('writer'),
      serverlessV2MinCapacity: 0.5,
      serverlessV2MaxCapacity: prod ? 8 : 2,
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [dbSg],
      storageEncrypted: true,
      deletionProtection: prod,
      backup: { retention: Duration.days(prod ? 14 : 1) },
      removalPolicy: prod ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY,
    });

    // ElastiCache Redis in the isolated subnets.
    const redisSubnets = new elasticache.CfnSubnetGroup(this, 'RedisSubnets', {
      description: `${cfg.fullAppName} Redis`,
      subnetIds: vpc.isolatedSubnets.map((s) => s.subnetId),
    });
    const redis = new elasticache.CfnReplicationGroup(this, 'Redis', {
      replicationGroupDescription: `${cfg.fullAppName} queue, sessions, caches`,
      engine: 'redis',
      engineVersion: '7.1',
      cacheNodeType: 'cache.t4g.micro',
      numCacheClusters: prod ? 2 : 1,
      automaticFailoverEnabled: prod,
      multiAzEnabled: prod,
      atRestEncryptionEnabled: true,
      cacheSubnetGroupName: redisSubnets.ref,
      securityGroupIds: [redisSg.securityGroupId],
    });

    // Secrets: generated here (SECRET_KEY, the metrics token), or filled in
    // by the operator after the first deploy (the social keys).
    const appSecret = new secretsmanager.Secret(this, 'AppSecret', {
      description: `${cfg.fullAppName}: SECRET_KEY and CELERY_METRICS_TOKEN`,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({}),
        generateStringKey: 'SECRET_KEY',
        passwordLength: 64,
        excludePunctuation: true,
      },
    });
    const metricsSecret = new secretsmanager.Secret(this, 'MetricsTokenSecret', {
      description: `${cfg.fullAppName}: CELERY_METRICS_TOKEN`,
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    const socialKeys = [
      'SOCIAL_AUTH_GITHUB_KEY', 'SOCIAL_AUTH_GITHUB_SECRET',
      'SOCIAL_AUTH_GOOGLE_OAUTH2_KEY', 'SOCIAL_AUTH_GOOGLE_OAUTH2_SECRET',
      'SOCIAL_AUTH_FACEBOOK_KEY', 'SOCIAL_AUTH_FACEBOOK_SECRET',
    ];
    const socialSecret = new secretsmanager.Secret(this, 'SocialSecret', {
      description: `${cfg.fullAppName}: social login keys (set after the first deploy)`,
      generateSecretString: {
        secretStringTemplate: JSON.stringify(Object.fromEntries(socialKeys.map((k) => [k, '']))),
        generateStringKey: 'unused',
      },
    });
    const superuserSecret = new secretsmanager.Secret(this, 'SuperuserSecret', {
      description: `${cfg.fullAppName}: createsuperuser's password`,
      generateSecretString: { secretStringTemplate: JSON.stringify({}), generateStringKey: 'DJANGO_SUPERUSER_PASSWORD', passwordLength: 32 },
    });
    const secrets: Record<string, ecs.Secret> = {
      SECRET_KEY: ecs.Secret.fromSecretsManager(appSecret, 'SECRET_KEY'),
      POSTGRES_PASSWORD: ecs.Secret.fromSecretsManager(db.secret!, 'password'),
      CELERY_METRICS_TOKEN: ecs.Secret.fromSecretsManager(metricsSecret),
      ...Object.fromEntries(socialKeys.map((k) => [k, ecs.Secret.fromSecretsManager(socialSecret, k)])),
    };

    // The private media bucket (statement files).
    const media = new s3.Bucket(this, 'MediaBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: prod,
      removalPolicy: removal,
      autoDeleteObjects: !prod,
    });

    const environment: Record<string, string> = {
      DEBUG: 'false',
      ALLOWED_HOSTS: `${cfg.siteDomain},${cfg.originDomain}`,
      FULL_APP_NAME: cfg.fullAppName,
      POSTGRES_NAME: 'postgres',
      POSTGRES_USERNAME: 'postgres',
      POSTGRES_SERVICE_HOST: db.clusterEndpoint.hostname,
      POSTGRES_SERVICE_PORT: '5432',
      REDIS_SERVICE_HOST: redis.attrPrimaryEndPointAddress,
      REDIS_SERVICE_PORT: redis.attrPrimaryEndPointPort,
      AWS_DEFAULT_REGION: cfg.region,
      STORAGE_BACKEND: 's3',
      AWS_STORAGE_BUCKET_NAME: media.bucketName,
      CELERY_QUEUE_DEFAULT: cfg.queues[0],
      CELERY_QUEUE_OTHER: cfg.queues[1],
      LOG_LEVEL: prod ? 'info' : 'debug',
    };

    const cluster = new ecs.Cluster(this, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
    const appImage = this.image('AppRepo', cfg.appImage);
    const nginxImage = this.image('NginxRepo', cfg.nginxImage);
    const logGroup = (name: string) =>
      new logs.LogGroup(this, `${name}Logs`, { retention, removalPolicy: removal });

    // The task role: what the programs may do (the execution role, which
    // pulls images and reads the secrets, is CDK's own).
    const grantApp = (role: iam.IRole) => {
      media.grantReadWrite(role);
      role.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'], // PutMetricData has no resource type; narrowed by namespace
        conditions: { StringEquals: { 'cloudwatch:namespace': cfg.fullAppName } },
      }));
    };

    // The web task.
    const webLogs = logGroup('Web');
    const web = new ecs.FargateTaskDefinition(this, 'WebTask', { cpu: 1024, memoryLimitMiB: 2048 });
    grantApp(web.taskRole);
    const programContainers = PROGRAMS.map((p) =>
      web.addContainer(p.name, {
        image: appImage,
        command: [...p.command],
        essential: true,
        environment: { ...environment, [p.env]: `127.0.0.1:${p.port}`, DRAIN_TIMEOUT: '30' },
        secrets,
        healthCheck: probeHealthCheck(p.port),
        stopTimeout: Duration.seconds(40), // DRAIN_TIMEOUT (30 s) and a margin
        logging: ecs.LogDrivers.awsLogs({ logGroup: webLogs, streamPrefix: p.name }),
      }));
    const nginx = web.addContainer('nginx', {
      image: nginxImage,
      essential: true,
      portMappings: [{ containerPort: NGINX_PORT }],
      // No environment: the image's nginx.conf was rendered at build time
      // with these upstreams (ops/docker/nginx.Dockerfile; a test checks the
      // ports agree).
      healthCheck: nginxHealthCheck(),
      stopTimeout: Duration.seconds(40),
      logging: ecs.LogDrivers.awsLogs({ logGroup: webLogs, streamPrefix: 'nginx' }),
    });
    for (const c of programContainers)
      nginx.addContainerDependencies({ container: c, condition: ecs.ContainerDependencyCondition.HEALTHY });
    // Something must publish the queue metric while no worker runs: each
    // web task runs `worker-ctl metrics --publish --watch` (docs/deploy.md:
    // every METRICS_INTERVAL, and at once when work reaches an idle queue;
    // no scheduled task, no function, the same image and settings).
    web.addContainer('metrics', {
      image: appImage,
      command: ['/usr/bin/worker-ctl', 'metrics', '--publish', '--watch'],
      essential: true,
      environment: { ...environment, METRICS_INTERVAL: `${METRICS_INTERVAL.toSeconds()}` },
      secrets,
      stopTimeout: Duration.seconds(10),
      logging: ecs.LogDrivers.awsLogs({ logGroup: webLogs, streamPrefix: 'metrics' }),
    });

    const webService = new ecs.FargateService(this, 'WebService', {
      cluster,
      taskDefinition: web,
      desiredCount: prod ? 2 : 1,
      assignPublicIp: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroups: [appSg],
      circuitBreaker: { rollback: true },
      minHealthyPercent: 100,
      enableExecuteCommand: false,
    });

    // The ALB: HTTPS to nginx, HTTP redirects to HTTPS.
    const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
      hostedZoneId: cfg.hostedZoneId,
      zoneName: cfg.domainName,
    });
    const albCert = new acm.Certificate(this, 'AlbCertificate', {
      domainName: cfg.originDomain,
      validation: acm.CertificateValidation.fromDns(zone),
    });
    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER, // CloudFront's standard logs need ACLs
      removalPolicy: removal,
      autoDeleteObjects: !prod,
      lifecycleRules: [{ expiration: Duration.days(prod ? 90 : 7) }],
    });
    // The static bucket: private, read by CloudFront alone (Origin Access
    // Control), filled by the collectstatic one-off task.
    const staticBucket = new s3.Bucket(this, 'StaticBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 's3-static/',
      removalPolicy: removal,
      autoDeleteObjects: !prod,
    });
    const alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', {
      vpc, internetFacing: true, securityGroup: albSg, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
    });
    alb.logAccessLogs(accessLogs, 'alb');
    alb.addRedirect({ sourcePort: 80, sourceProtocol: elbv2.ApplicationProtocol.HTTP, targetPort: 443, targetProtocol: elbv2.ApplicationProtocol.HTTPS });
    const https = alb.addListener('Https', {
      port: 443, certificates: [albCert], sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS, open: false,
    });
    https.addTargets('Nginx', {
      port: NGINX_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [webService.loadBalancerTarget({ containerName: 'nginx', containerPort: NGINX_PORT })],
      healthCheck: { path: '/healthz', healthyHttpCodes: '200' },
      deregistrationDelay: Duration.seconds(30),
    });
    new route53.ARecord(this, 'OriginRecord', {
      zone, recordName: cfg.originDomain, target: route53.RecordTarget.fromAlias(new r53targets.LoadBalancerTarget(alb)),
    });

    // The worker service: 0 tasks until a queue has work.
    const workerLogs = logGroup('Worker');
    const worker = new ecs.FargateTaskDefinition(this, 'WorkerTask', { cpu: 512, memoryLimitMiB: 1024 });
    grantApp(worker.taskRole);
    worker.addContainer('worker', {
      image: appImage,
      command: ['/usr/bin/worker', '-Q', cfg.queues.join(',')],
      environment,
      secrets,
      stopTimeout: Duration.seconds(60), // WORKER_SHUTDOWN_TIMEOUT (30 s) and a margin
      logging: ecs.LogDrivers.awsLogs({ logGroup: workerLogs, streamPrefix: 'worker' }),
    });
    const workerService = new ecs.FargateService(this, 'WorkerService', {
      cluster,
      taskDefinition: worker,
      desiredCount: 0,
      assignPublicIp: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroups: [appSg],
      minHealthyPercent: 0,
      circuitBreaker: { rollback: true },
    });
    const capacity = workerService.autoScaleTaskCount({ minCapacity: 0, maxCapacity: cfg.workerMax });
    // The sum of the queues' lengths (the worker and the web task's metrics container publish
    // namespace FULL_APP_NAME, metric = queue name).
    const usingMetrics = Object.fromEntries(cfg.queues.map((q, i) => [`q${i}`, new cloudwatch.Metric({
      namespace: cfg.fullAppName, metricName: q, statistic: 'Maximum', period: ALARM_PERIOD,
    })]));
    const backlog = new cloudwatch.MathExpression({
      expression: cfg.queues.map((_, i) => `FILL(q${i}, 0)`).join(' + '),
      usingMetrics,
      period: ALARM_PERIOD,
      label: 'waiting tasks',
    });
    // Step scaling with exact capacity: backlog 0 over a period is 0 tasks,
    // 1..9 is 1, 10.. is the maximum. The alarms' thresholds come from these
    // steps: "upper" fires at >= 1, "lower" at <= 0. One period each: the
    // period holds three of the metrics container's publications (FILL
    // makes an empty period 0, which would scale in).
    capacity.scaleOnMetric('QueueBacklog', {
      metric: backlog,
      adjustmentType: appscaling.AdjustmentType.EXACT_CAPACITY,
      scalingSteps: [
        { upper: 0, change: 0 },
        { lower: 1, change: 1 },
        { lower: 10, change: cfg.workerMax },
      ],
      evaluationPeriods: 1,
      cooldown: Duration.seconds(60),
    });

    // One-off tasks (run by hand or by the pipeline with `aws ecs run-task`).
    const oneOffLogs = logGroup('OneOff');
    const oneOff = (id: string, command: string[], extraSecrets: Record<string, ecs.Secret> = {}, extraEnv: Record<string, string> = {},
      only?: { environment: Record<string, string>; grant: (role: iam.IRole) => void }) => {
      const td = new ecs.FargateTaskDefinition(this, id, { cpu: 256, memoryLimitMiB: 512 });
      (only?.grant ?? grantApp)(td.taskRole);
      td.addContainer('main', {
        image: appImage,
        command,
        environment: only ? only.environment : { ...environment, ...extraEnv },
        secrets: only ? {} : { ...secrets, ...extraSecrets },
        logging: ecs.LogDrivers.awsLogs({ logGroup: oneOffLogs, streamPrefix: id }),
      });
      new CfnOutput(this, `${id}Arn`, { value: td.taskDefinitionArn });
      return td;
    };
    oneOff('MigrateTask', ['/usr/bin/worker-ctl', 'migrate']);
    oneOff('CreateSuperuserTask', ['/usr/bin/worker-ctl', 'createsuperuser', '--email', `admin@${cfg.domainName}`],
      { DJANGO_SUPERUSER_PASSWORD: ecs.Secret.fromSecretsManager(superuserSecret, 'DJANGO_SUPERUSER_PASSWORD') });
    if (!prod) oneOff('CreateDefaultUserTask', ['/usr/bin/worker-ctl', 'create_default_user', '--allow-production']);
    // collectstatic: the image's static tree (STATIC_ROOT, SPA_MODE=pwa in
    // app.Dockerfile) to the static bucket. It needs no database, no Redis
    // and no secret; its role may only put and read objects of that bucket
    // and list it (without ListBucket a HeadObject of a missing key is a
    // 403, not the 404 that says "upload it").
    oneOff('CollectstaticTask', ['/usr/bin/worker-ctl', 'collectstatic'], {}, {}, {
      environment: { AWS_DEFAULT_REGION: cfg.region, AWS_STATIC_BUCKET: staticBucket.bucketName, LOG_LEVEL: environment.LOG_LEVEL },
      grant: (role) => {
        role.addToPrincipalPolicy(new iam.PolicyStatement({
          actions: ['s3:PutObject', 's3:GetObject'], resources: [staticBucket.arnForObjects('*')],
        }));
        role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [staticBucket.bucketArn] }));
      },
    });

    // CloudFront in front of the ALB for every path.
    const origin = new origins.HttpOrigin(cfg.originDomain, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      readTimeout: Duration.seconds(60),
    });
    const dynamic: cloudfront.BehaviorOptions = {
      origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      // Every header (Sec-WebSocket-*, Authorization, cookies) and query
      // string, except Host (the ALB's certificate is the origin's name).
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    };
    // The static paths from the bucket: CloudFront signs its requests
    // (OAC); the objects' own Cache-Control (set by collectstatic) decides
    // how long they stay cached. A file the bucket does not have (yet: the
    // web service rolls during cdk deploy, collectstatic runs after it) is
    // asked of nginx, whose image carries the same tree: the bucket's 403
    // or 404 fails over to the ALB. nginx's security headers do not reach
    // the bucket's answers: the managed SECURITY_HEADERS policy adds them.
    const cached: cloudfront.BehaviorOptions = {
      origin: new origins.OriginGroup({
        primaryOrigin: origins.S3BucketOrigin.withOriginAccessControl(staticBucket),
        fallbackOrigin: origin,
        fallbackStatusCodes: [403, 404],
      }),
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
      compress: true,
    };
    const distribution = new cloudfront.Distribution(this, 'Cdn', {
      // The SPA's index and routes: not cached, so a deploy shows at once.
      defaultBehavior: { ...dynamic },
      additionalBehaviors: {
        ...Object.fromEntries(DYNAMIC_PATHS.map((p) => [p, dynamic])),
        ...Object.fromEntries(STATIC_PATHS.map((p) => [p, cached])),
      },
      domainNames: [cfg.siteDomain],
      certificate: props.cloudFrontCert,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      enableLogging: true,
      logBucket: accessLogs,
      logFilePrefix: 'cloudfront',
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
    });
    new route53.ARecord(this, 'SiteRecord', {
      zone, recordName: cfg.siteDomain, target: route53.RecordTarget.fromAlias(new r53targets.CloudFrontTarget(distribution)),
    });
    new route53.AaaaRecord(this, 'SiteRecordV6', {
      zone, recordName: cfg.siteDomain, target: route53.RecordTarget.fromAlias(new r53targets.CloudFrontTarget(distribution)),
    });

    // What the pipeline's one-off tasks need (issue 17 reads the outputs).
    new CfnOutput(this, 'ClusterName', { value: cluster.clusterName });
    new CfnOutput(this, 'TaskSubnets', { value: vpc.publicSubnets.map((s) => s.subnetId).join(',') });
    new CfnOutput(this, 'TaskSecurityGroup', { value: appSg.securityGroupId });
    new CfnOutput(this, 'WorkerServiceName', { value: workerService.serviceName });
    new CfnOutput(this, 'SiteUrl', { value: `https://${cfg.siteDomain}` });
    new CfnOutput(this, 'StaticBucketName', { value: staticBucket.bucketName });
    new CfnOutput(this, 'DistributionId', { value: distribution.distributionId });
    new CfnOutput(this, 'Region', { value: Aws.REGION });

    suppressNag(this, cfg);
  }

  // image: an ECR image URI becomes an imported repository (so the
  // execution role gets exactly its pull permissions); any other URI is a
  // public registry's image. Nothing is built during synth.
  private image(id: string, uri: string): ecs.ContainerImage {
    const m = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/([^:@]+)(?::([^@]+))?(?:@(.+))?$/.exec(uri);
    if (!m) return ecs.ContainerImage.fromRegistry(uri);
    const [, account, region, name, tag, digest] = m;
    const repo = ecr.Repository.fromRepositoryAttributes(this, id, {
      repositoryName: name,
      repositoryArn: `arn:${Aws.PARTITION}:ecr:${region}:${account}:repository/${name}`,
    });
    return ecs.ContainerImage.fromEcrRepository(repo, digest ?? tag ?? 'latest');
  }
}

// CloudFront's certificate must live in us-east-1: always in a small stack
// there (so `cdk deploy --all`), referenced across regions through SSM when
// the main stack is elsewhere (resolved at deploy time: synth needs no lookup).
export class CertStack extends Stack {
  readonly certificate: acm.ICertificate;
  constructor(scope: Construct, id: string, cfg: Config, props: StackProps) {
    super(scope, id, props);
    const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', { hostedZoneId: cfg.hostedZoneId, zoneName: cfg.domainName });
    this.certificate = new acm.Certificate(this, 'SiteCertificate', {
      domainName: cfg.siteDomain, validation: acm.CertificateValidation.fromDns(zone),
    });
  }
}

export function buildApp(app: App, cfg: Config): PlatformStack {
  const env = { account: cfg.account, region: cfg.region };
  // The zones CDK would look up (a context lookup needs credentials).
  app.node.setContext(`availability-zones:account=${cfg.account}:region=${cfg.region}`, cfg.availabilityZones);
  const cert = new CertStack(app, `${cfg.fullAppName}-cert`, cfg, {
    env: { account: cfg.account, region: 'us-east-1' }, crossRegionReferences: true,
  });
  const stack = new PlatformStack(app, cfg.fullAppName, cfg, {
    env, crossRegionReferences: cfg.region !== 'us-east-1', cloudFrontCert: cert.certificate,
  });
  for (const s of [cert, stack]) {
    Tags.of(s).add('StackName', cfg.fullAppName);
    Tags.of(s).add('Environment', cfg.environment);
  }
  return stack;
}

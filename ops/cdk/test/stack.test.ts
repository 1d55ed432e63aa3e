// The synthesized templates of both environments (dev, app), checked with
// aws-cdk-lib/assertions, and cdk-nag's AwsSolutions pack (errors fail).
// Run: npm test (node's test runner, TAP).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { App, Aspects } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EnvironmentName, environmentFromTag, loadConfig } from '../lib/config';
import { ALARM_PERIOD, DYNAMIC_PATHS, METRICS_INTERVAL, NGINX_PORT, PROGRAMS, STATIC_PATHS, buildApp } from '../lib/stack';

type Resources = Record<string, { Type: string; Properties?: any; [k: string]: any }>;

function synth(environment: EnvironmentName) {
  const app = new App();
  const cfg = loadConfig({ ENVIRONMENT: environment, DOMAIN_NAME: 'example.org', HOSTED_ZONE_ID: 'Z123EXAMPLE' });
  const stack = buildApp(app, cfg);
  Aspects.of(app).add(new AwsSolutionsChecks());
  const template = Template.fromStack(stack); // synthesizes (runs the aspects)
  return { cfg, stack, template, resources: template.toJSON().Resources as Resources };
}

const SECRETISH = /SECRET|PASSWORD|TOKEN|KEY/;

test('ENVIRONMENT comes from the git tag as before: rc* is dev, v* is app', () => {
  assert.equal(environmentFromTag({ CI_COMMIT_TAG: 'rc3' }), 'dev');
  assert.equal(environmentFromTag({ CI_COMMIT_TAG: 'v1.2.0' }), 'app');
  assert.equal(environmentFromTag({ ENVIRONMENT: 'app', CI_COMMIT_TAG: 'rc1' }), 'app');
  assert.throws(() => environmentFromTag({ ENVIRONMENT: 'prod' }));
});

for (const environment of ['dev', 'app'] as const) {
  const { cfg, stack, template, resources } = synth(environment);
  const ofType = (t: string) => Object.entries(resources).filter(([, r]) => r.Type === t);
  const sgId = (name: string) => {
    const found = ofType('AWS::EC2::SecurityGroup').filter(([id]) => id.startsWith(name));
    assert.equal(found.length, 1, `one security group ${name}`);
    return found[0][0];
  };
  const taskDefs = ofType('AWS::ECS::TaskDefinition');
  const containersOf = (prefix: string) => {
    const td = taskDefs.filter(([id]) => id.startsWith(prefix));
    assert.equal(td.length, 1, `one task definition ${prefix}`);
    return td[0][1].Properties.ContainerDefinitions as any[];
  };

  test(`${environment}: no NAT gateway, 2 AZs, public and isolated subnets`, () => {
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    const subnets = ofType('AWS::EC2::Subnet');
    assert.equal(subnets.length, 4);
    assert.equal(new Set(subnets.map(([, s]) => s.Properties.AvailabilityZone)).size, 2);
    assert.equal(subnets.filter(([, s]) => s.Properties.MapPublicIpOnLaunch === true).length, 2);
  });

  test(`${environment}: PostgreSQL and Redis accept only the app tasks' security group`, () => {
    const app = sgId('AppSg');
    for (const [name, port] of [['DbSg', 5432], ['RedisSg', 6379]] as const) {
      const sg = sgId(name);
      const inline = resources[sg].Properties.SecurityGroupIngress ?? [];
      assert.deepEqual(inline, [], `${name} has no inline (CIDR) ingress`);
      const rules = ofType('AWS::EC2::SecurityGroupIngress').filter(([, r]) => JSON.stringify(r.Properties.GroupId).includes(sg));
      assert.equal(rules.length, 1, `${name}: one ingress rule`);
      const p = rules[0][1].Properties;
      assert.deepEqual(p.SourceSecurityGroupId, { 'Fn::GetAtt': [app, 'GroupId'] });
      assert.equal(p.FromPort, port);
      assert.equal(p.ToPort, port);
    }
    const redis = ofType('AWS::ElastiCache::ReplicationGroup');
    assert.equal(redis.length, 1);
    assert.deepEqual(redis[0][1].Properties.SecurityGroupIds, [{ 'Fn::GetAtt': [sgId('RedisSg'), 'GroupId'] }]);
    const db = ofType('AWS::RDS::DBCluster');
    assert.equal(db.length, 1);
    assert.deepEqual(db[0][1].Properties.VpcSecurityGroupIds, [{ 'Fn::GetAtt': [sgId('DbSg'), 'GroupId'] }]);
  });

  test(`${environment}: the app tasks accept only the ALB`, () => {
    const app = sgId('AppSg');
    assert.deepEqual(resources[app].Properties.SecurityGroupIngress ?? [], []);
    const rules = ofType('AWS::EC2::SecurityGroupIngress').filter(([, r]) => JSON.stringify(r.Properties.GroupId).includes(`"${app}"`));
    assert.equal(rules.length, 1);
    assert.deepEqual(rules[0][1].Properties.SourceSecurityGroupId, { 'Fn::GetAtt': [sgId('AlbSg'), 'GroupId'] });
  });

  test(`${environment}: Aurora PostgreSQL 15 Serverless v2, encrypted, in isolated subnets`, () => {
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      Engine: 'aurora-postgresql',
      EngineVersion: Match.stringLikeRegexp('^15\\.'),
      StorageEncrypted: true,
      ServerlessV2ScalingConfiguration: Match.objectLike({ MinCapacity: Match.anyValue() }),
    });
    template.hasResourceProperties('AWS::RDS::DBInstance', { DBInstanceClass: 'db.serverless' });
  });

  test(`${environment}: no secret in a container's plain environment; the secrets come from Secrets Manager`, () => {
    // web, worker, migrate, createsuperuser, collectstatic (+ create_default_user in dev)
    assert.equal(taskDefs.length, environment === 'dev' ? 6 : 5);
    for (const [id, td] of taskDefs) {
      for (const c of td.Properties.ContainerDefinitions) {
        for (const e of c.Environment ?? [])
          assert.ok(!SECRETISH.test(e.Name), `${id}/${c.Name}: ${e.Name} is a plain environment variable`);
        if (c.Name === 'nginx') continue;
        if (id.startsWith('CollectstaticTask')) {
          assert.deepEqual(c.Secrets ?? [], [], 'collectstatic needs no secret and gets none');
          continue;
        }
        const names = (c.Secrets ?? []).map((s: any) => s.Name);
        for (const want of ['SECRET_KEY', 'POSTGRES_PASSWORD', 'CELERY_METRICS_TOKEN', 'SOCIAL_AUTH_GITHUB_SECRET'])
          assert.ok(names.includes(want), `${id}/${c.Name} gets ${want} as a secret`);
        for (const s of c.Secrets ?? [])
          assert.ok(JSON.stringify(s.ValueFrom).match(/Secret|secretsmanager/), `${id}/${c.Name}: ${s.Name} from Secrets Manager`);
      }
    }
  });

  test(`${environment}: the web task holds nginx and every program, with health checks, dependsOn and stop timeouts`, () => {
    const cs = containersOf('WebTask');
    const byName = Object.fromEntries(cs.map((c) => [c.Name, c]));
    assert.deepEqual(Object.keys(byName).sort(), ['metrics', 'nginx', ...PROGRAMS.map((p) => p.name)].sort());
    for (const c of cs) {
      assert.equal(c.LogConfiguration?.LogDriver, 'awslogs');
      if (c.Name === 'metrics') continue; // no port: it publishes, nothing connects to it
      assert.ok(c.HealthCheck?.Command?.length, `${c.Name} has a health check`);
      assert.ok(c.StopTimeout >= 30, `${c.Name} stops within a drain timeout`);
    }
    // The app image has no shell (FROM scratch): its checks are worker-ctl probe.
    for (const p of PROGRAMS)
      assert.deepEqual(byName[p.name].HealthCheck.Command, ['CMD', '/usr/bin/worker-ctl', 'probe', `127.0.0.1:${p.port}`]);
    assert.deepEqual(byName.nginx.PortMappings.map((p: any) => p.ContainerPort), [NGINX_PORT]);
    assert.deepEqual(
      byName.nginx.DependsOn.map((d: any) => `${d.ContainerName}:${d.Condition}`).sort(),
      PROGRAMS.map((p) => `${p.name}:HEALTHY`).sort());
    for (const p of PROGRAMS) {
      assert.ok(byName[p.name].Environment.some((e: any) => e.Name === p.env && e.Value === `127.0.0.1:${p.port}`));
    }
    // nginx's upstreams are baked into its image: they must be the ports the
    // programs listen on here.
    const dockerfile = readFileSync(join(__dirname, '../../docker/nginx.Dockerfile'), 'utf8');
    for (const p of PROGRAMS)
      assert.match(dockerfile, new RegExp(`\\b${p.upstream}=127\\.0\\.0\\.1:${p.port}\\b`), `nginx.Dockerfile's ${p.upstream} is ${p.name}'s port ${p.port}`);
    assert.equal(byName.nginx.Environment, undefined, 'nginx takes no environment: its image ignores it');
  });

  test(`${environment}: the ALB forwards HTTPS to nginx and redirects HTTP`, () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80, DefaultActions: [Match.objectLike({ Type: 'redirect', RedirectConfig: Match.objectLike({ Protocol: 'HTTPS', Port: '443' }) })],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, Protocol: 'HTTPS' });
    template.hasResourceProperties('AWS::ECS::Service', {
      LoadBalancers: [Match.objectLike({ ContainerName: 'nginx', ContainerPort: NGINX_PORT })],
    });
  });

  test(`${environment}: the worker service starts at 0 and its alarms scale to 1 and back to 0`, () => {
    const services = ofType('AWS::ECS::Service').filter(([id]) => id.startsWith('WorkerService'));
    assert.equal(services.length, 1);
    assert.equal(services[0][1].Properties.DesiredCount, 0);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 0, MaxCapacity: cfg.workerMax });
    const policies = ofType('AWS::ApplicationAutoScaling::ScalingPolicy').map(([, p]) => p.Properties.StepScalingPolicyConfiguration);
    assert.ok(policies.every((p) => p.AdjustmentType === 'ExactCapacity'));
    const steps = policies.flatMap((p) => p.StepAdjustments);
    assert.ok(steps.some((s) => s.ScalingAdjustment === 0), 'a step sets 0 tasks');
    assert.ok(steps.some((s) => s.ScalingAdjustment === 1), 'a step sets 1 task');
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    const upper = alarms.find((a) => a.ComparisonOperator === 'GreaterThanOrEqualToThreshold');
    const lower = alarms.find((a) => a.ComparisonOperator === 'LessThanOrEqualToThreshold');
    assert.ok(upper && lower, 'an alarm up and an alarm down');
    assert.equal(upper.Threshold, 1, 'one waiting task wakes the worker');
    assert.equal(lower.Threshold, 0, 'an empty queue stops it');
    for (const a of [upper, lower]) {
      const metrics = a.Metrics.filter((m: any) => m.MetricStat);
      assert.deepEqual(metrics.map((m: any) => m.MetricStat.Metric.MetricName).sort(), [...cfg.queues].sort());
      assert.ok(metrics.every((m: any) => m.MetricStat.Metric.Namespace === cfg.fullAppName));
    }
    // Something publishes the metric while no worker runs, more often than
    // the alarms' period (an empty period is FILLed with 0: a scale-in):
    // each web task's metrics container, essential, watching the queues.
    const metrics = containersOf('WebTask').find((c) => c.Name === 'metrics');
    assert.deepEqual(metrics.Command, ['/usr/bin/worker-ctl', 'metrics', '--publish', '--watch']);
    assert.equal(metrics.Essential, true);
    assert.ok(metrics.Environment.some((e: any) => e.Name === 'METRICS_INTERVAL' && Number(e.Value) === METRICS_INTERVAL.toSeconds()));
    assert.ok(METRICS_INTERVAL.toSeconds() * 2 < ALARM_PERIOD.toSeconds());
    assert.equal(ofType('AWS::Events::Rule').length, 0, 'no scheduled metrics task beside it');
    for (const a of [upper, lower]) {
      assert.equal(a.EvaluationPeriods, 1);
      assert.ok(a.Metrics.filter((m: any) => m.MetricStat).every((m: any) => m.MetricStat.Period === ALARM_PERIOD.toSeconds()));
    }
    assert.ok(taskDefs.some(([, td]) => JSON.stringify(td.Properties.ContainerDefinitions).includes('"metrics","--publish"')));
  });

  test(`${environment}: one-off tasks (migrate, createsuperuser with its secret, create_default_user in dev only)`, () => {
    assert.ok(containersOf('MigrateTask')[0].Command.includes('migrate'));
    const su = containersOf('CreateSuperuserTask')[0];
    assert.ok(su.Command.includes('createsuperuser'));
    assert.ok(su.Secrets.some((s: any) => s.Name === 'DJANGO_SUPERUSER_PASSWORD'));
    const dflt = taskDefs.filter(([id]) => id.startsWith('CreateDefaultUserTask'));
    assert.equal(dflt.length, environment === 'dev' ? 1 : 0);
  });

  test(`${environment}: collectstatic: a one-off task to a private static bucket, with only put, get and list on it`, () => {
    const buckets = ofType('AWS::S3::Bucket').filter(([id]) => id.startsWith('StaticBucket'));
    assert.equal(buckets.length, 1, 'one static bucket');
    const [bucketId, bucket] = buckets[0];
    assert.deepEqual(bucket.Properties.PublicAccessBlockConfiguration,
      { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    assert.equal(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm, 'AES256');
    // Its policy: TLS only, and reads by CloudFront (this distribution) alone.
    const policy = ofType('AWS::S3::BucketPolicy').find(([, p]) => JSON.stringify(p.Properties.Bucket).includes(bucketId));
    assert.ok(policy, 'a bucket policy');
    const stmts = policy![1].Properties.PolicyDocument.Statement;
    assert.ok(stmts.some((x: any) => x.Effect === 'Deny' && x.Condition?.Bool?.['aws:SecureTransport'] === 'false'), 'SSL enforced');
    const cf = stmts.filter((x: any) => x.Effect === 'Allow' && x.Principal?.Service === 'cloudfront.amazonaws.com');
    assert.equal(cf.length, 1, 'CloudFront may read');
    assert.deepEqual([cf[0].Action].flat(), ['s3:GetObject']);
    assert.ok(JSON.stringify(cf[0].Condition).includes('AWS:SourceArn'), 'only this distribution (OAC)');
    assert.ok(!stmts.some((x: any) => x.Effect === 'Allow' && (x.Principal === '*' || x.Principal?.AWS === '*')), 'no public read');

    const main = containersOf('CollectstaticTask')[0];
    assert.deepEqual(main.Command, ['/usr/bin/worker-ctl', 'collectstatic']);
    const env = Object.fromEntries(main.Environment.map((e: any) => [e.Name, e.Value]));
    assert.deepEqual(env.AWS_STATIC_BUCKET, { Ref: bucketId });
    assert.equal(env.AWS_DEFAULT_REGION, cfg.region);
    assert.ok(!('POSTGRES_SERVICE_HOST' in env) && !('AWS_STORAGE_BUCKET_NAME' in env), 'no database, no media bucket');
    // Its task role: exactly PutObject and GetObject on the bucket's
    // objects, ListBucket on the bucket, nothing else.
    const td = taskDefs.find(([id]) => id.startsWith('CollectstaticTask'))![1];
    const role = td.Properties.TaskRoleArn['Fn::GetAtt'][0];
    const roleStatements = ofType('AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(role))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
    const granted = roleStatements.map((x: any) => `${[x.Action].flat().sort().join(',')} ${JSON.stringify(x.Resource)}`).sort();
    assert.deepEqual(granted, [
      `s3:GetObject,s3:PutObject ${JSON.stringify({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] })}`,
      `s3:ListBucket ${JSON.stringify({ 'Fn::GetAtt': [bucketId, 'Arn'] })}`,
    ]);
    // What the pipeline reads to run it.
    const outputs = template.toJSON().Outputs;
    const out = (prefix: string) => Object.entries(outputs).find(([k]) => k.startsWith(prefix))?.[1] as any;
    assert.deepEqual(out('StaticBucketName')?.Value, { Ref: bucketId });
    assert.ok(out('CollectstaticTaskArn')?.Value, 'the task definition\'s ARN is an output');
    assert.ok(out('DistributionId')?.Value, 'the distribution id is an output (for an invalidation)');
  });

  // ops/deploy/run-task, which the pipeline's one-off jobs run with TASK set
  // in .gitlab-ci.yml, reads TASKArn, ClusterName, TaskSubnets and
  // TaskSecurityGroup from these outputs.
  test(`${environment}: the outputs the pipeline's one-off jobs read (.gitlab-ci.yml TASK, ops/deploy/run-task)`, () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: any }>;
    const pipeline = readFileSync(join(__dirname, '..', '..', '..', '.gitlab-ci.yml'), 'utf8');
    const tasks = [...pipeline.matchAll(/TASK: (\w+)/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(tasks)].sort(), ['CollectstaticTask', 'CreateSuperuserTask', 'MigrateTask']);
    for (const task of tasks) {
      const ref = outputs[`${task}Arn`]?.Value?.Ref;
      assert.ok(ref, `output ${task}Arn`);
      assert.equal(resources[ref]?.Type, 'AWS::ECS::TaskDefinition', `${task}Arn is a task definition`);
    }
    assert.equal(resources[outputs.ClusterName?.Value?.Ref]?.Type, 'AWS::ECS::Cluster');
    // TaskSubnets: the public subnets' ids joined with commas (what run-task
    // puts between subnets=[ and ]).
    const parts = outputs.TaskSubnets?.Value?.['Fn::Join']?.[1] as any[];
    const subnets = parts.filter((p) => p !== ',');
    assert.equal(parts.length, 2 * subnets.length - 1, 'TaskSubnets is comma-separated');
    assert.equal(subnets.length, cfg.availabilityZones.length, 'one subnet per availability zone');
    for (const s of subnets) {
      assert.equal(resources[s.Ref]?.Type, 'AWS::EC2::Subnet');
      assert.equal(resources[s.Ref].Properties.MapPublicIpOnLaunch, true, 'a public subnet (run-task asks for a public IP)');
    }
    const group = outputs.TaskSecurityGroup?.Value?.['Fn::GetAtt'];
    assert.deepEqual(group, [sgId('AppSg'), 'GroupId'], 'the app tasks\' security group (PostgreSQL and Redis accept it)');
  });

  test(`${environment}: the media bucket is private and encrypted`, () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: Match.anyValue(),
    });
    for (const [, b] of ofType('AWS::S3::Bucket'))
      assert.ok(b.Properties.PublicAccessBlockConfiguration?.BlockPublicPolicy, 'every bucket blocks public access');
  });

  test(`${environment}: CloudFront routes every dynamic path uncached, websockets included, and caches static files`, () => {
    const dist = ofType('AWS::CloudFront::Distribution');
    assert.equal(dist.length, 1);
    const dc = dist[0][1].Properties.DistributionConfig;
    const behaviours = Object.fromEntries(dc.CacheBehaviors.map((b: any) => [b.PathPattern, b]));
    const disabled = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad'; // Managed-CachingDisabled
    const allViewerExceptHost = 'b689b0a8-53d0-40ab-baf2-68738e2966ac'; // Managed-AllViewerExceptHostHeader
    for (const p of DYNAMIC_PATHS) {
      const b = behaviours[p];
      assert.ok(b, `a behaviour for ${p}`);
      assert.equal(b.CachePolicyId, disabled, `${p} is not cached`);
      assert.equal(b.OriginRequestPolicyId, allViewerExceptHost, `${p} forwards the websocket headers`);
      assert.equal(b.AllowedMethods.length, 7, `${p} allows every method`);
    }
    const originOf = (id: string) => dc.Origins.find((o: any) => o.Id === id);
    for (const p of DYNAMIC_PATHS)
      assert.ok(originOf(behaviours[p].TargetOriginId).CustomOriginConfig, `${p} goes to the ALB`);
    assert.ok(originOf(dc.DefaultCacheBehavior.TargetOriginId).CustomOriginConfig, 'the rest (the SPA\'s pages) goes to the ALB');
    for (const p of STATIC_PATHS) {
      assert.ok(behaviours[p], `a behaviour for ${p}`);
      assert.notEqual(behaviours[p].CachePolicyId, disabled, `${p} is cached`);
      const group = dc.OriginGroups.Items.find((g: any) => g.Id === behaviours[p].TargetOriginId);
      assert.ok(group, `${p} goes to an origin group`);
      const [primary, fallback] = group.Members.Items.map((m: any) => originOf(m.OriginId));
      assert.ok(fallback.CustomOriginConfig, `${p}: nginx (the ALB) answers what the bucket has not got yet`);
      assert.deepEqual(group.FailoverCriteria.StatusCodes.Items.sort(), [403, 404]);
      const o = primary;
      assert.ok(o.S3OriginConfig, `${p} comes from the static bucket`);
      assert.equal(o.S3OriginConfig.OriginAccessIdentity, '', `${p}: no legacy OAI`);
      assert.ok(o.OriginAccessControlId, `${p}: through Origin Access Control`);
      assert.deepEqual(behaviours[p].AllowedMethods.sort(), ['GET', 'HEAD'], `${p}: read only`);
      assert.ok(behaviours[p].ResponseHeadersPolicyId, `${p}: security headers (nginx does not answer these)`);
    }
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' }),
    });
    assert.deepEqual(dc.Aliases, [cfg.siteDomain]);
    assert.equal(dc.ViewerCertificate.SslSupportMethod, 'sni-only');
  });

  test(`${environment}: DNS-validated certificates and Route53 aliases, from an imported zone`, () => {
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: cfg.originDomain, ValidationMethod: 'DNS',
      DomainValidationOptions: [Match.objectLike({ HostedZoneId: 'Z123EXAMPLE' })],
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: `${cfg.siteDomain}.`, Type: 'A', AliasTarget: Match.anyValue() });
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: `${cfg.originDomain}.`, Type: 'A', AliasTarget: Match.anyValue() });
    template.resourceCountIs('AWS::Route53::HostedZone', 0);
  });

  test(`${environment}: log groups have a retention`, () => {
    const groups = ofType('AWS::Logs::LogGroup');
    assert.ok(groups.length >= 4);
    const want = environment === 'app' ? 90 : 7;
    for (const [id, g] of groups) assert.equal(g.Properties.RetentionInDays, want, `${id} retention`);
  });

  test(`${environment}: every taggable resource has StackName and Environment`, () => {
    let tagged = 0;
    for (const [id, r] of Object.entries(resources)) {
      const tags = r.Properties?.Tags;
      if (!Array.isArray(tags)) continue;
      tagged++;
      const kv = Object.fromEntries(tags.map((t: any) => [t.Key, t.Value]));
      assert.equal(kv.StackName, cfg.fullAppName, `${id} StackName`);
      assert.equal(kv.Environment, environment, `${id} Environment`);
    }
    assert.ok(tagged > 20, `tagged resources (${tagged})`);
    for (const type of ['AWS::ECS::Service', 'AWS::RDS::DBCluster', 'AWS::S3::Bucket', 'AWS::CloudFront::Distribution', 'AWS::EC2::VPC'])
      for (const [id, r] of ofType(type)) assert.ok(r.Properties.Tags, `${id} (${type}) is tagged`);
  });

  test(`${environment}: IAM: PutMetricData only in our namespace, no admin wildcard`, () => {
    const statements = ofType('AWS::IAM::Policy').flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
    const put = statements.filter((s: any) => s.Action === 'cloudwatch:PutMetricData');
    assert.ok(put.length >= 1);
    for (const s of put) assert.deepEqual(s.Condition, { StringEquals: { 'cloudwatch:namespace': cfg.fullAppName } });
    for (const s of statements) {
      const actions = [s.Action].flat();
      assert.ok(!actions.includes('*') && !actions.some((a: string) => /^[a-z0-9]+:\*$/.test(a)), `no service-wide action: ${actions}`);
    }
  });

  test(`${environment}: cdk-nag AwsSolutions finds no error and no warning`, () => {
    const errors = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    const show = (xs: any[]) => xs.map((x) => `${x.id}: ${String(x.entry.data).split(':')[0]}`).join('\n');
    assert.equal(errors.length, 0, show(errors));
    assert.equal(warnings.length, 0, show(warnings));
  });
}

test('another region: the stack goes there, CloudFront\'s certificate to us-east-1', () => {
  const app = new App();
  const cfg = loadConfig({ ENVIRONMENT: 'app', AWS_DEFAULT_REGION: 'eu-west-1', HOSTED_ZONE_ID: 'Z123EXAMPLE' });
  const stack = buildApp(app, cfg);
  assert.equal(stack.region, 'eu-west-1');
  const cert = app.node.children.find((c) => c.node.id === `${cfg.fullAppName}-cert`) as any;
  assert.equal(cert.region, 'us-east-1');
  Template.fromStack(cert).hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: cfg.siteDomain, ValidationMethod: 'DNS' });
  const dc = Template.fromStack(stack).findResources('AWS::CloudFront::Distribution');
  const viewer = (Object.values(dc)[0] as any).Properties.DistributionConfig.ViewerCertificate;
  assert.ok(viewer.AcmCertificateArn, 'CloudFront uses the us-east-1 certificate');
  for (const [, s] of Object.entries(Template.fromStack(stack).findResources('AWS::EC2::Subnet')))
    assert.match((s as any).Properties.AvailabilityZone, /^eu-west-1[ab]$/);
});

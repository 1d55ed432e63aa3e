// The CDK app: one stack per environment (ENVIRONMENT or the git tag).
//   ENVIRONMENT=dev npx cdk synth      (no credentials, no network)
import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadConfig } from '../lib/config';
import { buildApp } from '../lib/stack';

const app = new App();
buildApp(app, loadConfig());
if (process.env.CDK_NAG !== '0') Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
app.synth();

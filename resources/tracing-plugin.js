'use strict';
/**
 * With `provider.tracing.lambda` on (TRACING=true at deploy), Lambda sends X-Ray segments with the
 * function's own role. serverless-iam-roles-per-function gives each function a role of its own
 * without the X-Ray actions, and Lambda refuses active tracing without them: this adds them.
 */
const XRAY = { Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' };

class TracingPermissions {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = { 'after:aws:package:finalize:mergeCustomProviderResources': () => this.addPermissions() };
  }

  addPermissions() {
    const provider = this.serverless.service.provider;
    if (!provider.tracing?.lambda) return;
    for (const resource of Object.values(provider.compiledCloudFormationTemplate.Resources)) {
      if (resource.Type !== 'AWS::IAM::Role') continue;
      const [policy] = resource.Properties.Policies ?? [];
      if (policy) policy.PolicyDocument.Statement.push(XRAY);
    }
  }
}

module.exports = TracingPermissions;

'use strict';
/**
 * Alarms for every function (errors, throttles) and every table (throttled requests, system
 * errors) of this service, added to the deploy template at package time, so a new function or
 * table gets its alarms without anyone listing it. They notify the AlarmTopic of
 * resources/operations.yml; docs/operations.md says what to check for each.
 */
const ALARMS = [
  // a handler answers every refusal itself: an error is a bug or a dependency down, a few in 5 minutes is worth a look
  { metric: 'Errors', threshold: 5, what: 'invocation errors' },
  { metric: 'Throttles', threshold: 1, what: 'throttled invocations (account or reserved concurrency reached)' },
];

/** The operations a table serves here; SystemErrors is reported per operation. */
const TABLE_OPERATIONS = ['GetItem', 'BatchGetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query'];

const notify = { AlarmActions: [{ Ref: 'AlarmTopic' }], OKActions: [{ Ref: 'AlarmTopic' }] };

/** An alarm on the sum of several metrics of one table, 1 or more in 5 minutes. */
function tableAlarm(table, description, metrics) {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmDescription: description,
      Metrics: [
        { Id: 'total', Expression: `SUM([${metrics.map((_, i) => `m${i}`).join(',')}])`, ReturnData: true },
        ...metrics.map((metric, i) => ({
          Id: `m${i}`,
          ReturnData: false,
          MetricStat: {
            Metric: { Namespace: 'AWS/DynamoDB', MetricName: metric.name, Dimensions: [{ Name: 'TableName', Value: { Ref: table } }, ...(metric.dimensions ?? [])] },
            Period: 300,
            Stat: 'Sum',
          },
        })),
      ],
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      ...notify,
    },
  };
}

class PerFunctionAlarms {
  constructor(serverless) {
    this.serverless = serverless;
    // custom resources (the tables) are merged into the template at finalize: add the alarms after that
    this.hooks = { 'after:aws:package:finalize:mergeCustomProviderResources': () => this.addAlarms() };
  }

  addAlarms() {
    const service = this.serverless.service;
    const resources = service.provider.compiledCloudFormationTemplate.Resources;
    const naming = this.serverless.getProvider('aws').naming;
    for (const [logicalId, resource] of Object.entries(resources)) {
      if (resource.Type !== 'AWS::DynamoDB::Table') continue;
      resources[`${logicalId}ThrottlesAlarm`] = tableAlarm(logicalId, `${logicalId}: throttled reads or writes (docs/operations.md, "DynamoDB throttles")`, [
        { name: 'ReadThrottleEvents' },
        { name: 'WriteThrottleEvents' },
      ]);
      resources[`${logicalId}SystemErrorsAlarm`] = tableAlarm(
        logicalId,
        `${logicalId}: DynamoDB answered 500 (docs/operations.md, "DynamoDB system errors")`,
        TABLE_OPERATIONS.map((operation) => ({ name: 'SystemErrors', dimensions: [{ Name: 'Operation', Value: operation }] })),
      );
    }
    for (const name of service.getAllFunctions()) {
      for (const alarm of ALARMS) {
        resources[`${naming.getNormalizedFunctionName(name)}${alarm.metric}Alarm`] = {
          Type: 'AWS::CloudWatch::Alarm',
          Properties: {
            AlarmDescription: `${name}: ${alarm.threshold} or more ${alarm.what} in 5 minutes (docs/operations.md, "Lambda ${alarm.metric}")`,
            Namespace: 'AWS/Lambda',
            MetricName: alarm.metric,
            Dimensions: [{ Name: 'FunctionName', Value: { Ref: naming.getLambdaLogicalId(name) } }],
            Statistic: 'Sum',
            Period: 300,
            EvaluationPeriods: 1,
            Threshold: alarm.threshold,
            ComparisonOperator: 'GreaterThanOrEqualToThreshold',
            TreatMissingData: 'notBreaching',
            ...notify,
          },
        };
      }
    }
  }
}

module.exports = PerFunctionAlarms;

'use strict';
/**
 * The keep-alive without a Lambda. The `ping` function of serverless.yml is the local stand-in
 * (serverless-offline runs Lambda integrations only, and the framework's `websocket` event always
 * names a function): at package time this plugin drops that function and routes `ping` to a MOCK
 * integration instead, whose route response is the `pong` frame. On AWS a ping then costs its two
 * API Gateway messages (in and the pong out) and nothing else; docs/benchmark.md models it so.
 */
const PONG = JSON.stringify({ action: 'pong' });

function keepAliveResources(apiRef) {
  return {
    PingMockIntegration: {
      Type: 'AWS::ApiGatewayV2::Integration',
      Properties: {
        ApiId: apiRef,
        IntegrationType: 'MOCK',
        // a MOCK integration's request template chooses its status; every ping is answered
        RequestTemplates: { $default: '{"statusCode": 200}' },
        TemplateSelectionExpression: '\\$default',
      },
    },
    PingMockIntegrationResponse: {
      Type: 'AWS::ApiGatewayV2::IntegrationResponse',
      Properties: {
        ApiId: apiRef,
        IntegrationId: { Ref: 'PingMockIntegration' },
        IntegrationResponseKey: '$default',
        ResponseTemplates: { $default: PONG },
        TemplateSelectionExpression: '\\$default',
      },
    },
    PingMockRoute: {
      Type: 'AWS::ApiGatewayV2::Route',
      Properties: {
        ApiId: apiRef,
        RouteKey: 'ping',
        AuthorizationType: 'NONE',
        // the route response is what sends the pong back to the client
        RouteResponseSelectionExpression: '$default',
        Target: { 'Fn::Join': ['/', ['integrations', { Ref: 'PingMockIntegration' }]] },
      },
    },
    PingMockRouteResponse: {
      Type: 'AWS::ApiGatewayV2::RouteResponse',
      Properties: { ApiId: apiRef, RouteId: { Ref: 'PingMockRoute' }, RouteResponseKey: '$default' },
    },
  };
}

class KeepAliveWithoutLambda {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = {
      // before anything is bundled or compiled: the deploy has no ping function at all
      'before:package:initialize': () => this.dropLocalPingFunction(),
      // before the websocket events compile, so the deployment's hash covers the MOCK route too
      'before:package:compileEvents': () => this.addMockRoute(),
      // the deployment must come after the route it serves
      'after:package:compileEvents': () => this.deployAfterMockRoute(),
    };
  }

  get resources() {
    return this.serverless.service.provider.compiledCloudFormationTemplate.Resources;
  }

  dropLocalPingFunction() {
    delete this.serverless.service.functions.ping;
  }

  addMockRoute() {
    const apiId = this.serverless.getProvider('aws').naming.getWebsocketsApiLogicalId();
    Object.assign(this.resources, keepAliveResources({ Ref: apiId }));
  }

  deployAfterMockRoute() {
    for (const resource of Object.values(this.resources)) {
      if (resource.Type !== 'AWS::ApiGatewayV2::Deployment') continue;
      resource.DependsOn = [...new Set([...(resource.DependsOn ?? []), 'PingMockRoute', 'PingMockRouteResponse'])];
    }
  }
}

module.exports = KeepAliveWithoutLambda;

/** The settings registry: defaults written once, and the names the deploy uses agree with it. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterConnectFunctionName, readSetting, SERVICE } from '../../lib/platform/settings';
import { loadConfig } from '../../lib/wiring/config';

const tables = { CHATS_TABLE: 'c', MESSAGES_TABLE: 'm', ROUTING_TABLE: 'r' };

test('an unset or empty variable reads as its registered default; a set one as itself', () => {
  expect(readSetting('WS_PORT', {})).toBe('3001');
  expect(readSetting('WS_PORT', { WS_PORT: '' })).toBe('3001');
  expect(readSetting('WS_PORT', { WS_PORT: '4001' })).toBe('4001');
  expect(readSetting('JWKS_URL', {})).toBeUndefined();
});

test('the configuration takes its defaults from the registry', () => {
  const config = loadConfig(tables);
  expect(config.limits.maxMessageLength).toBe(Number(readSetting('MAX_MESSAGE_LENGTH', {})));
  expect(config.rateLimits.visitorMessages).toEqual({ burst: 20, perSecond: 2 });
  expect(config.websocketEndpoint).toBeUndefined();
  expect(loadConfig({ ...tables, IS_OFFLINE: 'true' }).websocketEndpoint).toBe('http://127.0.0.1:3001');
  expect(config.afterConnectFunction).toBe('seller-chat-local-afterConnect');
});

test('serverless.yml names the service and the afterConnect function as the registry does', () => {
  const yml = readFileSync(path.resolve(__dirname, '..', '..', 'serverless.yml'), 'utf8');
  expect(yml).toMatch(new RegExp(`^service: ${SERVICE}$`, 'm'));
  const declared = yml.match(/^\s+AFTER_CONNECT_FUNCTION: (.+)$/m)?.[1];
  expect(declared?.replace('${self:service}', SERVICE).replace('${sls:stage}', 'prod')).toBe(afterConnectFunctionName('prod'));
});

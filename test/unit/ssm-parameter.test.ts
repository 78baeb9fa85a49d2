/** The token secret's SSM read: a SigV4-signed GetParameter, against a loopback stand-in for SSM. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readSecureParameter } from '../../lib/platform/ssm-parameter';

interface Seen {
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
let endpoint: string;
const seen: Seen[] = [];
let answer: { status: number; body: unknown } = { status: 200, body: {} };

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      seen.push({ headers: request.headers, body });
      response.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => (seen.length = 0));

const env = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret-example', AWS_SESSION_TOKEN: 'session-example' };

test("asks for the decrypted parameter with a SigV4 signature of the ssm service and the Lambda's session token", async () => {
  answer = { status: 200, body: { Parameter: { Name: '/chat/dev/token-secret', Value: 's3cret', Type: 'SecureString' } } };
  expect(await readSecureParameter('/chat/dev/token-secret', { region: 'eu-west-1', endpoint, env })).toBe('s3cret');
  const [request] = seen;
  expect(JSON.parse(request?.body ?? '')).toEqual({ Name: '/chat/dev/token-secret', WithDecryption: true });
  expect(request?.headers['x-amz-target']).toBe('AmazonSSM.GetParameter');
  expect(request?.headers['content-type']).toBe('application/x-amz-json-1.1');
  expect(request?.headers['x-amz-security-token']).toBe('session-example');
  expect(request?.headers.authorization).toMatch(
    /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/ssm\/aws4_request, SignedHeaders=[a-z0-9;-]*x-amz-target[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
  );
});

test("SSM's refusals and an empty value are errors that name the parameter and the reason", async () => {
  answer = { status: 400, body: { __type: 'ParameterNotFound', message: 'not here' } };
  await expect(readSecureParameter('/missing', { region: 'us-east-1', endpoint, env })).rejects.toThrow('SSM GetParameter /missing: 400 ParameterNotFound not here');
  answer = { status: 200, body: { Parameter: { Value: '' } } };
  await expect(readSecureParameter('/empty', { region: 'us-east-1', endpoint, env })).rejects.toThrow('SSM parameter /empty is empty');
  await expect(readSecureParameter('/x', { region: 'us-east-1', endpoint, env: {} })).rejects.toThrow('no AWS credentials');
});

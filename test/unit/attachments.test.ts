/**
 * The pieces of attachments that need no stack: the small GET-link signer against the SDK's own
 * presigner, the local S3's check of a POST form against the SDK's own form, and the upload rules.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { S3RequestPresigner } from '@aws-sdk/s3-request-presigner';
import { createAttachment, cleanFileName, type AttachmentDeps } from '../../lib/chat/attachments';
import { objectUrl, presignedGetUrl } from '../../lib/platform/object-links';
import { NodeSha256 } from '../../lib/platform/signed-request';
import type { Chat } from '../../lib/model/chat';
import type { AttachmentRecord } from '../../lib/store/attachment-store';
import { checkPostForm } from '../../scripts/local-s3';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example-secret' };

describe('download links', () => {
  test.each([
    ['AWS (virtual-hosted)', undefined],
    ['a local S3 (path-style)', 'http://127.0.0.1:8002'],
  ])('on %s, the same signature as the SDK presigner', async (_where, endpoint) => {
    const address = { bucket: 'seller-chat-dev-attachments-123', region: 'eu-west-1', endpoint };
    const key = 'chats/AbC.d-e/0123456789abcdefABCD_-';
    const now = new Date('2026-12-05T04:00:00Z');
    const env = { AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_SESSION_TOKEN: 'session-token' };
    const ours = new URL(await presignedGetUrl(address, key, 600, { env, now }));
    const url = objectUrl(address, key);
    const presigner = new S3RequestPresigner({ region: 'eu-west-1', sha256: NodeSha256, credentials: { ...credentials, sessionToken: 'session-token' } });
    const sdk = await presigner.presign(
      {
        method: 'GET',
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path: url.pathname,
        query: {},
        headers: { host: url.host },
      } as never,
      { expiresIn: 600, signingDate: now },
    );
    expect(Object.fromEntries(ours.searchParams)).toEqual(sdk.query);
    expect(`${ours.origin}${ours.pathname}`).toBe(endpoint ? `${endpoint}/${address.bucket}/${key}` : `https://${address.bucket}.s3.eu-west-1.amazonaws.com/${key}`);
  });
});

describe("the local S3's check of a POST form", () => {
  const s3 = new S3Client({ region: 'us-east-1', endpoint: 'http://127.0.0.1:1', forcePathStyle: true, credentials });
  const formFor = async (size: number, type = 'image/png', expires = 60) => {
    const { fields } = await createPresignedPost(s3, {
      Bucket: 'the-bucket',
      Key: 'chats/c/a',
      Fields: { 'Content-Type': type },
      Conditions: [
        ['content-length-range', size, size],
        ['eq', '$Content-Type', type],
      ],
      Expires: expires,
    });
    return new Map(Object.entries(fields).map(([name, value]) => [name.toLowerCase(), value]));
  };
  const refusal = (run: () => void) => {
    try {
      run();
    } catch (error) {
      return [(error as { status: number }).status, (error as { code: string }).code];
    }
    return 'accepted';
  };

  test("accepts the SDK's form with the file it was issued for", async () => {
    const fields = await formFor(10);
    expect(refusal(() => checkPostForm(fields, 10, 'the-bucket', credentials))).toBe('accepted');
  });

  test('refuses another size, type, key, bucket, an extra field, a wrong secret and an expired form, as S3 does', async () => {
    const fields = await formFor(10);
    const changed = (name: string, value: string) => new Map([...fields, [name, value]]);
    expect(refusal(() => checkPostForm(fields, 11, 'the-bucket', credentials))).toEqual([400, 'EntityTooLarge']);
    expect(refusal(() => checkPostForm(fields, 9, 'the-bucket', credentials))).toEqual([400, 'EntityTooSmall']);
    expect(refusal(() => checkPostForm(changed('content-type', 'text/html'), 10, 'the-bucket', credentials))).toEqual([403, 'AccessDenied']);
    expect(refusal(() => checkPostForm(changed('key', 'chats/c/other'), 10, 'the-bucket', credentials))).toEqual([403, 'AccessDenied']);
    expect(refusal(() => checkPostForm(fields, 10, 'another-bucket', credentials))).toEqual([403, 'AccessDenied']);
    expect(refusal(() => checkPostForm(changed('acl', 'public-read'), 10, 'the-bucket', credentials))).toEqual([403, 'AccessDenied']);
    expect(refusal(() => checkPostForm(fields, 10, 'the-bucket', { ...credentials, secretAccessKey: 'other' }))).toEqual([403, 'SignatureDoesNotMatch']);
    expect(refusal(() => checkPostForm(fields, 10, 'the-bucket', credentials, new Date(Date.now() + 120_000)))).toEqual([403, 'AccessDenied']);
  });
});

describe('upload forms', () => {
  const openChat = { contactId: 'L.c', status: 'assigned', visitorId: 'v-1', sellerId: 's-1' } as Chat;
  const deps = (chat: Chat | undefined, written: AttachmentRecord[] = []): AttachmentDeps => ({
    contacts: { get: async () => chat, stored: async () => undefined },
    attachments: { put: async (record) => void written.push(record) },
    signUpload: async (upload) => ({ url: 'https://bucket', fields: { key: upload.key, 'Content-Type': upload.type, size: String(upload.size) } }),
    limits: { maxBytes: 100, uploadSeconds: 60 },
  });
  const visitor = { role: 'visitor' as const, deviceId: 'v-1' };

  test("records the uploader and the file, and signs a form for the chat's own key", async () => {
    const written: AttachmentRecord[] = [];
    const answer = await createAttachment(deps(openChat, written), visitor, 'L.c', { name: 'a/b\u0007.png', type: 'image/png', size: 100 });
    expect(written).toEqual([
      {
        attachmentId: answer.attachmentId,
        contactId: 'L.c',
        uploaderRole: 'visitor',
        uploaderId: 'v-1',
        name: 'a_b.png',
        type: 'image/png',
        size: 100,
        createdAt: expect.any(String),
      },
    ]);
    expect(answer.upload.fields).toEqual({ key: `chats/L.c/${answer.attachmentId}`, 'Content-Type': 'image/png', size: '100' });
  });

  test('refuses a file over the limit (413), a chat the caller cannot see (404) and an ended chat (400)', async () => {
    const file = { name: 'a.png', type: 'image/png' as const, size: 10 };
    await expect(createAttachment(deps(openChat), visitor, 'L.c', { ...file, size: 101 })).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    await expect(createAttachment(deps(openChat), { role: 'visitor', deviceId: 'v-2' }, 'L.c', file)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(createAttachment(deps(openChat), { role: 'seller', sellerId: 's-2', teams: [] }, 'L.c', file)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(createAttachment(deps({ ...openChat, status: 'ended' }), visitor, 'L.c', file)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  test('a name keeps its words and loses control characters and path separators', () => {
    expect(cleanFileName(' ../etc/passwd\n')).toBe('.._etc_passwd');
    expect(() => cleanFileName('\u0001\u0002')).toThrow('name must not be empty');
  });
});

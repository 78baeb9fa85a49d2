/**
 * The upload route's collaborators: an S3 client (only this route's bundle carries it) and the
 * presigned POST form, whose policy pins the object's key, its content type and its exact size.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import type { AttachmentDeps, UploadSigner } from '../chat/attachments';
import { config } from './config';
import { contacts } from './history';
import { attachmentRecords } from './attachment-records';

const { attachments: settings, region } = config();
const s3 = new S3Client({ region, ...(settings.s3Endpoint ? { endpoint: settings.s3Endpoint, forcePathStyle: true } : {}) });

const signUpload: UploadSigner = ({ key, type, size, expiresIn }) =>
  createPresignedPost(s3, {
    Bucket: settings.bucket,
    Key: key,
    Fields: { 'Content-Type': type },
    Conditions: [
      ['content-length-range', size, size],
      ['eq', '$Content-Type', type],
    ],
    Expires: expiresIn,
  });

export const attachmentUploads: AttachmentDeps = {
  contacts,
  attachments: attachmentRecords,
  signUpload,
  limits: { maxBytes: settings.maxBytes, uploadSeconds: settings.uploadSeconds },
};

/** This container's attachments bucket as the deleting routes reach it: listed and deleted with signed requests, no S3 client. */
import { bucketObjects } from '../platform/bucket-objects';
import { config } from './config';

const { attachments, region } = config();

export const attachmentFiles = bucketObjects({ bucket: attachments.bucket, region, ...(attachments.s3Endpoint ? { endpoint: attachments.s3Endpoint } : {}) });

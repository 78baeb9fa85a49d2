/** This container's attachments bucket as the deleting routes reach it: listed and deleted with signed requests, no S3 client. */
import { DELETE_PAGE_SIZE } from '../chat/deletion';
import { bucketObjects } from '../platform/bucket-objects';
import { config } from './config';

const { attachments, region } = config();

// as many deletes at once as a round of a chat's messages (S3's default page is 1,000 keys)
export const attachmentFiles = bucketObjects(
  { bucket: attachments.bucket, region, ...(attachments.s3Endpoint ? { endpoint: attachments.s3Endpoint } : {}) },
  { pageSize: DELETE_PAGE_SIZE },
);

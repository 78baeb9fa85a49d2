/** This container's token buckets. */
import { dynamo } from '../platform/clients';
import { config } from '../platform/config';
import { dynamoRateLimiter } from '../store/rate-buckets';

export const rateLimiter = dynamoRateLimiter(dynamo(), config().tables.routing);

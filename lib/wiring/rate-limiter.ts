/** This container's token buckets. */
import { dynamo } from './clients';
import { config } from './config';
import { dynamoRateLimiter } from '../store/rate-buckets';

export const rateLimiter = dynamoRateLimiter(dynamo(), config().tables.routing);

/** This container's status store (GET /v1/health and /v1/status). */
import { dynamo } from './clients';
import { config } from './config';
import { statusStore } from '../store/status-store';

export const status = statusStore(dynamo(), config().tables);

/** This container's status store (GET /v1/health and /v1/status). */
import { dynamo } from '../platform/clients';
import { config } from '../platform/config';
import { statusStore } from '../store/status-store';

export const status = statusStore(dynamo(), config().tables);

/** This container's identity store (one wiring module per store, so a bundle holds only what its route uses). */
import { dynamo } from './clients';
import { config } from './config';
import { identityStore } from '../store/identity-store';

export const identities = identityStore(dynamo(), config().tables.routing);

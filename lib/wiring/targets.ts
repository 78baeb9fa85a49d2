/** This container's target store (one wiring module per store, so a bundle holds only what its route uses). */
import { dynamo } from './clients';
import { config } from './config';
import { targetStore } from '../store/target-store';

export const targets = targetStore(dynamo(), config().tables.routing);

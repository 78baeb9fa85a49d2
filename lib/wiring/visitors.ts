/** This container's visitor store (one wiring module per store, so a bundle holds only what its route uses). */
import { dynamo } from './clients';
import { config } from './config';
import { visitorStore } from '../store/visitor-store';

export const visitors = visitorStore(dynamo(), config().tables.routing);

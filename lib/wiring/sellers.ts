/** This container's seller store (one wiring module per store, so a bundle holds only what its route uses). */
import { dynamo } from './clients';
import { config } from './config';
import { sellerStore } from '../store/seller-store';

export const sellers = sellerStore(dynamo(), config().tables.routing);

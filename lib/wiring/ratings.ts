/** This container's rating store: the rating on the ended chat, the per-target day totals in the routing table. */
import { dynamo } from './clients';
import { config } from './config';
import { ratingStore } from '../store/rating-store';

export const ratings = ratingStore(dynamo(), config().tables);

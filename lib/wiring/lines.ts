/** This container's line store (one wiring module per store, so a bundle holds only what its route uses). */
import { dynamo } from '../platform/clients';
import { config } from '../platform/config';
import { lineStore } from '../store/line-store';

export const lines = lineStore(dynamo(), config().tables.chats);

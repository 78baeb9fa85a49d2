/** This container's chat indexes (one wiring module per store, so a bundle holds only what its route uses). */
import { dynamo } from './clients';
import { config } from './config';
import { chatQueries } from '../store/chat-queries';

export const queries = chatQueries(dynamo(), config().tables.chats);

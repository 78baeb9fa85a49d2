/** This container's message store (one wiring module per store, so a bundle holds only what its route uses). */
import { dynamo } from './clients';
import { config } from './config';
import { messageStore } from '../store/message-store';

export const messages = messageStore(dynamo(), config().tables.messages);

/** This container's line store (one wiring module per store, so a bundle holds only what its route uses). */
import { dynamo } from './clients';
import { config } from './config';
import { chatStore } from '../store/chat-store';

export const chats = chatStore(dynamo(), config().tables.chats);

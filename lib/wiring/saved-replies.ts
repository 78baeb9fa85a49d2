/** This container's saved-reply store (the routing table). */
import { dynamo } from './clients';
import { config } from './config';
import { savedReplyStore } from '../store/saved-reply-store';

export const savedReplies = savedReplyStore(dynamo(), config().tables.routing);

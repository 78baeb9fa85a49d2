/** This container's attachment records (the message path reads them by key; the upload route writes them). */
import { dynamo } from './clients';
import { config } from './config';
import { attachmentStore } from '../store/attachment-store';

export const attachmentRecords = attachmentStore(dynamo(), config().tables.chats);

/** This container's note store. */
import { dynamo } from './clients';
import { config } from './config';
import { noteStore } from '../store/note-store';

export const notes = noteStore(dynamo(), config().tables.chats);

/** This container's private-note store (a partition of the messages table per chat). */
import { dynamo } from './clients';
import { config } from './config';
import { privateNoteStore } from '../store/private-note-store';

export const privateNotes = privateNoteStore(dynamo(), config().tables.messages);

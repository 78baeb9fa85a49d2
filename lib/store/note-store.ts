/**
 * A seller's notes on a chat (title and tags, PATCH /v1/contacts/{id}): one item per chat in the
 * chats table, kept apart from the chat's line so they never make a message's write bigger.
 */
import { DeleteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchGetAll } from './batch';
import { chatKeys } from './keys';
import { UpdateBuilder } from './update-builder';

export interface Notes {
  title?: string;
  tags?: string[];
}

export interface NoteStore {
  /** Sets the given fields (an absent one is kept); returns the notes after. */
  set(contactId: string, notes: Notes): Promise<Notes>;
  /** The notes of several chats, by contactId (chats without notes are left out). */
  getMany(contactIds: string[]): Promise<Map<string, Notes>>;
  remove(contactId: string): Promise<void>;
}

const notesOf = (item: Record<string, unknown> | undefined): Notes => ({ title: item?.title as string | undefined, tags: item?.tags as string[] | undefined });

export function noteStore(db: DynamoDBDocumentClient, table: string): NoteStore {
  return {
    async set(contactId, notes) {
      const builder = new UpdateBuilder();
      if (notes.title !== undefined) builder.set(builder.name('title'), builder.value(notes.title));
      if (notes.tags !== undefined) builder.set(builder.name('tags'), builder.value(notes.tags));
      const answer = await db.send(new UpdateCommand({ TableName: table, Key: chatKeys.notes(contactId), ...builder.build(), ReturnValues: 'ALL_NEW' }));
      return notesOf(answer.Attributes);
    },

    async getMany(contactIds) {
      const items = await batchGetAll(db, table, [...new Set(contactIds)].map(chatKeys.notes));
      return new Map(items.map((item) => [String(item.pk).slice(2), notesOf(item)]));
    },

    async remove(contactId) {
      await db.send(new DeleteCommand({ TableName: table, Key: chatKeys.notes(contactId) }));
    },
  };
}

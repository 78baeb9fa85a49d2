/**
 * Private notes: what sellers write on a chat for each other, never for its visitor. They live in
 * the messages table under a partition of their own (`<contactId>#notes`), so every read a visitor
 * can reach (history, resume, catch-up, the REST poll, a backlog), which queries the chat's own
 * partition, cannot return one: the notes are left out by the key, not by a filter.
 *
 * A note sits after the message whose seq it names (`afterSeq`, 0 before the first message); its
 * own sort key is the time it was written in µs, so a chat's notes come back in the order written.
 */
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomInt } from 'node:crypto';
import { isConditionFailure } from '../platform/errors';

/** Who wrote a note: a seller, or the service itself (a transfer, the assistant's handoff). */
export type NoteAuthorRole = 'seller' | 'system';
/** `note`: written by a seller; `transfer`: a transferring seller's note; `handoff`: the assistant's note when it hands a chat to a person. */
export type NoteKind = 'note' | 'transfer' | 'handoff';

export interface PrivateNote {
  contactId: string;
  noteId: string;
  afterSeq: number;
  authorRole: NoteAuthorRole;
  authorId: string;
  kind: NoteKind;
  text: string;
  createdAt: string;
}

export interface PrivateNoteStore {
  add(note: Omit<PrivateNote, 'noteId' | 'createdAt'>): Promise<PrivateNote>;
  /** The chat's notes in the order written, at most `limit`. */
  list(contactId: string, limit: number): Promise<PrivateNote[]>;
  /** How many notes the chat holds (a count query of its notes' partition). */
  count(contactId: string): Promise<number>;
}

/** The messages-table partition of a chat's notes; a contactId has no `#`, so it never names a chat's own partition. */
export const notesPartition = (contactId: string) => `${contactId}#notes`;

type NoteItem = { contactId: string; seq: number; afterSeq: number; authorRole: NoteAuthorRole; authorId: string; kind: NoteKind; text: string; createdAt: string };

const toNote = (contactId: string, item: NoteItem): PrivateNote => ({
  contactId,
  noteId: `${contactId}.n${item.seq}`,
  afterSeq: Number(item.afterSeq),
  authorRole: item.authorRole,
  authorId: item.authorId,
  kind: item.kind,
  text: item.text,
  createdAt: item.createdAt,
});

export function privateNoteStore(db: DynamoDBDocumentClient, table: string): PrivateNoteStore {
  return {
    async add(note) {
      for (let attempt = 0; ; attempt++) {
        const now = Date.now();
        // µs of the write, with random low digits: two notes of one millisecond take different keys
        const item: NoteItem = { ...note, contactId: notesPartition(note.contactId), seq: now * 1000 + randomInt(1000), createdAt: new Date(now).toISOString() };
        try {
          await db.send(new PutCommand({ TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(seq)' }));
          return toNote(note.contactId, item);
        } catch (error) {
          if (!isConditionFailure(error) || attempt >= 2) throw error;
        }
      }
    },
    async list(contactId, limit) {
      const page = await db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'contactId = :c',
          ExpressionAttributeValues: { ':c': notesPartition(contactId) },
          ScanIndexForward: true,
          ConsistentRead: true,
          Limit: limit,
        }),
      );
      return ((page.Items ?? []) as NoteItem[]).map((item) => toNote(contactId, item));
    },
    async count(contactId) {
      const page = await db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'contactId = :c',
          ExpressionAttributeValues: { ':c': notesPartition(contactId) },
          Select: 'COUNT',
          ConsistentRead: true,
        }),
      );
      return page.Count ?? 0;
    },
  };
}

/** The contact (chat) table and the one-open-chat-per-visitor-and-target locks in the routing table. */
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { forbidden, isConditionFailure, unlessConditionFails } from './errors';
import type { Identity } from './connections';
import type { ContactStatus, Role } from './protocol';
import { contactPages, type ContactPages } from './contact-pages';
import { contactTransitions, type ContactTransitions } from './contact-transitions';

export type { ContactPage, PagePosition } from './contact-pages';

export interface Contact {
  contactId: string;
  visitorId: string;
  visitorInfo: Record<string, unknown>;
  /** The seller or team id the visitor asked for. */
  target: string;
  status: ContactStatus;
  sellerId?: string;
  /** Set only while queued: the target whose sellers may pick it up. */
  queueKey?: string;
  createdAt: string;
  lastActivityAt: string;
  assignedAt?: string;
  /** Last message order key handed out. */
  nextSeq: number;
  /** Highest seq pushed to each side, so an offline side gets the rest when it connects. */
  visitorDeliveredSeq?: number;
  sellerDeliveredSeq?: number;
  /** Highest seq each side has read (read receipts). */
  visitorReadSeq?: number;
  sellerReadSeq?: number;
  /** Set by the seller through PATCH /v1/contacts/{id}. */
  title?: string;
  tags?: string[];
  endedAt?: string;
  endedBy?: Role;
}

export interface ContactStore extends ContactTransitions, ContactPages {
  get(contactId: string): Promise<Contact | undefined>;
  create(contact: Contact): Promise<void>;
  openChatId(visitorId: string, target: string): Promise<string | undefined>;
  /** Points the visitor's lock for `target` at `contactId`; false when another chat holds it. */
  claimOpenChat(visitorId: string, target: string, contactId: string, replacing?: string): Promise<boolean>;
  previousSeller(visitorId: string, target: string): Promise<string | undefined>;
  /**
   * Authorizes `sender` to write into the contact and hands out the next seq, in one conditional
   * update. Throws FORBIDDEN when the contact is not the sender's (or does not exist).
   */
  nextSeqFor(contactId: string, sender: Identity, to?: string): Promise<Contact>;
  findOpenForVisitor(visitorId: string, to: string): Promise<Contact | undefined>;
  findOpenForSeller(sellerId: string, visitorId: string): Promise<Contact | undefined>;
  listOpenForVisitor(visitorId: string): Promise<Contact[]>;
  listAssignedToSeller(sellerId: string): Promise<Contact[]>;
  listQueued(queueKey: string, limit: number): Promise<Contact[]>;
  /** Moves a queued contact to `sellerId`; false when someone else got it first. */
  assignQueued(contactId: string, sellerId: string): Promise<Contact | undefined>;
  advanceDelivered(contactId: string, side: Role, seq: number): Promise<void>;
}

/** The routing-table key of a visitor's open-chat lock for one target. */
export const lockKey = (visitorId: string, target: string) => ({ pk: `open#${visitorId}`, sk: `target#${target}` });

/** Raises a per-side mark of a contact (delivered or read up to `seq`); false when it was already there or higher. */
export async function raiseMark(db: DynamoDBDocumentClient, table: string, contactId: string, attribute: string, seq: number): Promise<boolean> {
  const answer = await unlessConditionFails(
    db.send(
      new UpdateCommand({
        TableName: table,
        Key: { contactId },
        UpdateExpression: `SET ${attribute} = :seq`,
        ConditionExpression: `attribute_exists(contactId) AND (attribute_not_exists(${attribute}) OR ${attribute} < :seq)`,
        ExpressionAttributeValues: { ':seq': seq },
      }),
    ),
  );
  return answer !== undefined;
}

export function contactStore(db: DynamoDBDocumentClient, table: string, routingTable: string): ContactStore {
  /** Runs a query page by page until `wanted` matches are found or the index is exhausted. */
  const queryAll = async (input: QueryCommandInput, wanted = Infinity): Promise<Contact[]> => {
    const found: Contact[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await db.send(new QueryCommand({ ...input, TableName: table, ExclusiveStartKey: startKey }));
      found.push(...((page.Items ?? []) as Contact[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey && found.length < wanted);
    return found.slice(0, wanted);
  };

  return {
    ...contactTransitions(db, table, routingTable),
    ...contactPages(db, table),

    async get(contactId) {
      const answer = await db.send(new GetCommand({ TableName: table, Key: { contactId }, ConsistentRead: true }));
      return answer.Item as Contact | undefined;
    },

    async create(contact) {
      await db.send(
        new PutCommand({ TableName: table, Item: contact, ConditionExpression: 'attribute_not_exists(contactId)' }),
      );
    },

    async openChatId(visitorId, target) {
      const answer = await db.send(
        new GetCommand({ TableName: routingTable, Key: lockKey(visitorId, target), ConsistentRead: true }),
      );
      return answer.Item?.contactId as string | undefined;
    },

    async claimOpenChat(visitorId, target, contactId, replacing) {
      return (await unlessConditionFails(db.send(
        new PutCommand({
          TableName: routingTable,
          Item: { ...lockKey(visitorId, target), contactId },
          ConditionExpression: replacing ? 'contactId = :old' : 'attribute_not_exists(pk)',
          ExpressionAttributeValues: replacing ? { ':old': replacing } : undefined,
        }),
      ))) !== undefined;
    },

    async previousSeller(visitorId, target) {
      const [latest] = await queryAll(
        {
          TableName: table,
          IndexName: 'byVisitor',
          KeyConditionExpression: 'visitorId = :v',
          FilterExpression: 'target = :t AND attribute_exists(sellerId)',
          ExpressionAttributeValues: { ':v': visitorId, ':t': target },
          ScanIndexForward: false,
        },
        1,
      );
      return latest?.sellerId;
    },

    async nextSeqFor(contactId, sender, to) {
      const values: Record<string, unknown> = { ':one': 1, ':zero': 0, ':now': new Date().toISOString(), ':me': sender.userId };
      let condition: string;
      if (sender.role === 'visitor') {
        condition = 'visitorId = :me AND #status <> :ended';
        values[':ended'] = 'ended';
        if (to !== undefined) {
          condition += ' AND (sellerId = :to OR target = :to)';
          values[':to'] = to;
        }
      } else {
        condition = 'sellerId = :me AND #status = :assigned';
        values[':assigned'] = 'assigned';
        if (to !== undefined) {
          condition += ' AND visitorId = :to';
          values[':to'] = to;
        }
      }
      try {
        const answer = await db.send(
          new UpdateCommand({
            TableName: table,
            Key: { contactId },
            UpdateExpression: 'SET nextSeq = if_not_exists(nextSeq, :zero) + :one, lastActivityAt = :now',
            ConditionExpression: `attribute_exists(contactId) AND ${condition}`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
          }),
        );
        return answer.Attributes as Contact;
      } catch (error) {
        if (isConditionFailure(error)) {
          throw forbidden(
            sender.role === 'visitor'
              ? 'you can only write into your own open chat'
              : 'you can only write into chats assigned to you, to their visitor',
          );
        }
        throw error;
      }
    },

    async findOpenForVisitor(visitorId, to) {
      const lockedId = await this.openChatId(visitorId, to);
      if (lockedId) {
        const locked = await this.get(lockedId);
        if (locked && locked.status !== 'ended') return locked;
      }
      // `to` may name the assigned seller of a chat opened for a team
      const [open] = await queryAll(
        {
          TableName: table,
          IndexName: 'byVisitor',
          KeyConditionExpression: 'visitorId = :v',
          FilterExpression: 'sellerId = :to AND #status <> :ended',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':v': visitorId, ':to': to, ':ended': 'ended' },
          ScanIndexForward: false,
        },
        1,
      );
      return open;
    },

    async findOpenForSeller(sellerId, visitorId) {
      const [open] = await queryAll(
        {
          TableName: table,
          IndexName: 'bySeller',
          KeyConditionExpression: 'sellerId = :s',
          FilterExpression: 'visitorId = :v AND #status = :assigned',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':s': sellerId, ':v': visitorId, ':assigned': 'assigned' },
          ScanIndexForward: false,
        },
        1,
      );
      return open;
    },

    listOpenForVisitor(visitorId) {
      return queryAll({
        TableName: table,
        IndexName: 'byVisitor',
        KeyConditionExpression: 'visitorId = :v',
        FilterExpression: '#status <> :ended',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':v': visitorId, ':ended': 'ended' },
      });
    },

    listAssignedToSeller(sellerId) {
      return queryAll({
        TableName: table,
        IndexName: 'bySeller',
        KeyConditionExpression: 'sellerId = :s',
        FilterExpression: '#status = :assigned',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':s': sellerId, ':assigned': 'assigned' },
      });
    },

    listQueued(queueKey, limit) {
      return queryAll(
        {
          TableName: table,
          IndexName: 'byQueue',
          KeyConditionExpression: 'queueKey = :q',
          ExpressionAttributeValues: { ':q': queueKey },
          ScanIndexForward: true,
          Limit: limit,
        },
        limit,
      );
    },

    async assignQueued(contactId, sellerId) {
      const now = new Date().toISOString();
      const answer = await unlessConditionFails(db.send(
        new UpdateCommand({
          TableName: table,
          Key: { contactId },
          UpdateExpression: 'SET #status = :assigned, sellerId = :s, assignedAt = :now, lastActivityAt = :now REMOVE queueKey',
          ConditionExpression: '#status = :queued',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':assigned': 'assigned', ':queued': 'queued', ':s': sellerId, ':now': now },
          ReturnValues: 'ALL_NEW',
        }),
      ));
      return answer?.Attributes as Contact | undefined;
    },

    async advanceDelivered(contactId, side, seq) {
      await raiseMark(db, table, contactId, side === 'visitor' ? 'visitorDeliveredSeq' : 'sellerDeliveredSeq', seq);
    },
  };
}

/** The contact writes of the history API and live events: one conditional single-item write each. */
import { DeleteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { lockKey, raiseMark, type Contact } from './contacts';
import { unlessConditionFails } from './errors';
import type { Role } from './protocol';

/** The writes of a chat's life after it started: read marks, end, transfer, requeue, notes, deletion. */
export interface ContactTransitions {
  /** Raises the side's read mark to `seq`; false when it was already there or higher. */
  advanceRead(contactId: string, side: Role, seq: number): Promise<boolean>;
  /** Ends an open contact; returns it as it was before, or undefined when it was already ended or is gone. */
  end(contactId: string, by: Role): Promise<Contact | undefined>;
  /** Moves an assigned contact from one seller to another; undefined when it is no longer `from`'s. */
  reassign(contactId: string, fromSellerId: string, toSellerId: string): Promise<Contact | undefined>;
  /** Puts an assigned contact back in queue `queueKey`; undefined when it is no longer `from`'s. */
  requeue(contactId: string, fromSellerId: string, queueKey: string): Promise<Contact | undefined>;
  /** Sets title and/or tags; undefined when the contact is gone. */
  updateDetails(contactId: string, details: { title?: string; tags?: string[] }): Promise<Contact | undefined>;
  remove(contactId: string): Promise<void>;
  /** Drops the visitor's open-chat lock if it still points at `contactId`. */
  releaseOpenChat(visitorId: string, target: string, contactId: string): Promise<void>;
}


export function contactTransitions(db: DynamoDBDocumentClient, table: string, routingTable: string): ContactTransitions {
  const conditionalUpdate = async (input: ConstructorParameters<typeof UpdateCommand>[0]) =>
    (await unlessConditionFails(db.send(new UpdateCommand(input))))?.Attributes as Contact | undefined;

  return {
    advanceRead(contactId, side, seq) {
      return raiseMark(db, table, contactId, side === 'visitor' ? 'visitorReadSeq' : 'sellerReadSeq', seq);
    },

    async end(contactId, by) {
      const now = new Date().toISOString();
      const answer = await unlessConditionFails(db.send(
        new UpdateCommand({
          TableName: table,
          Key: { contactId },
          UpdateExpression: 'SET #status = :ended, endedAt = :now, endedBy = :by, lastActivityAt = :now REMOVE queueKey',
          ConditionExpression: 'attribute_exists(contactId) AND #status <> :ended',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':ended': 'ended', ':now': now, ':by': by },
          ReturnValues: 'ALL_OLD',
        }),
      ));
      return answer?.Attributes as Contact | undefined;
    },

    async reassign(contactId, fromSellerId, toSellerId) {
      const now = new Date().toISOString();
      return conditionalUpdate({
        TableName: table,
        Key: { contactId },
        UpdateExpression: 'SET sellerId = :to, assignedAt = :now, lastActivityAt = :now',
        ConditionExpression: 'sellerId = :from AND #status = :assigned',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':to': toSellerId, ':from': fromSellerId, ':assigned': 'assigned', ':now': now },
        ReturnValues: 'ALL_NEW',
      });
    },

    async requeue(contactId, fromSellerId, queueKey) {
      const now = new Date().toISOString();
      return conditionalUpdate({
        TableName: table,
        Key: { contactId },
        UpdateExpression: 'SET #status = :queued, queueKey = :q, lastActivityAt = :now REMOVE sellerId, assignedAt',
        ConditionExpression: 'sellerId = :from AND #status = :assigned',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':queued': 'queued', ':q': queueKey, ':from': fromSellerId, ':assigned': 'assigned', ':now': now },
        ReturnValues: 'ALL_NEW',
      });
    },

    async updateDetails(contactId, details) {
      const sets: string[] = [];
      const values: Record<string, unknown> = {};
      if (details.title !== undefined) {
        sets.push('title = :title');
        values[':title'] = details.title;
      }
      if (details.tags !== undefined) {
        sets.push('tags = :tags');
        values[':tags'] = details.tags;
      }
      if (sets.length === 0) throw new Error('updateDetails needs a title or tags'); // the body schema guarantees one
      return conditionalUpdate({
        TableName: table,
        Key: { contactId },
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: 'attribute_exists(contactId)',
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      });
    },

    async remove(contactId) {
      await db.send(new DeleteCommand({ TableName: table, Key: { contactId } }));
    },

    async releaseOpenChat(visitorId, target, contactId) {
      await unlessConditionFails(db.send(
        new DeleteCommand({
          TableName: routingTable,
          Key: lockKey(visitorId, target),
          ConditionExpression: 'contactId = :c',
          ExpressionAttributeValues: { ':c': contactId },
        }),
      ));
    },
  };
}

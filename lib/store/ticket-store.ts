/** Redeemed connect tickets as items of the routing table: one conditional put makes a ticket single-use. */
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unlessConditionFails } from '../platform/errors';
import { routingKeys } from './keys';

export interface TicketStore {
  /** Marks the ticket used; false when it was used before. The mark expires (TTL) when the ticket would have. */
  redeem(ticketId: string, expiresAt: number): Promise<boolean>;
}

export function ticketStore(db: DynamoDBDocumentClient, table: string): TicketStore {
  return {
    async redeem(ticketId, expiresAt) {
      const put = db.send(
        new PutCommand({
          TableName: table,
          Item: { ...routingKeys.redeemedTicket(ticketId), expiresAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return (await unlessConditionFails(put)) !== undefined;
    },
  };
}

/** The history API's contact listings: index queries page by page, with positions instead of raw keys. */
import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Contact } from './contacts';
import type { ContactStatus } from './protocol';

/** One page of a listing: `more` says whether a next page exists after the last item. */
export interface ContactPage {
  items: Contact[];
  more: boolean;
}

/** Where a listing resumes: the index sort key of the last item seen and its contactId. */
export interface PagePosition {
  contactId: string;
  /** lastActivityAt for a seller's list, createdAt for queue and visitor lists */
  at: string;
}

/** The history API's listings, one page at a time, newest first. */
export interface ContactPages {
  pageBySeller(sellerId: string, status: ContactStatus, limit: number, after?: PagePosition): Promise<ContactPage>;
  pageByQueue(queueKey: string, limit: number, after?: PagePosition): Promise<ContactPage>;
  pageByVisitor(visitorId: string, limit: number, after?: PagePosition): Promise<ContactPage>;
}

export function contactPages(db: DynamoDBDocumentClient, table: string): ContactPages {
  /** One page of up to `limit` matches after `startKey`, reading on while a filter thins the pages. */
  const page = async (
    input: Omit<QueryCommandInput, 'TableName'>,
    limit: number,
    startKey: Record<string, unknown> | undefined,
  ): Promise<ContactPage> => {
    const found: Contact[] = [];
    let next = startKey;
    do {
      const answer = await db.send(
        new QueryCommand({ ...input, TableName: table, ExclusiveStartKey: next, Limit: limit + 1 - found.length }),
      );
      found.push(...((answer.Items ?? []) as Contact[]));
      next = answer.LastEvaluatedKey;
    } while (next && found.length <= limit);
    return { items: found.slice(0, limit), more: found.length > limit };
  };

  return {
    pageBySeller(sellerId, status, limit, after) {
      return page(
        {
          IndexName: 'bySeller',
          KeyConditionExpression: 'sellerId = :s',
          FilterExpression: '#status = :status',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':s': sellerId, ':status': status },
          ScanIndexForward: false,
        },
        limit,
        after && { contactId: after.contactId, sellerId, lastActivityAt: after.at },
      );
    },

    pageByQueue(queueKey, limit, after) {
      return page(
        {
          IndexName: 'byQueue',
          KeyConditionExpression: 'queueKey = :q',
          ExpressionAttributeValues: { ':q': queueKey },
          ScanIndexForward: false,
        },
        limit,
        after && { contactId: after.contactId, queueKey, createdAt: after.at },
      );
    },

    pageByVisitor(visitorId, limit, after) {
      return page(
        {
          IndexName: 'byVisitor',
          KeyConditionExpression: 'visitorId = :v',
          ExpressionAttributeValues: { ':v': visitorId },
          ScanIndexForward: false,
        },
        limit,
        after && { contactId: after.contactId, visitorId, createdAt: after.at },
      );
    },
  };
}

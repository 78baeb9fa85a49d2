/** The connection table: who is behind each WebSocket connection. */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unlessConditionFails } from './errors';
import type { Role } from './protocol';

export interface Identity {
  role: Role;
  /** deviceId for a visitor, sellerId for a seller */
  userId: string;
}

export interface SellerIdentity extends Identity {
  role: 'seller';
  teams: string[];
  maxChats?: number;
}

export interface ConnectionRecord extends Identity {
  connectionId: string;
  identity: string;
  teams?: string[];
  connectedAt: string;
  expiresAt: number;
  /** the page that opened the socket (browsers send it on the upgrade) */
  origin?: string;
}

/** Visitors and sellers live in separate namespaces: `visitor#42` never receives `seller#42`'s pushes. */
export function identityKey(identity: Identity): string {
  return `${identity.role}#${identity.userId}`;
}

export interface ConnectionStore {
  register(connectionId: string, identity: Identity & { teams?: string[] }, ttlSeconds: number, origin?: string): Promise<void>;
  get(connectionId: string): Promise<ConnectionRecord | undefined>;
  remove(connectionId: string): Promise<void>;
  /** Removes a connection the management API called gone, unless it is too young to be stale (still connecting). */
  removeStale(connectionId: string, olderThan: Date): Promise<void>;
  listIds(identity: Identity): Promise<string[]>;
  isOnline(identity: Identity): Promise<boolean>;
}

export function connectionStore(db: DynamoDBDocumentClient, table: string): ConnectionStore {
  const listIds = async (identity: Identity, limit?: number) => {
    const ids: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'byIdentity',
          KeyConditionExpression: '#identity = :identity',
          ExpressionAttributeNames: { '#identity': 'identity' }, // a DynamoDB reserved word
          ExpressionAttributeValues: { ':identity': identityKey(identity) },
          ProjectionExpression: 'connectionId',
          ExclusiveStartKey: startKey,
          Limit: limit,
        }),
      );
      for (const item of page.Items ?? []) ids.push(item.connectionId as string);
      startKey = limit ? undefined : page.LastEvaluatedKey;
    } while (startKey);
    return ids;
  };

  return {
    async register(connectionId, identity, ttlSeconds, origin) {
      const now = new Date();
      await db.send(
        new PutCommand({
          TableName: table,
          Item: {
            connectionId,
            identity: identityKey(identity),
            role: identity.role,
            userId: identity.userId,
            teams: identity.teams?.length ? identity.teams : undefined,
            connectedAt: now.toISOString(),
            expiresAt: Math.floor(now.getTime() / 1000) + ttlSeconds,
            origin: origin?.slice(0, 256),
          },
        }),
      );
    },
    async get(connectionId) {
      const answer = await db.send(new GetCommand({ TableName: table, Key: { connectionId } }));
      return answer.Item as ConnectionRecord | undefined;
    },
    async remove(connectionId) {
      await db.send(new DeleteCommand({ TableName: table, Key: { connectionId } }));
    },
    async removeStale(connectionId, olderThan) {
      await unlessConditionFails(db.send(
        new DeleteCommand({
          TableName: table,
          Key: { connectionId },
          ConditionExpression: 'connectedAt < :cutoff',
          ExpressionAttributeValues: { ':cutoff': olderThan.toISOString() },
        }),
      ));
    },
    listIds: (identity) => listIds(identity),
    async isOnline(identity) {
      return (await listIds(identity, 1)).length > 0;
    },
  };
}

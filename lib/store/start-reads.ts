/** A chat start's one read: the visitor's line (chats table), the target's item and the target as a seller (routing table), in one BatchGetItem. */
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { chatKeys, routingKeys } from './keys';
import type { ChatItem } from './chat-store';
import type { SellerItem } from './seller-store';
import type { TargetItem } from './target-store';

export function startReads(db: DynamoDBDocumentClient, tables: { chats: string; routing: string }) {
  return async (lineKey: string, target: string): Promise<{ line?: ChatItem; target?: TargetItem; seller?: SellerItem }> => {
    const line = chatKeys.line(lineKey);
    const targetKey = routingKeys.target(target);
    const sellerKey = routingKeys.sellerState(target);
    let requests: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: true }> | undefined = {
      [tables.chats]: { Keys: [line], ConsistentRead: true },
      [tables.routing]: { Keys: [targetKey, sellerKey], ConsistentRead: true },
    };
    const found: Record<string, unknown>[] = [];
    // three keys never exceed a batch; keys left unprocessed (throttling) are asked for again
    for (let round = 0; requests && Object.keys(requests).length; round++) {
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** round));
      const answer = await db.send(new BatchGetCommand({ RequestItems: requests }));
      for (const items of Object.values(answer.Responses ?? {})) found.push(...items);
      requests = answer.UnprocessedKeys as typeof requests;
      if (round > 6) throw new Error('a chat start read stayed unprocessed');
    }
    const byKey = (pk: string, sk?: string) => found.find((item) => item.pk === pk && (sk === undefined || item.sk === sk));
    return {
      line: byKey(line.pk) as ChatItem | undefined,
      target: byKey(targetKey.pk, targetKey.sk) as TargetItem | undefined,
      seller: byKey(sellerKey.pk, sellerKey.sk) as SellerItem | undefined,
    };
  };
}

/**
 * A visitor's item in the routing table: besides its connections (identity-store), the chats it
 * has open (`chats`: contactId → target and the userInfo it gave), which bound how many it may
 * hold and tell where to deliver what it missed; and its chat-start limit, a window counter.
 */
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { VisitorContextView } from '../protocol/outbound';
import { isConditionFailure, unlessConditionFails } from '../platform/errors';
import { creatingMaps, ensureMaps, type IdentityItem } from './identity-store';
import { routingKeys } from './keys';
import { countInWindow, UpdateBuilder } from './update-builder';

export interface OpenChat {
  target: string;
  info: Record<string, unknown>;
  /** the page the visitor is on now (visitorContext, InitChat's context): kept here, where the seller's views already read */
  context?: VisitorContextView;
}

export interface VisitorItem extends IdentityItem {
  chats?: Record<string, OpenChat>;
}

/** The maps a visitor's item needs before keys can be set in them; register and the first chat start create them. */
export const VISITOR_MAPS = ['chats', 'pending', 'cs0', 'cs1'];

export interface VisitorStore {
  /** Takes one chat start from the visitor's window; returns its item (open chats included) or the wait when the window is full. */
  takeChatStart(visitorId: string, limit: { cap: number; windowMs: number }): Promise<{ allowed: true; item: VisitorItem } | { allowed: false; retryAfterMs: number }>;
  /** Records an open chat with the userInfo the visitor gave for it. */
  addOpenChat(visitorId: string, contactId: string, chat: OpenChat): Promise<void>;
  removeOpenChat(visitorId: string, contactId: string): Promise<void>;
  /** Adds `email` to an open chat's userInfo; false when the visitor has no such open chat. */
  setChatEmail(visitorId: string, contactId: string, email: string): Promise<boolean>;
  /** Replaces an open chat's page context; false when the visitor has no such open chat. */
  setChatContext(visitorId: string, contactId: string, context: VisitorContextView): Promise<boolean>;
}

export function visitorStore(db: DynamoDBDocumentClient, table: string): VisitorStore {
  const write = async (visitorId: string, build: (update: UpdateBuilder) => void, returnValues: 'ALL_NEW' | 'NONE' = 'NONE') => {
    const update = new UpdateBuilder();
    build(update);
    const answer = await db.send(new UpdateCommand({ TableName: table, Key: routingKeys.visitor(visitorId), ...update.build(), ReturnValues: returnValues }));
    return answer.Attributes as VisitorItem | undefined;
  };
  const createMaps = (visitorId: string) => () => write(visitorId, (update) => ensureMaps(update, ...VISITOR_MAPS));

  return {
    async takeChatStart(visitorId, limit) {
      let retryAfterMs = 0;
      try {
        const item = await creatingMaps(
          () =>
            write(
              visitorId,
              (update) => {
                retryAfterMs = countInWindow(update, 'cs', limit.cap, limit.windowMs, Date.now()).retryAfterMs;
              },
              'ALL_NEW',
            ),
          createMaps(visitorId),
        );
        return { allowed: true, item: item as VisitorItem };
      } catch (error) {
        if (isConditionFailure(error)) return { allowed: false, retryAfterMs };
        throw error;
      }
    },

    async addOpenChat(visitorId, contactId, chat) {
      await creatingMaps(() => write(visitorId, (update) => update.set(update.path('chats', contactId), update.value(chat))), createMaps(visitorId));
    },

    async setChatEmail(visitorId, contactId, email) {
      const saved = await unlessConditionFails(
        write(
          visitorId,
          (update) => {
            update.when(`attribute_exists(${update.path('chats', contactId)})`);
            update.set(update.path('chats', contactId, 'info', 'email'), update.value(email));
          },
          'ALL_NEW',
        ),
      );
      return saved !== undefined;
    },

    async setChatContext(visitorId, contactId, context) {
      const saved = await unlessConditionFails(
        write(visitorId, (update) => {
          update.when(`attribute_exists(${update.path('chats', contactId)})`);
          update.set(update.path('chats', contactId, 'context'), update.value(context));
        }).then(() => true),
      );
      return saved === true;
    },

    async removeOpenChat(visitorId, contactId) {
      await write(visitorId, (update) => {
        update.remove(update.path('chats', contactId));
        update.remove(update.path('pending', contactId));
      }).catch((error) => {
        // no item or no maps: nothing to remove
        if ((error as { name?: string }).name !== 'ValidationException') throw error;
      });
    },
  };
}

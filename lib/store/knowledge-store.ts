/**
 * A target's knowledge base in the knowledge table (keys in lib/store/keys.ts): a version item, one
 * item per document and one per passage, all in the target's partition, so every read is a GetItem or
 * a Query of that one partition.
 *
 * Without transactions (dynalite has none) a reader must never see half a document. So a document's
 * passages are written under a fresh revision first; the document item then names that revision in
 * one write, and only then are the old revision's passages deleted and the version bumped. A reader
 * keeps the passages whose revision their document names, which hides both a write in progress and
 * the leftovers of one that died.
 */
import { randomBytes } from 'node:crypto';
import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../platform/errors';
import { omit } from '../platform/omit';
import type { KnowledgeFormat } from '../protocol/inbound';
import { knowledgeKeys } from './keys';

/** A document as listed: what it is and how big, not its text. */
export interface KnowledgeDocument {
  docId: string;
  title: string;
  url?: string;
  format: KnowledgeFormat;
  /** the text's size in UTF-8 bytes, as it was put */
  bytes: number;
  passageCount: number;
  updatedAt: string;
}

/** A passage of one document, as its document holds it. */
export interface StoredPassage {
  /** `<docId>#<n>`, n counting from 0 in document order */
  passageId: string;
  heading?: string;
  text: string;
}

/** A passage with its document's citation: what retrieval indexes. */
export interface CitedPassage extends StoredPassage {
  docId: string;
  title: string;
  url?: string;
}

export type PutOutcome = { outcome: 'created' | 'replaced'; document: KnowledgeDocument } | { outcome: 'full' };

/** One answer's claim on its target's assistant limits, at `minute` (minutes since the epoch) of `day` (UTC, YYYY-MM-DD). */
export interface AnswerClaim {
  minute: number;
  day: string;
  maxAnswersPerMinute: number;
  maxTokensPerDay: number;
  /** tokens of earlier answers not counted yet, added now */
  tokensOwed: number;
}

export type ClaimOutcome = { allowed: true; version: number } | { allowed: false; limit: 'answers per minute' | 'tokens per day' };

export interface KnowledgeStore {
  /** The target's knowledge version: 0 before its first document; every put and delete raises it. */
  version(target: string): Promise<number>;
  /**
   * Counts one answer of the assistant for `target` when its limits allow it, adding the tokens owed,
   * and reads the knowledge version in the same write (the counters live on the version item): an
   * answer pays one request for both.
   */
  claimAnswer(target: string, claim: AnswerClaim): Promise<ClaimOutcome>;
  listDocuments(target: string): Promise<KnowledgeDocument[]>;
  getDocument(target: string, docId: string): Promise<{ document: KnowledgeDocument; passages: StoredPassage[] } | undefined>;
  /** Creates or replaces a document with its passages; a new one only while the target holds fewer than `maxDocs`. */
  putDocument(target: string, document: Omit<KnowledgeDocument, 'passageCount' | 'updatedAt'>, passages: Omit<StoredPassage, 'passageId'>[], maxDocs: number): Promise<PutOutcome>;
  /** False when there was no such document. */
  deleteDocument(target: string, docId: string): Promise<boolean>;
  /** Every passage of the target's current documents, in document order, with their citations. */
  passagesOf(target: string): Promise<CitedPassage[]>;
}

interface DocumentItem extends KnowledgeDocument {
  revision: string;
}

interface PassageItem {
  sk: string;
  docId: string;
  revision: string;
  n: number;
  heading?: string;
  text: string;
}

/** BatchWriteItem's own limit per call. */
const MAX_WRITES = 25;
const MAX_ROUNDS = 8;
/** How often a put starts over when another put or delete of the same document wins a race. */
const MAX_PUT_ATTEMPTS = 3;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const passageIdOf = (docId: string, n: number) => `${docId}#${n}`;

function documentOf(item: Record<string, unknown>): DocumentItem {
  return {
    docId: item.docId as string,
    title: item.title as string,
    ...(item.url ? { url: item.url as string } : {}),
    format: item.format as KnowledgeFormat,
    bytes: item.bytes as number,
    passageCount: item.passageCount as number,
    updatedAt: item.updatedAt as string,
    revision: item.revision as string,
  };
}

function publicDocument(item: DocumentItem): KnowledgeDocument {
  return omit(item, ['revision']);
}

function passageOf(item: PassageItem): StoredPassage {
  return { passageId: passageIdOf(item.docId, item.n), ...(item.heading ? { heading: item.heading } : {}), text: item.text };
}

export function knowledgeStore(db: DynamoDBDocumentClient, table: string): KnowledgeStore {
  /** Puts and deletes in batches of 25, the items DynamoDB leaves unprocessed sent again after a pause. */
  async function writeAll(requests: Record<string, unknown>[]): Promise<void> {
    for (let start = 0; start < requests.length; start += MAX_WRITES) {
      let pending: Record<string, unknown>[] | undefined = requests.slice(start, start + MAX_WRITES);
      // unprocessed items mean throttling: back off exponentially (with jitter) before sending them again
      for (let round = 0; pending?.length; round++) {
        if (round === MAX_ROUNDS) throw new Error(`BatchWriteItem on ${table} left ${pending.length} items unprocessed after ${MAX_ROUNDS} rounds`);
        if (round > 0) await pause(Math.random() * 25 * 2 ** round);
        const answer = await db.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        pending = answer.UnprocessedItems?.[table] as Record<string, unknown>[] | undefined;
      }
    }
  }

  const deletePassages = (target: string, docId: string, revision: string, count: number) =>
    writeAll(Array.from({ length: count }, (_, n) => ({ DeleteRequest: { Key: knowledgeKeys.passage(target, docId, revision, n) } })));

  /** Every item of the target's partition whose sort key starts with `prefix`, consistently read. */
  async function queryPartition(target: string, prefix?: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: prefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
          ExpressionAttributeValues: { ':pk': knowledgeKeys.partition(target), ...(prefix ? { ':prefix': prefix } : {}) },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  async function getDocumentItem(target: string, docId: string): Promise<DocumentItem | undefined> {
    const { Item: item } = await db.send(new GetCommand({ TableName: table, Key: knowledgeKeys.document(target, docId), ConsistentRead: true }));
    return item ? documentOf(item) : undefined;
  }

  /** Counts one more document under the limit; false when the target is full. */
  async function takeSlot(target: string, maxDocs: number): Promise<boolean> {
    try {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: knowledgeKeys.version(target),
          UpdateExpression: 'ADD docCount :one',
          ConditionExpression: 'attribute_not_exists(docCount) OR docCount < :max',
          ExpressionAttributeValues: { ':one': 1, ':max': maxDocs },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Bumps the version after a change, adding `documents` (+1, 0 or -1) to the count. */
  const changed = (target: string, documents: number) =>
    db.send(
      new UpdateCommand({
        TableName: table,
        Key: knowledgeKeys.version(target),
        UpdateExpression: 'ADD version :one, docCount :documents SET updatedAt = :now',
        ExpressionAttributeValues: { ':one': 1, ':documents': documents, ':now': new Date().toISOString() },
      }),
    );

  const claimWrite = async (target: string, update: string, condition: string, values: Record<string, unknown>): Promise<Record<string, unknown> | undefined> => {
    try {
      const { Attributes: item } = await db.send(
        new UpdateCommand({
          TableName: table,
          Key: knowledgeKeys.version(target),
          UpdateExpression: update,
          ConditionExpression: condition,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return item ?? {};
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  };

  const claimAnswer = async (target: string, claim: AnswerClaim, attempts = 2): Promise<ClaimOutcome> => {
    const allowedFrom = (item: Record<string, unknown>): ClaimOutcome => ({ allowed: true, version: Number(item.version ?? 0) });
    const values = { ':one': 1, ':owed': claim.tokensOwed, ':day': claim.day, ':minute': claim.minute, ':maxA': claim.maxAnswersPerMinute, ':maxT': claim.maxTokensPerDay };
    // the usual case, one write: the same minute of the same day, under both limits
    const steady = await claimWrite(
      target,
      'ADD minuteAnswers :one, dayTokens :owed',
      'usageDay = :day AND usageMinute = :minute AND minuteAnswers < :maxA AND dayTokens < :maxT',
      values,
    );
    if (steady) return allowedFrom(steady);
    // why not: a limit reached, or a new minute or day (once a minute per target at most)
    const { Item: item } = await db.send(new GetCommand({ TableName: table, Key: knowledgeKeys.version(target), ConsistentRead: true }));
    const sameDay = item?.usageDay === claim.day;
    if (sameDay && Number(item?.dayTokens ?? 0) >= claim.maxTokensPerDay) return { allowed: false, limit: 'tokens per day' };
    if (sameDay && item?.usageMinute === claim.minute) {
      if (Number(item?.minuteAnswers ?? 0) >= claim.maxAnswersPerMinute) return { allowed: false, limit: 'answers per minute' };
    } else {
      const rolled = sameDay
        ? await claimWrite(
            target,
            'SET usageMinute = :minute, minuteAnswers = :one ADD dayTokens :owed',
            'usageDay = :day AND usageMinute <> :minute AND dayTokens < :maxT',
            omit(values, [':maxA']),
          )
        : await claimWrite(
            target,
            'SET usageDay = :day, dayTokens = :owed, usageMinute = :minute, minuteAnswers = :one',
            'attribute_not_exists(usageDay) OR usageDay <> :day',
            omit(values, [':maxA', ':maxT']),
          );
      if (rolled) return allowedFrom(rolled);
    }
    // another answer changed the counters between our read and our write: once more
    if (attempts > 1) return claimAnswer(target, claim, attempts - 1);
    return { allowed: false, limit: 'answers per minute' };
  };

  return {
    claimAnswer,

    async version(target) {
      // eventually consistent (half the price): a question at most a second after a change may still
      // get the index before it; the next one sees the new version
      const { Item: item } = await db.send(new GetCommand({ TableName: table, Key: knowledgeKeys.version(target), ProjectionExpression: 'version' }));
      return (item?.version as number | undefined) ?? 0;
    },

    async listDocuments(target) {
      const items = await queryPartition(target, 'D#');
      return items.map((item) => publicDocument(documentOf(item)));
    },

    async getDocument(target, docId) {
      const document = await getDocumentItem(target, docId);
      if (!document) return undefined;
      const items = (await queryPartition(target, knowledgeKeys.passagePrefix(docId, document.revision))) as unknown as PassageItem[];
      return { document: publicDocument(document), passages: items.map(passageOf) };
    },

    async putDocument(target, fields, passages, maxDocs) {
      const revision = randomBytes(6).toString('base64url');
      const document: DocumentItem = { ...fields, passageCount: passages.length, updatedAt: new Date().toISOString(), revision };
      let previous = await getDocumentItem(target, fields.docId);
      // a new document takes its slot before anything is written, so a full target costs one write
      let slotTaken = false;
      if (!previous) {
        if (!(await takeSlot(target, maxDocs))) return { outcome: 'full' };
        slotTaken = true;
      }
      const passageItems = passages.map((passage, n) => ({
        ...knowledgeKeys.passage(target, fields.docId, revision, n),
        docId: fields.docId,
        revision,
        n,
        ...(passage.heading ? { heading: passage.heading } : {}),
        text: passage.text,
      }));
      try {
        await writeAll(passageItems.map((item) => ({ PutRequest: { Item: item } })));
        for (let attempt = 1; ; attempt++) {
          try {
            // the document names its new revision only if nobody changed it since it was read
            await db.send(
              new PutCommand({
                TableName: table,
                Item: { ...knowledgeKeys.document(target, fields.docId), ...document },
                ConditionExpression: previous ? 'revision = :previous' : 'attribute_not_exists(sk)',
                ...(previous ? { ExpressionAttributeValues: { ':previous': previous.revision } } : {}),
              }),
            );
            break;
          } catch (error) {
            if (!isConditionFailure(error) || attempt === MAX_PUT_ATTEMPTS) throw error;
            // another put or a delete won: start over from what is there now, with the slot that fits it
            previous = await getDocumentItem(target, fields.docId);
            if (previous && slotTaken) await changed(target, -1).then(() => (slotTaken = false));
            if (!previous && !slotTaken) {
              if (!(await takeSlot(target, maxDocs))) throw new Error(`${target} filled up while ${fields.docId} was being written`);
              slotTaken = true;
            }
          }
        }
      } catch (error) {
        // nothing names this revision: its passages go, and so does the slot it took
        await deletePassages(target, fields.docId, revision, passageItems.length).catch(() => undefined);
        if (slotTaken) await changed(target, -1).catch(() => undefined);
        throw error;
      }
      if (previous) await deletePassages(target, fields.docId, previous.revision, previous.passageCount);
      await changed(target, 0);
      return { outcome: previous ? 'replaced' : 'created', document: publicDocument(document) };
    },

    async deleteDocument(target, docId) {
      const { Attributes: old } = await db.send(new DeleteCommand({ TableName: table, Key: knowledgeKeys.document(target, docId), ReturnValues: 'ALL_OLD' }));
      if (!old) return false;
      const document = documentOf(old);
      // hidden from readers already: nothing names their revision any more
      await deletePassages(target, docId, document.revision, document.passageCount);
      await changed(target, -1);
      return true;
    },

    async passagesOf(target) {
      const items = await queryPartition(target);
      const documents = new Map<string, DocumentItem>();
      for (const item of items) if (String(item.sk).startsWith('D#')) documents.set(item.docId as string, documentOf(item));
      const cited: CitedPassage[] = [];
      for (const item of items) {
        if (!String(item.sk).startsWith('P#')) continue;
        const passage = item as unknown as PassageItem;
        const document = documents.get(passage.docId);
        if (document?.revision !== passage.revision) continue;
        cited.push({ docId: document.docId, title: document.title, ...(document.url ? { url: document.url } : {}), ...passageOf(passage) });
      }
      return cited;
    },
  };
}

/** Turning client text into checked values: JSON objects, then one schema each; failures are BAD_REQUEST naming the field. */
import type * as z from 'zod/mini';
import { badRequest } from '../platform/errors';

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let value = input;
  for (const key of path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
  return value;
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const field = issue.path.length ? issue.path.join('.') : 'body';
  if (issue.path.length && valueAt(input, issue.path) === undefined) return `${field} is required`;
  return `${field}: ${issue.message}`;
}

/** Parses with a schema or throws BAD_REQUEST naming the first offending field. */
export function parseWith<T>(schema: z.ZodMiniType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  throw badRequest(first ? describeIssue(first, input) : 'invalid request');
}

/** Parses a text frame or HTTP body as a JSON object. */
export function parseJsonObject(raw: unknown, what: string): Record<string, unknown> {
  if (typeof raw !== 'string') throw badRequest(`${what} must be JSON text; binary frames are not supported`);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw badRequest(`${what} is not valid JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest(`${what} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

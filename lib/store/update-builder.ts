/**
 * Builds one UpdateItem's expressions from parts, with placeholders for every name and value, so
 * the parts that the message path combines (authorization, a rate window, a dedupe ring, the seq)
 * can be written and tested one at a time.
 */
export interface BuiltUpdate {
  UpdateExpression: string;
  ConditionExpression?: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

export class UpdateBuilder {
  private readonly sets: string[] = [];
  private readonly removes: string[] = [];
  private readonly adds: string[] = [];
  private readonly deletes: string[] = [];
  private readonly conditions: string[] = [];
  private readonly names = new Map<string, string>();
  private readonly values: Record<string, unknown> = {};
  private valueCount = 0;

  /** The placeholder of an attribute name (one per distinct name). */
  name(attribute: string): string {
    let placeholder = this.names.get(attribute);
    if (!placeholder) {
      placeholder = `#n${this.names.size}`;
      this.names.set(attribute, placeholder);
    }
    return placeholder;
  }

  /** A document path: `path('dd0', 'abc')` is `#n1.#n2`. */
  path(...attributes: string[]): string {
    return attributes.map((attribute) => this.name(attribute)).join('.');
  }

  /** The placeholder of a value. */
  value(value: unknown): string {
    const placeholder = `:v${this.valueCount++}`;
    this.values[placeholder] = value;
    return placeholder;
  }

  set(path: string, expression: string): this {
    this.sets.push(`${path} = ${expression}`);
    return this;
  }

  remove(path: string): this {
    this.removes.push(path);
    return this;
  }

  /** Adds strings to a string set (ADD creates the set when it is missing). */
  addToSet(attribute: string, ...members: string[]): this {
    this.adds.push(`${this.name(attribute)} ${this.value(new Set(members))}`);
    return this;
  }

  /** Removes strings from a string set (DELETE leaves it out when it becomes empty). */
  deleteFromSet(attribute: string, ...members: string[]): this {
    this.deletes.push(`${this.name(attribute)} ${this.value(new Set(members))}`);
    return this;
  }

  /** A condition that must hold (all of them are AND-ed). */
  when(condition: string): this {
    this.conditions.push(condition);
    return this;
  }

  build(): BuiltUpdate {
    const clauses = [
      this.sets.length ? `SET ${this.sets.join(', ')}` : '',
      this.removes.length ? `REMOVE ${this.removes.join(', ')}` : '',
      this.adds.length ? `ADD ${this.adds.join(', ')}` : '',
      this.deletes.length ? `DELETE ${this.deletes.join(', ')}` : '',
    ];
    return {
      UpdateExpression: clauses.filter(Boolean).join(' '),
      ...(this.conditions.length ? { ConditionExpression: this.conditions.map((c) => `(${c})`).join(' AND ') } : {}),
      ExpressionAttributeNames: Object.fromEntries([...this.names].map(([attribute, placeholder]) => [placeholder, attribute])),
      ...(this.valueCount ? { ExpressionAttributeValues: this.values } : {}),
    };
  }
}

/**
 * A fixed-window counter in one item, with no read and no leftovers: window `w` counts in the map
 * `<prefix><w % 2>` under the key `w<w>`; the other map is emptied by the same write, and older
 * windows of the same parity are removed, so the item never grows. At most `cap` per window.
 * (A window boundary lets up to twice `cap` through in a short time: the price of one write.)
 */
export function countInWindow(update: UpdateBuilder, prefix: string, cap: number, windowMs: number, now: number): { retryAfterMs: number } {
  const window = Math.floor(now / windowMs);
  const current = `${prefix}${window % 2}`;
  const other = `${prefix}${(window + 1) % 2}`;
  const count = update.path(current, `w${window}`);
  update.when(`attribute_not_exists(${count}) OR ${count} < ${update.value(cap)}`);
  update.set(count, `if_not_exists(${count}, ${update.value(0)}) + ${update.value(1)}`);
  update.set(update.name(other), update.value({}));
  for (const back of [2, 4, 6]) update.remove(update.path(current, `w${window - back}`));
  return { retryAfterMs: (window + 1) * windowMs - now };
}

/** How a stored window counter reads: the count of the window `now` falls in. */
export function windowCount(item: Record<string, unknown>, prefix: string, windowMs: number, now: number): number {
  const window = Math.floor(now / windowMs);
  const map = item[`${prefix}${window % 2}`] as Record<string, number> | undefined;
  return Number(map?.[`w${window}`] ?? 0);
}

/** The empty maps a window counter needs to exist before its first write. */
export const emptyWindowMaps = (prefix: string) => ({ [`${prefix}0`]: {}, [`${prefix}1`]: {} });

export const DEDUPE_SLOTS = 3;

/**
 * Remembers a client's message id in a ring of time slots (`dd0`..`dd2`, `slotMs` each), refusing
 * the write when the id is already in any slot: a retry within one to two slots is recognised
 * without a read. Each write empties the slot after the current one, so only the current and the
 * previous slot are kept.
 */
export function rememberInRing(update: UpdateBuilder, key: string, valueExpression: string, slotMs: number, now: number): void {
  const slot = Math.floor(now / slotMs);
  for (let s = 0; s < DEDUPE_SLOTS; s++) update.when(`attribute_not_exists(${update.path(`dd${s}`, key)})`);
  update.set(update.path(`dd${slot % DEDUPE_SLOTS}`, key), valueExpression);
  update.set(update.name(`dd${(slot + 1) % DEDUPE_SLOTS}`), update.value({}));
}

/** Where a remembered key sits in the ring, and what was stored for it. */
export function findInRing(item: Record<string, unknown>, key: string): number | undefined {
  for (let s = 0; s < DEDUPE_SLOTS; s++) {
    const slot = item[`dd${s}`] as Record<string, number> | undefined;
    if (slot && key in slot) return Number(slot[key]);
  }
  return undefined;
}

export const emptyRing = () => Object.fromEntries(Array.from({ length: DEDUPE_SLOTS }, (_, s) => [`dd${s}`, {}]));

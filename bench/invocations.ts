/**
 * Lambda invocations and billed durations, read from serverless-offline's own per-invocation line:
 * `(λ: sendMessage) RequestId: …  Duration: 12.34 ms  Billed Duration: 13 ms`.
 */

export interface FunctionUse {
  invocations: number;
  billedMs: number;
}

export type Invocations = Record<string, FunctionUse>;

const LINE = /\(λ: ([^)]+)\) RequestId: \S+\s+Duration: [\d.]+ ms\s+Billed Duration: (\d+) ms/g;

/** Accumulates from output chunks; a line split across chunks is joined with the next one. */
export class InvocationLog {
  private readonly totals: Invocations = {};
  private carry = '';

  push(text: string): void {
    const joined = this.carry + text;
    const lastNewline = joined.lastIndexOf('\n');
    const complete = lastNewline >= 0 ? joined.slice(0, lastNewline + 1) : '';
    this.carry = lastNewline >= 0 ? joined.slice(lastNewline + 1) : joined;
    if (this.carry.length > 4096) this.carry = this.carry.slice(-4096);
    for (const match of complete.matchAll(LINE)) {
      const use = (this.totals[match[1] as string] ??= { invocations: 0, billedMs: 0 });
      use.invocations++;
      use.billedMs += Number(match[2]);
    }
  }

  snapshot(): Invocations {
    return structuredClone(this.totals);
  }
}

export function diffInvocations(before: Invocations, after: Invocations): Invocations {
  const out: Invocations = {};
  for (const [name, b] of Object.entries(after)) {
    const a = before[name] ?? { invocations: 0, billedMs: 0 };
    if (b.invocations > a.invocations) out[name] = { invocations: b.invocations - a.invocations, billedMs: b.billedMs - a.billedMs };
  }
  return out;
}

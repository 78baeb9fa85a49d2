/** A random id for deviceIds and clientMessageIds (the server accepts A-Z a-z 0-9 . _ : @ -). */
export function randomId(prefix: string): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return prefix + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** `T` without the properties `K`; unlike `Omit`, a type with an index signature keeps its named properties. */
export type Without<T, K extends keyof T> = { [P in keyof T as P extends K ? never : P]: T[P] };

/**
 * A shallow copy of `object` without `keys`: what `const { a, b, ...rest } = object` leaves in
 * `rest`, without a name for each value it drops.
 */
export function omit<T extends object, K extends keyof T>(object: T, keys: readonly K[]): Without<T, K> {
  const copy = { ...object };
  for (const key of keys) delete copy[key];
  return copy;
}

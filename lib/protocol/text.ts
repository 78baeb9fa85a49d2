/**
 * Text as a person reads it: lengths in characters (code points, so an emoji is one, not two
 * UTF-16 units), messages that show nothing refused, and emails in the plain ASCII form a seller
 * can type back, with no invisible or direction-changing characters.
 */

/** Characters in `text` as a person counts them (code points). */
export function characterCount(text: string): number {
  // the string iterator walks code points; no array of them is built
  let count = 0;
  const points = text[Symbol.iterator]();
  while (!points.next().done) count++;
  return count;
}

// whitespace, and the invisible format characters: zero-width spaces and joiners, bidi controls, BOM, soft hyphen
const INVISIBLE = /^[\s\p{Cf}\u115F\u1160\u3164\uFFA0\u2800]*$/u;

/** True when `text` shows nothing: empty, or only whitespace and invisible characters. */
export const looksEmpty = (text: string): boolean => INVISIBLE.test(text);

/** An email a seller can write back to: ASCII, one @, a dotted domain, no spaces or markup. */
export const EMAIL_PATTERN =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

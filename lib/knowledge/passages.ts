/**
 * A document's text as passages: Markdown, plain text or HTML split at headings and paragraphs, each
 * passage under its heading path ("Shipping > Europe"). Pure: the store keeps what this returns, and
 * retrieval ranks it.
 *
 * Sizes are in characters. Paragraphs of one section are joined until the next would pass
 * MAX_PASSAGE_CHARS, so a run of short lines (a product's facts) stays one passage; a paragraph longer
 * than that is cut at sentence ends, or at spaces when a sentence alone is too long.
 */
import type { KnowledgeFormat } from '../protocol/inbound';

/** Long enough for a section to keep its context, short enough that a citation points somewhere precise. */
export const MAX_PASSAGE_CHARS = 1000;
/** A heading path deeper than this keeps its last levels: the closest headings say the most. */
const MAX_HEADING_LEVELS = 4;
const MAX_HEADING_CHARS = 200;

export interface PassageText {
  /** the heading path, outermost first, joined with " > "; absent before the first heading */
  heading?: string;
  text: string;
}

/** Splits `text` as `format` into passages, in document order; a text with no words gives none. */
export function splitIntoPassages(text: string, format: KnowledgeFormat): PassageText[] {
  const markdown = format === 'html' ? htmlToMarkdown(text) : text;
  const sections = format === 'text' ? [{ path: [], paragraphs: paragraphsOf(markdown.replace(/\r\n?/g, '\n').split('\n'), false) }] : markdownSections(markdown);
  return sections.flatMap((section) => {
    const heading = headingOf(section.path);
    return packParagraphs(section.paragraphs).map((passage) => (heading ? { heading, text: passage } : { text: passage }));
  });
}

interface Section {
  path: string[];
  paragraphs: string[];
}

const ATX_HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const FENCE = /^ {0,3}(```|~~~)/;

/** Markdown's sections: ATX (`## Title`) and setext (`Title` over `===`) headings open one; fenced code never does. */
function markdownSections(markdown: string): Section[] {
  const sections: Section[] = [];
  const path: string[] = [];
  let lines: string[] = [];
  const close = () => {
    const paragraphs = paragraphsOf(lines, true);
    if (paragraphs.length) sections.push({ path: [...path], paragraphs });
    lines = [];
  };
  const open = (level: number, title: string) => {
    close();
    path.length = Math.min(path.length, level - 1);
    // a skipped level (# then ###) leaves no hole in the path
    path.push(cleanInline(title));
  };
  let fence: string | undefined;
  const all = markdown.replace(/\r\n?/g, '\n').split('\n');
  for (let index = 0; index < all.length; index++) {
    const line = all[index] as string;
    const fenceMark = FENCE.exec(line)?.[1];
    if (fence) {
      if (fenceMark === fence) fence = undefined;
      lines.push(line);
      continue;
    }
    if (fenceMark) {
      fence = fenceMark;
      lines.push(line);
      continue;
    }
    const atx = ATX_HEADING.exec(line);
    if (atx) {
      open((atx[1] as string).length, atx[2] as string);
      continue;
    }
    const next = all[index + 1];
    const previousBlank = lines.length === 0 || (lines[lines.length - 1] as string).trim() === '';
    // setext: one line of text right after a blank, then its underline ("---" alone is a rule, not a heading)
    if (line.trim() && previousBlank && next !== undefined && SETEXT_UNDERLINE.test(next) && !/^\s*[-*+]\s/.test(line)) {
      open(next.trim().startsWith('=') ? 1 : 2, line.trim());
      index++;
      continue;
    }
    lines.push(line);
  }
  close();
  return sections;
}

/** Blank-line separated paragraphs, each with its lines joined; `markdown` drops Markdown's marks (list bullets, quotes, rules, fences, links). */
function paragraphsOf(lines: string[], markdown: boolean): string[] {
  const paragraphs: string[] = [];
  let current: string[] = [];
  const flush = () => {
    const cleaned = markdown
      ? current
          .filter((line) => !FENCE.test(line) && !/^[-*_=|:\s]{3,}$/.test(line))
          .map((line) => cleanInline(line.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '- ').replace(/^\s*>\s?/, '')))
          .filter(Boolean)
      : current.map((line) => line.replace(/[ \t]+/g, ' ').trim()).filter(Boolean);
    const text = cleaned.join('\n');
    if (/[\p{L}\p{N}]/u.test(text)) paragraphs.push(text);
    current = [];
  };
  for (const line of lines) {
    if (line.trim() === '') flush();
    else current.push(line);
  }
  flush();
  return paragraphs;
}

/** Link and image syntax down to their text, emphasis and code marks dropped, spaces collapsed. */
function cleanInline(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

function headingOf(path: string[]): string | undefined {
  const levels = path.filter(Boolean).slice(-MAX_HEADING_LEVELS);
  if (!levels.length) return undefined;
  const heading = levels.join(' > ');
  return heading.length > MAX_HEADING_CHARS ? `${heading.slice(0, MAX_HEADING_CHARS - 1)}…` : heading;
}

/** Joins short paragraphs and cuts long ones, so every passage holds at most MAX_PASSAGE_CHARS. */
function packParagraphs(paragraphs: string[]): string[] {
  const passages: string[] = [];
  let current = '';
  for (const piece of paragraphs.flatMap((paragraph) => cutToSize(paragraph, MAX_PASSAGE_CHARS))) {
    if (current && current.length + 2 + piece.length > MAX_PASSAGE_CHARS) {
      passages.push(current);
      current = '';
    }
    current = current ? `${current}\n\n${piece}` : piece;
  }
  if (current) passages.push(current);
  return passages;
}

/** `text` in pieces of at most `max` characters: at sentence ends where it can, else at spaces, else anywhere. */
export function cutToSize(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const sentences = text.match(/[^.!?\n]+(?:[.!?]+["')\]]*|\n|$)\s*/g) ?? [text];
  const pieces: string[] = [];
  let current = '';
  const push = (piece: string) => {
    if (piece.trim()) pieces.push(piece.trim());
  };
  for (const sentence of sentences.flatMap((s) => (s.length > max ? cutAtSpaces(s, max) : [s]))) {
    if (current.length + sentence.length > max) {
      push(current);
      current = '';
    }
    current += sentence;
  }
  push(current);
  return pieces;
}

function cutAtSpaces(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const space = rest.lastIndexOf(' ', max);
    // a "word" longer than the limit (a URL, a hash) is cut where it must be
    const at = space > max / 2 ? space : max;
    pieces.push(`${rest.slice(0, at).trim()} `);
    rest = rest.slice(at).trim();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

// ---- HTML ----

/** Elements whose content is never text a visitor should read. */
const HIDDEN_ELEMENTS = ['script', 'style', 'noscript', 'template', 'head', 'svg', 'iframe', 'object'];
/** Elements that end a paragraph. */
const BLOCK_ELEMENTS =
  /^(?:p|div|section|article|main|aside|header|footer|nav|ul|ol|table|thead|tbody|tfoot|tr|blockquote|pre|figure|figcaption|form|fieldset|details|summary|dl|address|hr)$/;

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…', copy: '©', reg: '®', euro: '€' };

/**
 * HTML as the Markdown the splitter reads: headings become `#` lines, block elements paragraph
 * breaks, list items `- ` lines; every other tag is dropped and entities decoded. No parser: a tag is
 * `<` then a letter or `/` up to the `>` outside quotes, so `a < b` in text stays text, and the
 * content of scripts and styles is dropped with them. What comes out is only ever stored and shown
 * as text, never as HTML.
 */
export function htmlToMarkdown(html: string): string {
  let text = html.replace(/<!--[\s\S]*?(?:-->|$)/g, ' ').replace(/<!\[CDATA\[[\s\S]*?(?:\]\]>|$)/g, ' ');
  for (const name of HIDDEN_ELEMENTS) {
    text = text.replace(new RegExp(`<${name}\\b[^>]*>[\\s\\S]*?(?:</${name}\\s*>|$)`, 'gi'), ' ');
  }
  // a declaration or processing instruction (`<!doctype html>`, `<?xml …?>`) goes whole
  text = text.replace(/<[!?][^>]*>/g, ' ');
  text = text.replace(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)(?:[^>"']|"[^"]*"|'[^']*')*>/g, (_tag, slash: string, rawName: string) => {
    const name = rawName.toLowerCase();
    const heading = /^h([1-6])$/.exec(name);
    if (heading) return slash ? '\n\n' : `\n\n${'#'.repeat(Number(heading[1]))} `;
    if (name === 'br') return '\n';
    // an item opens its own line; its end adds nothing, so a list stays one paragraph
    if (name === 'li' || name === 'dt') return slash ? '' : '\n- ';
    if (name === 'td' || name === 'th' || name === 'dd') return ' ';
    if (BLOCK_ELEMENTS.test(name)) return '\n\n';
    // inline elements (b, a, span) leave their text joined to its neighbours: <b>W</b>ord is one word
    return '';
  });
  // a heading's text sits on its `#` line, whatever line breaks the HTML had inside the element
  text = text.replace(/^(#{1,6} )([^\n]*(?:\n(?!\n)[^\n]*)*)/gm, (_, marks: string, body: string) => `${marks}${body.replace(/\s+/g, ' ').trim()}`);
  return decodeEntities(text)
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n');
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/g, (entity, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      // NUL, surrogates and beyond Unicode are no characters
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : ' ';
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? entity;
  });
}

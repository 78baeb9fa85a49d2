/** Splitting a document into passages: headings give the path, paragraphs are joined or cut to size, HTML loses its markup. */
import { cutToSize, htmlToMarkdown, MAX_PASSAGE_CHARS, splitIntoPassages } from '../../lib/knowledge/passages';

describe('Markdown', () => {
  test('each section is a passage under its heading path; a deeper heading keeps its parents', () => {
    const text = '# Shipping\n\nWe ship in 2 days.\n\n## Europe\n\nThree to five days.\n\n## World\n\nUp to two weeks.\n\n# Returns\n\n30 days, free.';
    expect(splitIntoPassages(text, 'markdown')).toEqual([
      { heading: 'Shipping', text: 'We ship in 2 days.' },
      { heading: 'Shipping > Europe', text: 'Three to five days.' },
      { heading: 'Shipping > World', text: 'Up to two weeks.' },
      { heading: 'Returns', text: '30 days, free.' },
    ]);
  });

  test('text before the first heading has no heading; setext headings count; a skipped level leaves no hole', () => {
    const text = 'Welcome to the shop.\n\nSizes\n=====\n\nRun small.\n\n### Kids\n\nEU 28 to 35.';
    expect(splitIntoPassages(text, 'markdown')).toEqual([
      { text: 'Welcome to the shop.' },
      { heading: 'Sizes', text: 'Run small.' },
      { heading: 'Sizes > Kids', text: 'EU 28 to 35.' },
    ]);
  });

  test('short paragraphs of one section are joined into one passage; a heading alone makes none', () => {
    const passages = splitIntoPassages('# Empty\n\n# Facts\n\nWeight: 240 g.\n\nColours: green, blue.\n\n- Waterproof\n- Vegan', 'markdown');
    expect(passages).toEqual([{ heading: 'Facts', text: 'Weight: 240 g.\n\nColours: green, blue.\n\n- Waterproof\n- Vegan' }]);
  });

  test('a # inside a code fence is no heading; links keep their text, emphasis marks go', () => {
    const passages = splitIntoPassages('# Care\n\n```\n# not a heading\n```\n\nSee **the** [care guide](https://x.example/care).', 'markdown');
    expect(passages).toEqual([{ heading: 'Care', text: '# not a heading\n\nSee the care guide.' }]);
  });

  test('a huge section is cut into passages of at most MAX_PASSAGE_CHARS, at sentence ends, losing no word', () => {
    const sentence = 'Every order ships from our warehouse in Berlin within two business days. ';
    const text = `# Shipping\n\n${sentence.repeat(60)}`;
    const passages = splitIntoPassages(text, 'markdown');
    expect(passages.length).toBeGreaterThan(3);
    for (const passage of passages) {
      expect(passage.heading).toBe('Shipping');
      expect(passage.text.length).toBeLessThanOrEqual(MAX_PASSAGE_CHARS);
      expect(passage.text.endsWith('days.')).toBe(true);
    }
    expect(passages.map((passage) => passage.text).join(' ')).toBe(sentence.repeat(60).trim());
  });
});

test('a "word" longer than the limit is cut where it must be', () => {
  const pieces = cutToSize('x'.repeat(2500), 1000);
  expect(pieces.map((piece) => piece.length)).toEqual([1000, 1000, 500]);
});

test('plain text splits at blank lines only: # and * are text', () => {
  expect(splitIntoPassages('# 1 best seller\n\n*Free* returns', 'text')).toEqual([{ text: '# 1 best seller\n\n*Free* returns' }]);
});

test('a text with no words gives no passages', () => {
  expect(splitIntoPassages('\n\n---\n\n', 'markdown')).toEqual([]);
  expect(splitIntoPassages('<script>alert(1)</script><p> </p>', 'html')).toEqual([]);
});

describe('HTML', () => {
  test('headings, paragraphs and list items become sections and lines; scripts, styles and comments vanish', () => {
    const html = `<!doctype html><html><head><title>x</title><style>p{color:red}</style></head><body>
      <h1>Returns</h1><p>Free within <b>30</b>&nbsp;days.</p><!-- <p>secret</p> -->
      <script>document.write("<p>evil</p>")</script>
      <h2 class="x">How to <em>return</em></h2><ul><li>Print the label</li><li>Drop the parcel</li></ul></body></html>`;
    expect(splitIntoPassages(html, 'html')).toEqual([
      { heading: 'Returns', text: 'Free within 30 days.' },
      { heading: 'Returns > How to return', text: '- Print the label\n- Drop the parcel' },
    ]);
  });

  test('a > inside a quoted attribute does not end the tag; a < in text stays text; entities are decoded', () => {
    expect(htmlToMarkdown('<a title="a > b" href=\'x>y\'>link</a> 3 < 5 &amp; 5 &gt; 3 &#8364;10 &#x41;')).toBe('link 3 < 5 & 5 > 3 €10 A');
  });

  test('an unclosed script drops everything after it, rather than showing its code', () => {
    expect(splitIntoPassages('<p>Hello there</p><script>var secret = 1;', 'html')).toEqual([{ text: 'Hello there' }]);
  });
});

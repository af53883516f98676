import { describe, expect, it } from 'vitest';
import { escapeHtml, renderAnswer } from './markdown.ts';

describe('renderAnswer', () => {
  it('escapes HTML so model text cannot inject markup', () => {
    const html = renderAnswer('<img src=x onerror="alert(1)"> & <script>alert(2)</script>');
    expect(html).toBe(
      '<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &lt;script&gt;alert(2)&lt;/script&gt;</p>',
    );
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
  });

  it('renders **bold** as strong, including bold text that needed escaping', () => {
    expect(renderAnswer('**Max Verstappen** won by **<1s**.')).toBe(
      '<p><strong>Max Verstappen</strong> won by <strong>&lt;1s</strong>.</p>',
    );
  });

  it('leaves unmatched or empty asterisks alone', () => {
    expect(renderAnswer('2 ** 3 and **open')).toBe('<p>2 ** 3 and **open</p>');
  });

  it('splits paragraphs on blank lines and keeps single newlines as breaks', () => {
    expect(renderAnswer('Line one\nline two\r\n\r\nSecond paragraph\n\n\n')).toBe(
      '<p>Line one<br>line two</p><p>Second paragraph</p>',
    );
  });

  it('returns nothing for blank input', () => {
    expect(renderAnswer('  \n\n ')).toBe('');
  });
});

describe('escapeHtml', () => {
  it('escapes quotes for attribute safety', () => {
    expect(escapeHtml(`"a" 'b'`)).toBe('&quot;a&quot; &#39;b&#39;');
  });
});

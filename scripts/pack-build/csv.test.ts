import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.js';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and both line ends', () => {
    const text = 'a,b,c\r\n1,"x, y","say ""hi"""\n2,,last\n';
    expect(parseCsv(text)).toEqual([
      { a: '1', b: 'x, y', c: 'say "hi"' },
      { a: '2', b: '', c: 'last' },
    ]);
  });

  it('skips blank lines and tolerates a missing final newline', () => {
    expect(parseCsv('a,b\n\n1,2')).toEqual([{ a: '1', b: '2' }]);
  });
});

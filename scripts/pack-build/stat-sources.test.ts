import { describe, expect, it } from 'vitest';
import { sourceText } from './stat-sources.js';

describe('sourceText', () => {
  it('names each document with its SOURCES.md ID', () => {
    expect(sourceText('S01;S02')).toMatch(/^北京市统计局.*\(SOURCES\.md S01\); City Population.*\(SOURCES\.md S02\)$/);
    expect(sourceText('S01(2020)')).toMatch(/S01\)$/);
  });

  it('refuses an unknown or missing source', () => {
    expect(() => sourceText('S99')).toThrow(/S99/);
    expect(() => sourceText('')).toThrow(/without a source/);
  });
});

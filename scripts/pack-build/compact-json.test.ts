import { describe, expect, it } from 'vitest';
import { recordsJson } from './compact-json.js';

describe('recordsJson', () => {
  it('writes the head, then one record per line, and parses back', () => {
    const text = recordsJson({ generatedBy: 'x' }, 'regions', [{ code: '11' }, { code: '12' }]);
    expect(text).toBe('{"generatedBy":"x","regions":[\n{"code":"11"},\n{"code":"12"}\n]}\n');
    expect(JSON.parse(text)).toEqual({ generatedBy: 'x', regions: [{ code: '11' }, { code: '12' }] });
  });

  it('writes an empty list', () => {
    expect(JSON.parse(recordsJson({ type: 'FeatureCollection' }, 'features', []))).toEqual({ type: 'FeatureCollection', features: [] });
  });
});

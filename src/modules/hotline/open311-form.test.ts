import { describe, expect, it } from 'vitest';
import { parseForm, parseJsonFields, strictUtf8 } from './open311-form.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('parseForm', () => {
  it('keeps every value of a name, strips the [] of list names, decodes + and percent-escapes as UTF-8', () => {
    expect(parseForm(bytes('service_code=010101&attribute[x][]=a&attribute[x][]=b&description=%E8%B7%AF%E7%81%AF+%E4%B8%8D%E4%BA%AE&empty=&flag'))).toEqual({
      service_code: ['010101'],
      'attribute[x]': ['a', 'b'],
      description: ['路灯 不亮'],
      empty: [''],
      flag: [''],
    });
  });

  it('takes raw UTF-8 too, and leaves a % that starts no escape as it is', () => {
    expect(parseForm(bytes('description=路灯 100%&a=%zz'))).toEqual({ description: ['路灯 100%'], a: ['%zz'] });
  });

  it.each([
    ['raw bytes', Buffer.from([0x61, 0x3d, 0xff])],
    ['a percent-escaped byte', bytes('a=%FF')],
    ['a truncated sequence', bytes('a=%E8%B7')],
    ['an overlong encoding', bytes('a=%C0%AF')],
  ])('refuses %s that are not UTF-8', (_what, body) => {
    expect(() => parseForm(body)).toThrow(/not valid UTF-8/);
  });
});

describe('parseJsonFields', () => {
  it('reads the same fields from a JSON object: attribute as an object or as bracketed names, lists as several values', () => {
    expect(parseJsonFields(bytes('{"lat":0.5,"attribute":{"since":"week","tags":["a","b"]},"attribute[lamp_id]":"DC-1","email":null}'))).toEqual({
      lat: ['0.5'],
      'attribute[since]': ['week'],
      'attribute[tags]': ['a', 'b'],
      'attribute[lamp_id]': ['DC-1'],
    });
  });

  it.each([
    ['not JSON', '{"a":', /not valid JSON/],
    ['a list', '[1]', /must be a JSON object/],
    ['a nested object', '{"a":{"b":1}}', /a must be a string, a number or a list/],
  ])('refuses a body that is %s', (_what, body, message) => {
    expect(() => parseJsonFields(bytes(body))).toThrow(message);
  });
});

describe('strictUtf8', () => {
  it('decodes UTF-8 and refuses anything else', () => {
    expect(strictUtf8(bytes('東城区'))).toBe('東城区');
    expect(() => strictUtf8(Buffer.from([0xe6, 0x9d]))).toThrow(/not valid UTF-8/);
  });
});

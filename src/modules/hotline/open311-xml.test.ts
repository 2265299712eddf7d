import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { toOpen311Xml } from './open311-xml.js';

const parse = (xml: string) => new XMLParser({ parseTagValue: false, isArray: (name) => ['service', 'request', 'attribute', 'value', 'error', 'format', 'endpoint'].includes(name) }).parse(xml);

describe('toOpen311Xml', () => {
  it('starts with the XML declaration naming UTF-8 and wraps each list item in its singular element', () => {
    const xml = toOpen311Xml('services', [{ service_code: '010101', metadata: true }, { service_code: '010102', metadata: false }]);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<services><service><service_code>010101</service_code>')).toBe(true);
    expect(parse(xml).services.service).toEqual([
      { service_code: '010101', metadata: 'true' },
      { service_code: '010102', metadata: 'false' },
    ]);
  });

  it('nests lists inside items: attributes → attribute → values → value', () => {
    const xml = toOpen311Xml('service_definition', { service_code: '010101', attributes: [{ code: 'since', order: 2, values: [{ key: 'today', name: '今天' }] }] });
    expect(xml).toContain('<attributes><attribute><code>since</code><order>2</order><values><value><key>today</key><name>今天</name></value></values></attribute></attributes>');
  });

  it('writes null as an empty element, leaves undefined out, and an empty list as an empty element', () => {
    const xml = toOpen311Xml('service_requests', [{ service_request_id: '1', account_id: null, token: undefined, status_history: [] }]);
    expect(xml).toContain('<request><service_request_id>1</service_request_id><account_id/><status_history></status_history></request>');
  });

  it('escapes markup and drops characters XML 1.0 cannot hold, so the document stays well-formed', () => {
    const xml = toOpen311Xml('errors', [{ code: 400, description: '<b>"a" & \'b\'</b>\u0000\u0007\ud800 ok' }]);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toContain('<b>');
    expect(parse(xml).errors.error[0]).toEqual({ code: '400', description: '<b>"a" & \'b\'</b> ok' });
  });

  it('refuses a list it has no item element for: a programming error, not a client one', () => {
    expect(() => toOpen311Xml('things', [1])).toThrow(/no item element for the list things/);
  });
});

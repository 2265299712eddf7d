import { XMLBuilder } from 'fast-xml-parser';

/**
 * Open311 GeoReport v2's XML: the same values as its JSON, with every list wrapped in a
 * plural element holding one singular element per item (`<services><service>…`), the XML
 * declaration with encoding="UTF-8" first (GeoReport v2, "Internationalization and Encoding").
 */

/** The element of each item of a list, by the list's element (GeoReport v2 and Service Discovery examples). */
export const itemElements: Readonly<Record<string, string>> = {
  services: 'service',
  service_requests: 'request',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  errors: 'error',
  status_history: 'entry',
};

const declaration = '<?xml version="1.0" encoding="UTF-8"?>\n';
const builder = new XMLBuilder({ format: false, processEntities: true, suppressEmptyNode: false, ignoreAttributes: true });

// XML 1.0 §2.2 Char: what a document may hold; anything else (C0 controls, lone surrogates) is dropped.
const notXmlChar = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * A document whose root is `root`: a list becomes one item element per entry, an object its
 * fields. `null` is an empty element, `undefined` no element; booleans are `true`/`false`.
 */
export function toOpen311Xml(root: string, value: readonly unknown[] | object): string {
  return declaration + builder.build({ [root]: shape(root, value) });
}

function shape(name: string, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) {
    const item = itemElements[name];
    if (!item) throw new Error(`open311-xml: no item element for the list ${name}`);
    return value.length ? { [item]: value.map((v) => shape(item, v)) } : '';
  }
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, shape(k, v)]));
  if (typeof value === 'string') return value.replace(notXmlChar, '');
  return String(value);
}

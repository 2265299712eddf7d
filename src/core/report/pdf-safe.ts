import type { ReportBlock, ReportDocument, ReportFigure } from './document.js';

/**
 * An SVG as svg-to-pdfkit can draw it. ECharts outlines label text with a white halo painted
 * under the letters (`paint-order="stroke"`), which svg-to-pdfkit does not know: it would paint
 * the halo over the letters and hide them. The halo is dropped; the letters stay.
 */
export function haloless(svg: string): string {
  return svg.replace(/<text\b[^>]*\bpaint-order="stroke"[^>]*>/g, (tag) => tag.replace(/\s(stroke|stroke-width|paint-order|stroke-miterlimit)="[^"]*"/g, ''));
}

// Noto Sans SC has no subscript digits and only some superscripts (¹ ² ³ ⁴): NO₂ would print a blank box.
const plain: Record<string, string> = Object.fromEntries([
  ...[...'₀₁₂₃₄₅₆₇₈₉'].map((c, i) => [c, String(i)]),
  ...[...'⁰⁵⁶⁷⁸⁹'].map((c, i) => [c, String(i === 0 ? 0 : i + 4)]),
]);
const missing = new RegExp(`[${Object.keys(plain).join('')}]`, 'g');

/** Text with the characters the report font lacks written plainly (NO₂ → NO2). */
export function fontSafe(text: string): string {
  return text.replace(missing, (c) => plain[c]!);
}

/** The document with every text and drawing made fit for the PDF's font and SVG renderer. */
export function documentForPdf(doc: ReportDocument): ReportDocument {
  const t = fontSafe;
  const figure = (f: ReportFigure): ReportFigure => ({ ...f, svg: haloless(t(f.svg)), caption: f.caption === undefined ? undefined : t(f.caption) });
  const block = (b: ReportBlock): ReportBlock => {
    switch (b.kind) {
      case 'paragraph':
      case 'heading':
        return { ...b, text: t(b.text) };
      case 'list':
        return { ...b, items: b.items.map(t) };
      case 'kpis':
        return { ...b, items: b.items.map((k) => ({ ...k, label: t(k.label), value: t(k.value) })) };
      case 'table':
        return { ...b, title: b.title === undefined ? undefined : t(b.title), note: b.note === undefined ? undefined : t(b.note), columns: b.columns.map((c) => ({ ...c, label: t(c.label) })), rows: b.rows.map((r) => r.map((c) => (typeof c === 'string' ? t(c) : { ...c, text: t(c.text) }))) };
      case 'figure':
        return { kind: 'figure', ...figure(b) };
      case 'figures':
        return { ...b, items: b.items.map(figure) };
    }
  };
  return {
    ...doc,
    title: t(doc.title),
    subtitle: doc.subtitle === undefined ? undefined : t(doc.subtitle),
    footer: doc.footer === undefined ? undefined : t(doc.footer),
    meta: doc.meta?.map((m) => ({ label: t(m.label), value: t(m.value) })),
    sections: doc.sections.map((s) => ({ ...s, heading: t(s.heading), blocks: s.blocks.map(block) })),
  };
}

import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { cellText, cellTone, toneColours, type ReportBlock, type ReportColumn, type ReportCell, type ReportDocument, type ReportFigure } from './document.js';
import { reportFontFiles } from './fonts.js';
import { documentForPdf } from './pdf-safe.js';

const regular = 'report-regular';
const bold = 'report-bold';
const margin = 40;
const ink = '#1f2933';
const muted = '#607d8b';
const line = '#d9e2ec';

/** The report as a PDF (A4, the CJK font embedded as a subset, page numbers), the same content as the HTML. */
export async function renderPdf(given: ReportDocument): Promise<Buffer> {
  const doc = documentForPdf(given);
  const pdf = new PDFDocument({ size: 'A4', margin, bufferPages: true, info: { Title: doc.title, Creator: 'citywork' }, lang: doc.lang ?? 'zh-CN' });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    pdf.on('end', () => resolve());
    pdf.on('error', reject);
  });
  pdf.registerFont(regular, reportFontFiles.regular);
  pdf.registerFont(bold, reportFontFiles.bold);
  const w = pdf.page.width - 2 * margin;

  pdf.font(bold).fontSize(20).fillColor(ink).text(doc.title, { width: w });
  if (doc.subtitle) pdf.font(regular).fontSize(11).fillColor(muted).text(doc.subtitle, { width: w });
  for (const m of doc.meta ?? []) pdf.font(regular).fontSize(9).fillColor(muted).text(`${m.label}: ${m.value}`, { width: w });
  for (const [i, s] of doc.sections.entries()) {
    if (s.pageBreak && i > 0) pdf.addPage();
    ensure(pdf, 60);
    pdf.moveDown(0.8).font(bold).fontSize(14).fillColor('#0b3d91').text(s.heading, margin, pdf.y, { width: w });
    const y = pdf.y + 2;
    pdf.moveTo(margin, y).lineTo(margin + w, y).lineWidth(1).strokeColor('#0b3d91').stroke();
    pdf.y = y + 6;
    s.blocks.forEach((b, j) => {
      // A heading stays with the start of what it heads: no heading alone at a page's foot.
      if (b.kind === 'heading') ensure(pdf, 40 + leadHeight(s.blocks[j + 1], w));
      drawBlock(pdf, b, w);
    });
  }
  const pages = pdf.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    pdf.switchToPage(pages.start + i);
    const bottom = pdf.page.height - margin + 12;
    // Writing into the bottom margin must not add a page: lift the margin for the footer.
    pdf.page.margins.bottom = 0;
    pdf.font(regular).fontSize(8).fillColor(muted);
    if (doc.footer) pdf.text(doc.footer, margin, bottom, { width: w - 60, lineBreak: false, ellipsis: true, height: 10 });
    pdf.text(`${i + 1} / ${pages.count}`, margin + w - 60, bottom, { width: 60, align: 'right', lineBreak: false });
  }
  pdf.end();
  await ended;
  return Buffer.concat(chunks);
}

type Pdf = PDFKit.PDFDocument;

// Starts a new page when fewer than `h` points remain.
function ensure(pdf: Pdf, h: number): void {
  if (pdf.y + h > pdf.page.height - margin) pdf.addPage();
}

function drawBlock(pdf: Pdf, b: ReportBlock, w: number): void {
  pdf.x = margin;
  switch (b.kind) {
    case 'paragraph':
      pdf.font(regular).fontSize(b.muted ? 9 : 10.5).fillColor(b.muted ? muted : ink).text(b.text, margin, pdf.y, { width: w });
      pdf.moveDown(0.4);
      return;
    case 'heading':
      ensure(pdf, 40);
      pdf.moveDown(0.3).font(bold).fontSize(11.5).fillColor(ink).text(b.text, margin, pdf.y, { width: w });
      pdf.moveDown(0.2);
      return;
    case 'list':
      pdf.font(regular).fontSize(10.5).fillColor(ink);
      for (const item of b.items) pdf.text(`• ${item}`, margin + 8, pdf.y, { width: w - 8 });
      pdf.moveDown(0.4);
      return;
    case 'kpis':
      return drawKpis(pdf, b.items, w);
    case 'table':
      return drawTable(pdf, b.columns, b.rows, w, b.title, b.note);
    case 'figure':
      return drawFigures(pdf, [b], 1, w);
    case 'figures':
      return drawFigures(pdf, b.items, Math.max(1, b.perRow ?? 2), w);
  }
}

// How much of a block must follow its heading on the same page: a figure (row) whole, a few lines of anything else.
function leadHeight(b: ReportBlock | undefined, w: number): number {
  if (!b) return 0;
  if (b.kind === 'figure') return b.height * Math.min(1, w / b.width) + 24;
  if (b.kind === 'figures') {
    const perRow = Math.max(1, b.perRow ?? 2);
    const cell = (w - 12 * (perRow - 1)) / perRow;
    return Math.max(0, ...b.items.slice(0, perRow).map((f) => f.height * Math.min(1, cell / f.width))) + 24;
  }
  return b.kind === 'table' ? 60 : 30;
}

// Figures in rows of `perRow`, each scaled to its cell (never up), a row kept on one page with its captions.
// preserveAspectRatio makes svg-to-pdfkit fit the drawing to the box given, not to the SVG's own width in pixels.
function drawFigures(pdf: Pdf, items: ReportFigure[], perRow: number, w: number): void {
  const gap = 12;
  const cell = (w - gap * (perRow - 1)) / perRow;
  for (let i = 0; i < items.length; i += perRow) {
    const row = items.slice(i, i + perRow);
    const sizes = row.map((f) => {
      const scale = Math.min(1, cell / f.width);
      const caption = f.caption ? pdf.font(regular).fontSize(9).heightOfString(f.caption, { width: cell }) + 2 : 0;
      return { fw: f.width * scale, fh: f.height * scale, caption };
    });
    const h = Math.max(...sizes.map((s) => s.fh + 4 + s.caption));
    ensure(pdf, h + 8);
    const y = pdf.y;
    row.forEach((f, j) => {
      const { fw, fh } = sizes[j]!;
      const x = margin + j * (cell + gap);
      SVGtoPDF(pdf, f.svg, x + (cell - fw) / 2, y, { width: fw, height: fh, assumePt: false, preserveAspectRatio: 'xMidYMid meet', fontCallback: (_family: string, isBold: boolean) => (isBold ? bold : regular) });
      if (f.caption) pdf.font(regular).fontSize(9).fillColor(muted).text(f.caption, x, y + fh + 4, { width: cell, align: 'center' });
    });
    pdf.x = margin;
    pdf.y = y + h + 6;
  }
}

function drawKpis(pdf: Pdf, items: { label: string; value: string; tone?: keyof typeof toneColours }[], w: number): void {
  const perRow = Math.min(6, Math.max(1, items.length));
  const gap = 6;
  const bw = (w - gap * (perRow - 1)) / perRow;
  const bh = 42;
  for (let i = 0; i < items.length; i += perRow) {
    ensure(pdf, bh + 6);
    const y = pdf.y;
    items.slice(i, i + perRow).forEach((k, j) => {
      const x = margin + j * (bw + gap);
      const c = toneColours[k.tone ?? 'plain'];
      pdf.roundedRect(x, y, bw, bh, 4).fillAndStroke(c.bg, line);
      pdf.font(regular).fontSize(8).fillColor(muted).text(k.label, x + 6, y + 5, { width: bw - 12, lineBreak: false, ellipsis: true, height: 11 });
      // A long figure gets a smaller font, not an ellipsis.
      let size = 15;
      while (size > 9 && pdf.font(bold).fontSize(size).widthOfString(k.value) > bw - 12) size--;
      pdf.font(bold).fontSize(size).fillColor(c.fg).text(k.value, x + 6, y + 18 + (15 - size) / 2, { width: bw - 12, lineBreak: false, ellipsis: true, height: 20 });
    });
    pdf.x = margin;
    pdf.y = y + bh + 6;
  }
}

function drawTable(pdf: Pdf, columns: ReportColumn[], rows: ReportCell[][], w: number, title?: string, note?: string): void {
  const total = columns.reduce((s, c) => s + (c.width ?? 1), 0);
  const widths = columns.map((c) => (w * (c.width ?? 1)) / total);
  const pad = 3;
  const size = 8.5;
  const heightOf = (texts: string[], font: string) => {
    pdf.font(font).fontSize(size);
    return Math.max(...texts.map((t, i) => pdf.heightOfString(t || ' ', { width: widths[i]! - 2 * pad }))) + 2 * pad;
  };
  const drawRow = (cells: ReportCell[], font: string, header: boolean) => {
    const texts = cells.map(cellText);
    const h = heightOf(texts, font);
    let x = margin;
    const y = pdf.y;
    cells.forEach((c, i) => {
      const colour = header ? { fg: ink, bg: '#f0f4f8' } : toneColours[cellTone(c)];
      pdf.rect(x, y, widths[i]!, h).fillAndStroke(colour.bg, line);
      pdf.font(font).fontSize(size).fillColor(colour.fg).text(texts[i]!, x + pad, y + pad, { width: widths[i]! - 2 * pad, align: columns[i]?.align ?? 'left' });
      x += widths[i]!;
    });
    pdf.x = margin;
    pdf.y = y + h;
  };
  const header = columns.map((c) => c.label);
  // A table starts where its title, header and first rows fit together, not with a lone header at a page's foot.
  const opening = heightOf(header, bold) + rows.slice(0, 3).reduce((h, r) => h + heightOf(r.map(cellText), regular), 0);
  ensure(pdf, opening + (title ? 20 : 0));
  if (title) {
    pdf.font(bold).fontSize(10).fillColor(ink).text(title, margin, pdf.y, { width: w });
    pdf.moveDown(0.2);
  }
  drawRow(header, bold, true);
  for (const r of rows) {
    // A row that does not fit goes to the next page, under the header again.
    if (pdf.y + heightOf(r.map(cellText), regular) > pdf.page.height - margin) {
      pdf.addPage();
      drawRow(header, bold, true);
    }
    drawRow(r, regular, false);
  }
  if (note) pdf.font(regular).fontSize(8.5).fillColor(muted).text(note, margin, pdf.y + 3, { width: w });
  pdf.moveDown(0.6);
}

// Reports a city can hand out: one document model, rendered to self-contained HTML, PDF and XLSX,
// with charts and maps drawn on the server (ECharts SSR to SVG) in an embedded CJK font.
export type { ReportDocument, ReportSection, ReportBlock, ReportColumn, ReportCell, ReportFigure, Tone } from './document.js';
export { cellText, cellTone, toneColours } from './document.js';
export { chartSvg, type Svg } from './chart-svg.js';
export { choroplethSvg, type Choropleth } from './choropleth-svg.js';
export { renderHtml, esc } from './html.js';
export { renderPdf } from './pdf.js';
export { renderXlsx } from './xlsx.js';
export { reportFontFamily, reportFontFiles } from './fonts.js';

import { cellText, cellTone, toneColours, type ReportBlock, type ReportDocument, type ReportFigure } from './document.js';
import { reportFontFamily } from './fonts.js';

/** The report as one self-contained HTML page: inline CSS and SVG, no script, no external file; prints on A4. */
export function renderHtml(doc: ReportDocument): string {
  const lang = doc.lang ?? 'zh-CN';
  const meta = doc.meta?.length ? `<dl class="meta">${doc.meta.map((m) => `<dt>${esc(m.label)}</dt><dd>${esc(m.value)}</dd>`).join('')}</dl>` : '';
  const sections = doc.sections
    .map((s) => `<section${s.pageBreak ? ' class="break"' : ''}><h2>${esc(s.heading)}</h2>${s.blocks.map(block).join('\n')}</section>`)
    .join('\n');
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.title)}</title>
<style>${css}</style>
</head>
<body>
<header><h1>${esc(doc.title)}</h1>${doc.subtitle ? `<p class="subtitle">${esc(doc.subtitle)}</p>` : ''}${meta}</header>
<main>
${sections}
</main>
${doc.footer ? `<footer>${esc(doc.footer)}</footer>` : ''}
</body>
</html>
`;
}

function block(b: ReportBlock): string {
  switch (b.kind) {
    case 'paragraph':
      return `<p${b.muted ? ' class="muted"' : ''}>${esc(b.text)}</p>`;
    case 'heading':
      return `<h3>${esc(b.text)}</h3>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;
    case 'kpis':
      return `<div class="kpis">${b.items.map((k) => `<div class="kpi tone-${k.tone ?? 'plain'}"><span>${esc(k.label)}</span><strong>${esc(k.value)}</strong></div>`).join('')}</div>`;
    case 'table': {
      const head = `<tr>${b.columns.map((c) => `<th style="text-align:${c.align ?? 'left'}">${esc(c.label)}</th>`).join('')}</tr>`;
      const rows = b.rows
        .map((r) => `<tr>${r.map((c, i) => `<td class="tone-${cellTone(c)}" style="text-align:${b.columns[i]?.align ?? 'left'}">${esc(cellText(c))}</td>`).join('')}</tr>`)
        .join('\n');
      return `<figure class="table">${b.title ? `<figcaption>${esc(b.title)}</figcaption>` : ''}<table><thead>${head}</thead><tbody>${rows}</tbody></table>${b.note ? `<p class="muted">${esc(b.note)}</p>` : ''}</figure>`;
    }
    case 'figure':
      return figure(b);
    case 'figures':
      return `<div class="figures" style="grid-template-columns:repeat(${b.perRow ?? 2},minmax(0,1fr))">${b.items.map(figure).join('')}</div>`;
  }
}

// The SVG is our own renderer's output (chart-svg.ts), inlined as is.
function figure(f: ReportFigure): string {
  return `<figure class="chart" style="max-width:${f.width}px">${f.svg}${f.caption ? `<figcaption>${esc(f.caption)}</figcaption>` : ''}</figure>`;
}

/** Escapes text for HTML element content and attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const tones = Object.entries(toneColours)
  .map(([t, c]) => `.tone-${t}{color:${c.fg};background:${c.bg}}`)
  .join('');

const css = `
*{box-sizing:border-box}
body{font-family:"${reportFontFamily}","Noto Sans CJK SC","PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;color:#1f2933;margin:0 auto;max-width:960px;padding:24px;line-height:1.5}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;border-bottom:2px solid #0b3d91;padding-bottom:4px;margin-top:28px}h3{font-size:15px;margin:18px 0 6px}
.subtitle{color:#52606d;margin:0 0 8px}.muted{color:#607d8b;font-size:13px}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;font-size:13px;color:#52606d;margin:8px 0}.meta dt{font-weight:600}.meta dd{margin:0}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:8px;margin:10px 0}
.kpi{border:1px solid #d9e2ec;border-radius:6px;padding:8px 10px;display:flex;flex-direction:column}.kpi span{font-size:12px}.kpi strong{font-size:20px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border:1px solid #d9e2ec;padding:4px 6px;vertical-align:top;white-space:pre-line}th{background:#f0f4f8}
figure{margin:12px 0}figcaption{font-size:13px;color:#52606d;margin:4px 0}
figure.chart svg{width:100%;height:auto}
.figures{display:grid;gap:8px 16px;align-items:start}.figures figure{margin:6px 0}
@media (max-width:640px){.figures{grid-template-columns:1fr!important}}
footer{margin-top:32px;font-size:12px;color:#607d8b;border-top:1px solid #d9e2ec;padding-top:8px}
${tones}
@page{size:A4;margin:16mm 14mm}
@media print{body{max-width:none;padding:0}section.break{break-before:page}figure,tr,.kpi{break-inside:avoid}thead{display:table-header-group}}
`;

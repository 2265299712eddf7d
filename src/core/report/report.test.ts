import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartSvg, choroplethSvg, renderHtml, renderPdf, renderXlsx, type ReportDocument } from './index.js';

const boundaries = JSON.parse(readFileSync(path.resolve('packs/beijing/regions/boundaries.geojson'), 'utf8')) as GeoJSON.FeatureCollection;
const districts: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: boundaries.features.filter((f) => f.properties?.level === 'district' && String(f.properties?.code).startsWith('1101')) };

function sample(): ReportDocument {
  const codes = districts.features.map((f) => String(f.properties!.code));
  const values = Object.fromEntries(codes.map((c, i) => [c, i === 0 ? null : 80 + i]));
  return {
    title: '北京市城市体检报告 2025',
    subtitle: 'City checkup report — sample',
    meta: [{ label: '生成时间', value: '2026-11-29' }],
    footer: '方法与来源见附录；样例数值已标注',
    sections: [
      {
        heading: '一、总体情况',
        blocks: [
          { kind: 'kpis', items: [{ label: '达标指标', value: '42', tone: 'good' }, { label: '未达标', value: '7', tone: 'bad' }, { label: '缺数据', value: '3', tone: 'missing' }] },
          { kind: 'paragraph', text: '宜居、韧性、智慧城市建设持续推进。'.repeat(8) },
          { kind: 'figure', ...choroplethSvg({ geojson: districts, values, title: '12345 解决率（%）' }), caption: '各区解决率' },
        ],
      },
      {
        heading: '二、指标明细',
        pageBreak: true,
        blocks: [
          {
            kind: 'table',
            title: '住房',
            columns: [{ label: '指标' , width: 3 }, { label: '数值', align: 'right' }, { label: '标准', align: 'right' }, { label: '评价' }],
            rows: Array.from({ length: 70 }, (_, i) => [`指标 ${i + 1} 城镇老旧小区改造`, String(90 + (i % 10)), '95', i % 3 ? { text: '达标', tone: 'good' } : { text: '未达标', tone: 'bad' }]),
          },
          { kind: 'figure', ...chartSvg({ xAxis: { type: 'category', data: ['2023', '2024', '2025'] }, yAxis: { type: 'value' }, series: [{ type: 'line', data: [91, 93.5, 95.2] }] }, { width: 520, height: 240 }), caption: '趋势' },
          { kind: 'list', items: ['朝阳区 建外街道 永安里 3 号楼', '海淀区 北太平庄街道'] },
        ],
      },
    ],
  };
}

describe('reports', () => {
  it('draws a chart and a choropleth to SVG on the server, missing regions grey and labelled', () => {
    const bar = chartSvg({ xAxis: { type: 'category', data: ['东城区'] }, yAxis: { type: 'value' }, series: [{ type: 'bar', data: [3] }] }, { width: 300, height: 200 });
    expect(bar.svg).toMatch(/^<svg[^>]*width="300"/);
    expect(bar.svg).toContain('东城区');
    const codes = districts.features.map((f) => String(f.properties!.code));
    const map = choroplethSvg({ geojson: districts, values: { [codes[1]!]: 10, [codes[2]!]: 20 }, names: { [codes[1]!]: '西城区' } });
    expect(map.svg).toContain('西城区');
    expect(map.svg).toContain('#e0e0e0');
  });

  it('renders one self-contained HTML page: no script, no external resource, text escaped, print rules', () => {
    const doc = sample();
    doc.sections[0]!.blocks.push({ kind: 'paragraph', text: '<script>alert(1)</script>' });
    const html = renderHtml(doc);
    expect(html).toContain('北京市城市体检报告 2025');
    expect(html).not.toMatch(/<script|<link|src="http|href="http/);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('@media print');
    expect((html.match(/<svg/g) ?? []).length).toBe(2);
  });

  it('renders the same content to a PDF with the Chinese font embedded, tables continued over pages, page numbers', async () => {
    const pdf = await renderPdf(sample());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeLessThan(3_000_000);
    const pdftotext = spawnSync('pdftotext', ['-v']);
    if (pdftotext.error) {
      if (process.env.CI === 'true') throw new Error('pdftotext (poppler-utils) is missing under CI');
      process.stderr.write('[citywork report test] pdftotext not found: the PDF text check is skipped\n');
      return;
    }
    const dir = mkdtempSync(path.join(os.tmpdir(), 'citywork-report-'));
    const file = path.join(dir, 'r.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    expect(text).toContain('北京市城市体检报告');
    expect(text).toContain('指标 70 城镇老旧小区改造');
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file]).toString())?.[1]);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(text).toMatch(new RegExp(`\\b${pages} ?/ ?${pages}\\b`));
    expect(execFileSync('pdffonts', [file]).toString()).toMatch(/NotoSansSC/);
  });

  it('sets figures side by side, in the HTML and on the PDF page', async () => {
    const bar = (n: number) => ({ ...chartSvg({ xAxis: { type: 'category', data: ['a'] }, yAxis: { type: 'value' }, series: [{ type: 'bar', data: [n] }] }, { width: 300, height: 180 }), caption: `图 ${n}` });
    const doc: ReportDocument = { title: '并排', sections: [{ heading: 'h', blocks: [{ kind: 'figures', perRow: 3, items: [bar(1), bar(2), bar(3), bar(4)] }] }] };
    const html = renderHtml(doc);
    expect(html).toContain('grid-template-columns:repeat(3,minmax(0,1fr))');
    expect((html.match(/<figcaption>图 \d<\/figcaption>/g) ?? []).length).toBe(4);
    const pdf = await renderPdf(doc);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('puts every table on a sheet of a workbook, numbers as numbers', async () => {
    const xlsx = await renderXlsx(sample());
    expect(xlsx.subarray(0, 2).toString()).toBe('PK');
  });
});

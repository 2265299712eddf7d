import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import readXlsxFile from 'read-excel-file/node';
import { contentDisposition, exportContentType, exportFormats, toCsv, toXlsx, type Column } from './export.js';

interface Case {
  no: string;
  title: string;
  district: string;
  days: number | null;
  overdue: boolean;
  receivedAt: Date | null;
}

const columns: Column<Case>[] = [
  { key: 'no', header: '工单编号', value: (c) => c.no },
  { key: 'title', header: '诉求内容 (title)', value: (c) => c.title, width: 40 },
  { key: 'district', header: '区', value: (c) => c.district },
  { key: 'days', header: 'Days', value: (c) => c.days },
  { key: 'overdue', header: '超期', value: (c) => c.overdue },
  { key: 'receivedAt', header: '受理时间', value: (c) => c.receivedAt },
];

const cases: Case[] = [
  { no: 'BJ-0001', title: '朝阳路，路灯不亮', district: '朝阳区', days: 3, overdue: false, receivedAt: new Date('2026-03-01T08:30:00Z') },
  { no: 'BJ-0002', title: 'He said "fix it", twice', district: '东城区', days: -2, overdue: true, receivedAt: new Date('2026-03-02T16:05:09Z') },
  { no: 'BJ-0003', title: '第一行\n第二行\r\nthird line', district: '海淀区', days: null, overdue: false, receivedAt: null },
  { no: 'BJ-0004', title: '=HYPERLINK("http://evil.example","点我")', district: '+西城区', days: 0.5, overdue: false, receivedAt: new Date('2026-12-31T23:59:59Z') },
  { no: '-1+1', title: '@SUM(A1:A2)', district: '\t丰台区', days: 1e6, overdue: false, receivedAt: null },
];

const bom = Buffer.from([0xef, 0xbb, 0xbf]);

/** The sheets of a workbook as read back, untrimmed, dates to the nearest second (the reader floors float serials). */
async function readBack(xlsx: Buffer) {
  const sheets = await readXlsxFile(xlsx, { trim: false });
  const round = (v: unknown) => (v instanceof Date ? new Date(Math.round(v.getTime() / 1000) * 1000) : v);
  return sheets.map((s) => ({ sheet: s.sheet, data: s.data.map((row) => row.map(round)) }));
}

describe('toCsv', () => {
  const csv = toCsv(columns, cases);
  const text = csv.toString('utf8');

  it('starts with a UTF-8 BOM and ends records with CRLF', () => {
    expect(csv.subarray(0, 3)).toEqual(bom);
    expect(text.slice(1).split('\r\n')[0]).toBe('工单编号,诉求内容 (title),区,Days,超期,受理时间');
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('quotes commas, quotes and line breaks so the cells read back as written (RFC 4180)', () => {
    const rows = parse(csv, { bom: true, relax_column_count: false }) as string[][];
    expect(rows).toHaveLength(1 + cases.length);
    expect(rows[1]).toEqual(['BJ-0001', '朝阳路，路灯不亮', '朝阳区', '3', 'false', '2026-03-01T08:30:00.000Z']);
    expect(rows[2]).toEqual(['BJ-0002', 'He said "fix it", twice', '东城区', '-2', 'true', '2026-03-02T16:05:09.000Z']);
    expect(rows[3]).toEqual(['BJ-0003', '第一行\n第二行\r\nthird line', '海淀区', '', 'false', '']);
    expect(text).toContain('"He said ""fix it"", twice"');
    expect(text).toContain('"第一行\n第二行\r\nthird line"');
  });

  it('neutralises formulas in text cells but leaves negative numbers alone', () => {
    const rows = parse(csv, { bom: true }) as string[][];
    expect(rows[4]).toEqual(['BJ-0004', `'=HYPERLINK("http://evil.example","点我")`, "'+西城区", '0.5', 'false', '2026-12-31T23:59:59.000Z']);
    expect(rows[5]).toEqual(["'-1+1", "'@SUM(A1:A2)", "'\t丰台区", '1000000', 'false', '']);
    expect(rows[2]![3]).toBe('-2');
    const text: Column<string>[] = [{ key: 't', header: 't', value: (v) => v }];
    expect(parse(toCsv(text, ['＝1+1', '-', 'a=b', ' =x']), { bom: true })).toEqual([['t'], ["'＝1+1"], ["'-"], ['a=b'], [' =x']]);
  });

  it('writes dates the way it is asked to', () => {
    const beijing = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);
    const rows = parse(toCsv(columns, cases.slice(0, 1), { formatDate: beijing }), { bom: true }) as string[][];
    expect(rows[1]![5]).toBe('2026-03-01 16:30:00');
  });

  it('writes just the header for no rows, and takes any iterable', () => {
    expect(toCsv(columns, []).toString('utf8')).toBe('\ufeff工单编号,诉求内容 (title),区,Days,超期,受理时间\r\n');
    function* gen() {
      yield cases[0]!;
    }
    expect(parse(toCsv(columns, gen()), { bom: true })).toHaveLength(2);
  });
});

describe('toXlsx', () => {
  it('reads back with the same cells: Chinese, numbers, booleans, dates', async () => {
    const xlsx = await toXlsx(columns, cases, { sheet: '热线工单' });
    expect(xlsx.subarray(0, 2).toString('latin1')).toBe('PK');
    const [sheet, ...others] = await readBack(xlsx);
    expect(others).toEqual([]);
    expect(sheet!.sheet).toBe('热线工单');
    const rows = sheet!.data;
    expect(rows[0]).toEqual(['工单编号', '诉求内容 (title)', '区', 'Days', '超期', '受理时间']);
    expect(rows[1]).toEqual(['BJ-0001', '朝阳路，路灯不亮', '朝阳区', 3, false, new Date('2026-03-01T08:30:00Z')]);
    expect(rows[2]).toEqual(['BJ-0002', 'He said "fix it", twice', '东城区', -2, true, new Date('2026-03-02T16:05:09Z')]);
    expect(rows[3]).toEqual(['BJ-0003', '第一行\n第二行\r\nthird line', '海淀区', null, false, null]);
    // Typed as text, a formula-looking value is data, not a formula: kept as written.
    expect(rows[4]).toEqual(['BJ-0004', '=HYPERLINK("http://evil.example","点我")', '+西城区', 0.5, false, new Date('2026-12-31T23:59:59Z')]);
    expect(rows[5]).toEqual(['-1+1', '@SUM(A1:A2)', '\t丰台区', 1e6, false, null]);
  });

  it('shifts dates to local wall time, or writes them as text', async () => {
    const [local] = await readBack(await toXlsx(columns, cases.slice(0, 1), { utcOffsetMinutes: 480 }));
    expect(local!.data[1]![5]).toEqual(new Date('2026-03-01T16:30:00Z'));
    const [text] = await readBack(await toXlsx(columns, cases.slice(0, 1), { formatDate: (d) => d.toISOString().slice(0, 10) }));
    expect(text!.data[1]![5]).toBe('2026-03-01');
  });

  it('makes the header bold and frozen, sets widths, and cleans the sheet name', async () => {
    const xlsx = await toXlsx(columns, cases, { sheet: 'cases: 2026/03 [all]' });
    const [sheet] = await readBack(xlsx);
    expect(sheet!.sheet).toBe('cases_ 2026_03 _all_');
    const { unzipSync, strFromU8 } = await import('fflate');
    const files = unzipSync(new Uint8Array(xlsx));
    const sheetXml = strFromU8(files['xl/worksheets/sheet1.xml']!);
    expect(sheetXml).toMatch(/<pane [^>]*ySplit="1"/);
    expect(sheetXml).toMatch(/<col [^>]*min="2"[^>]*max="2"[^>]*width="40"/);
    expect(strFromU8(files['xl/styles.xml']!)).toContain('<b/>');
  });
});

describe('exports at scale', () => {
  it('writes 10,000 rows as CSV and XLSX in reasonable time', async () => {
    const many: Case[] = Array.from({ length: 10_000 }, (_, i) => ({
      no: `BJ-${String(i).padStart(6, '0')}`,
      title: `第${i}号诉求，含逗号, "引号" 与换行\n第二行`,
      district: ['东城区', '西城区', '朝阳区'][i % 3]!,
      days: i % 17,
      overdue: i % 5 === 0,
      receivedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
    }));
    let t = performance.now();
    const csv = toCsv(columns, many);
    const csvMs = performance.now() - t;
    expect(parse(csv, { bom: true })).toHaveLength(10_001);
    t = performance.now();
    const xlsx = await toXlsx(columns, many);
    const xlsxMs = performance.now() - t;
    const [sheet] = await readBack(xlsx);
    expect(sheet!.data).toHaveLength(10_001);
    expect(sheet!.data[10_000]).toEqual(['BJ-009999', many[9999]!.title, '东城区', 9999 % 17, false, many[9999]!.receivedAt]);
    expect(csvMs).toBeLessThan(2000);
    expect(xlsxMs).toBeLessThan(8000);
  });
});

describe('download headers', () => {
  it('names the content type of each format', () => {
    expect(exportFormats).toEqual(['csv', 'xlsx']);
    expect(exportContentType('csv')).toBe('text/csv; charset=utf-8');
    expect(exportContentType('xlsx')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });

  it('gives an ASCII fallback and the UTF-8 name (RFC 6266)', () => {
    expect(contentDisposition('cases-2026-03.csv')).toBe(`attachment; filename="cases-2026-03.csv"; filename*=UTF-8''cases-2026-03.csv`);
    expect(contentDisposition('热线工单 2026年3月.xlsx')).toBe(
      `attachment; filename="____ 2026_3_.xlsx"; filename*=UTF-8''%E7%83%AD%E7%BA%BF%E5%B7%A5%E5%8D%95%202026%E5%B9%B43%E6%9C%88.xlsx`,
    );
    expect(contentDisposition('热线工单.csv')).toBe(`attachment; filename="download.csv"; filename*=UTF-8''%E7%83%AD%E7%BA%BF%E5%B7%A5%E5%8D%95.csv`);
    const tricky = contentDisposition('a"b;c\r\nd/../e\'(1).csv');
    expect(tricky).not.toMatch(/[\r\n]/);
    expect(tricky).toBe(`attachment; filename="a_b_c_d_.._e'(1).csv"; filename*=UTF-8''a%22b%3Bc_d_.._e%27%281%29.csv`);
    expect(decodeURIComponent(tricky.split("UTF-8''")[1]!)).toBe('a"b;c_d_.._e\'(1).csv');
  });
});

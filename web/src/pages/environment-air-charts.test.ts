import { describe, expect, it } from 'vitest';
import { calendarOption, levelColours, levelRanges, levelsByMonthOption, shareColour } from './environment-air-charts';

const text = { levels: ['优', '良', '轻度污染', '中度污染', '重度污染', '严重污染'], noValid: '无有效 AQI', months: Array.from({ length: 12 }, (_, i) => `${i + 1}月`), pm25Limit: '35' };

describe('the air page’s charts', () => {
  it('colour the six levels as HJ 633-2012 table 2 does, over its AQI ranges', () => {
    expect(levelColours).toEqual(['#00e400', '#ffff00', '#ff7e00', '#ff0000', '#99004c', '#7e0023']);
    expect(levelRanges).toEqual([[0, 50], [51, 100], [101, 150], [151, 200], [201, 300], [301, 500]]);
  });

  it('put each day of the year on the calendar, a day without a valid AQI below zero (grey)', () => {
    const days = [
      { date: '2014-01-01', valid: true, aqi: 87, level: 2, category: '良', primary: ['pm25_24h'] },
      { date: '2014-01-02', valid: false, aqi: null, level: null, category: null, primary: [] },
      { date: '2013-12-31', valid: true, aqi: 40, level: 1, category: '优', primary: [] },
    ];
    const o = calendarOption(2014, days, text, 'zh-CN') as any;
    expect(o.series[0].data).toEqual([['2014-01-01', 87], ['2014-01-02', -1]]);
    expect(o.visualMap.pieces[0]).toMatchObject({ lt: 0, label: '无有效 AQI' });
    expect(o.visualMap.pieces[2]).toMatchObject({ gte: 51, lte: 100, color: '#ffff00', label: '良' });
  });

  it('stack each month’s days by level, with the days that had data but no valid AQI', () => {
    const months = Array.from({ length: 12 }, (_, i) => ({ month: i + 1, days: i === 0 ? 31 : 0, validDays: i === 0 ? 29 : 0, daysByLevel: (i === 0 ? { 1: 4, 2: 10, 3: 5, 4: 5, 5: 3, 6: 2 } : {}) as Record<string, number>, meanPm25: null, pm25Days: 0 }));
    const o = levelsByMonthOption(months, text) as any;
    expect(o.series.map((s: any) => s.data[0])).toEqual([4, 10, 5, 5, 3, 2, 2]);
    expect(o.series.map((s: any) => s.name)).toEqual([...text.levels, '无有效 AQI']);
  });

  it('colour a station by its share of good days, grey without data', () => {
    expect([0.9, 0.85, 0.7, 0.5, 0.3, 0.29, null].map(shareColour)).toEqual(['#2e7d32', '#2e7d32', '#9ccc65', '#fdd835', '#fb8c00', '#c62828', '#90a4ae']);
  });
});

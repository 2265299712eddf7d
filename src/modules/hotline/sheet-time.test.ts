import { describe, expect, it } from 'vitest';
import { parseSheetTime } from './sheet-time.js';

describe('parseSheetTime', () => {
  it.each([
    ['2019/2/28 11:25:05', '2019-02-28T03:25:05.000Z'],
    ['2019-02-28 11:25', '2019-02-28T03:25:00.000Z'],
    ['2019/12/1', '2019-11-30T16:00:00.000Z'],
    // Excel serials, as 129 dates of the TipDM messages are: 43678 is 2019-08-01.
    ['43678', '2019-07-31T16:00:00.000Z'],
    ['43782.4724652778', '2019-11-13T03:20:21.000Z'],
  ])('reads %s as local time (+08:00)', (value, iso) => {
    expect(parseSheetTime(value)?.toISOString()).toBe(iso);
  });

  it.each(['', 'yesterday', '2019/2/30 10:00', '2019/13/1', '2019/1/1 25:00'])('refuses %j', (value) => {
    expect(parseSheetTime(value)).toBeNull();
  });
});

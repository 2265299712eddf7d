import { describe, expect, it } from 'vitest';
import { parseMessageCsv } from './csv.js';

const csv = '\ufeff"留言编号","留言主题","留言详情","一级分类","答复意见"\n1,"物业乱收费","\n\t\t小区物业, 乱收停车费\n","城乡建设","住建局已处理"\n2,"补课","学校补课",教育文体,\n';

describe('parseMessageCsv', () => {
  it('the first text column is the title, the rest the text; label and reply where asked', () => {
    expect(parseMessageCsv(csv, { textColumns: ['留言主题', '留言详情'], labelColumn: '一级分类', replyColumn: '答复意见' })).toEqual([
      { title: '物业乱收费', text: '小区物业, 乱收停车费', label: '城乡建设', reply: '住建局已处理' },
      { title: '补课', text: '学校补课', label: '教育文体' },
    ]);
  });

  it('a missing reply column is no error; a missing text or label column names it', () => {
    expect(parseMessageCsv(csv, { textColumns: ['留言主题'], replyColumn: '回复' })[0]).toEqual({ title: '物业乱收费', text: '' });
    expect(() => parseMessageCsv(csv, { textColumns: ['标题'] }, 'x.csv')).toThrow(expect.objectContaining({ kind: 'invalid', field: 'text-columns', message: expect.stringMatching(/^x\.csv has no column 标题; its columns are 留言编号,留言主题/) }));
    expect(() => parseMessageCsv(csv, { labelColumn: 'category' })).toThrow(expect.objectContaining({ field: 'label-column', message: expect.stringContaining('no column category') }));
  });

  it('malformed CSV is invalid, not a crash', () => {
    expect(() => parseMessageCsv('a,b\n"unclosed,1\n')).toThrow(expect.objectContaining({ kind: 'invalid' }));
  });
});

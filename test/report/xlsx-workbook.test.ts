import { writeFileSync } from 'node:fs';
import { crc32, inflateRawSync } from 'node:zlib';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { columnName, xlsxWorkbook } from '../../src/report/xlsx-workbook.js';
import { tempDir } from '../fakes/fixture-dataset.js';

async function readBack(buffer: Buffer) {
  const path = join(tempDir(), 'book.xlsx');
  writeFileSync(path, buffer);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  return book;
}

describe('an xlsx workbook written directly', () => {
  it('names columns as Excel does', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnName)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('holds text, numbers and booleans as such, a bold header kept in view, and column widths', async () => {
    const book = await readBack(
      xlsxWorkbook(
        [
          { name: 'summary', widths: [36, 12, 8], rows: [['judge', 'accuracy', 'parsed'], ['openai:gpt-4o', 0.8123456789012345, true], ['baseline:random', -0.25, false], ['no figure', null, undefined]], freezeHeader: true },
          { name: 'openai-compatible_Qwen', widths: [12], rows: [['modality'], ['brain']] },
        ],
        'med-rewardbench',
      ),
    );
    expect(book.creator).toBe('med-rewardbench');
    expect(book.worksheets.map((w) => w.name)).toEqual(['summary', 'openai-compatible_Qwen']);
    const summary = book.getWorksheet('summary')!;
    const rows = summary.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    expect(rows).toEqual([['judge', 'accuracy', 'parsed'], ['openai:gpt-4o', 0.8123456789012345, true], ['baseline:random', -0.25, false], ['no figure']]);
    expect(summary.getCell('A1').font?.bold).toBe(true);
    expect(summary.getCell('A2').font?.bold).toBeFalsy();
    expect(summary.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect([1, 2, 3].map((c) => summary.getColumn(c).width)).toEqual([36, 12, 8]);
    expect(book.getWorksheet('openai-compatible_Qwen')!.views[0]?.state).not.toBe('frozen');
  });

  it('keeps markup characters and spaces of model output as text, and drops what XML cannot hold', async () => {
    const book = await readBack(xlsxWorkbook([{ name: 'a & <b>', widths: [], rows: [['<script>alert("x")</script> & more'], ['  padded  '], ['bell\u0007 and lone \uD800 surrogate, emoji 😀 kept'], ['two\r\nlines']] }], 'x'));
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe('a & <b>');
    expect(sheet.getCell('A1').value).toBe('<script>alert("x")</script> & more');
    expect(sheet.getCell('A2').value).toBe('  padded  ');
    expect(sheet.getCell('A3').value).toBe('bell and lone  surrogate, emoji 😀 kept');
    expect(sheet.getCell('A4').value).toBe('two\r\nlines');
  });

  it('is a zip whose every entry inflates to its recorded size and checksum, listed in the central directory', () => {
    const zip = xlsxWorkbook([{ name: 's', widths: [10], rows: [['a', 1], ['b', 2]] }, { name: 't', widths: [], rows: [['c']] }], 'x');
    const end = zip.length - 22;
    expect(zip.readUInt32LE(end)).toBe(0x06054b50);
    const entries = zip.readUInt16LE(end + 10);
    let central = zip.readUInt32LE(end + 16);
    const names: string[] = [];
    for (let e = 0; e < entries; e++) {
      expect(zip.readUInt32LE(central)).toBe(0x02014b50);
      const [crc, packed, size, nameLength, local] = [zip.readUInt32LE(central + 16), zip.readUInt32LE(central + 20), zip.readUInt32LE(central + 24), zip.readUInt16LE(central + 28), zip.readUInt32LE(central + 42)];
      const name = zip.subarray(central + 46, central + 46 + nameLength).toString();
      expect(zip.readUInt32LE(local)).toBe(0x04034b50);
      expect(zip.subarray(local + 30, local + 30 + nameLength).toString()).toBe(name);
      const data = inflateRawSync(zip.subarray(local + 30 + nameLength, local + 30 + nameLength + packed));
      expect(data.length, name).toBe(size);
      expect(crc32(data), name).toBe(crc);
      names.push(name);
      central += 46 + nameLength;
    }
    expect(central).toBe(end);
    expect(names).toContain('xl/worksheets/sheet2.xml');
  });

  it('gives the same bytes for the same sheets', () => {
    const sheets = [{ name: 's', widths: [10], rows: [['a', 1]] }];
    expect(xlsxWorkbook(sheets, 'x').equals(xlsxWorkbook(sheets, 'x'))).toBe(true);
  });
});

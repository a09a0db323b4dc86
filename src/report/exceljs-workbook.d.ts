// exceljs's Workbook class alone: the package's main module also loads its streaming reader and
// writer, about a third of its import time, which `mrb run` pays on every run for nothing.
declare module 'exceljs/lib/doc/workbook.js' {
  import type { Workbook } from 'exceljs';
  const WorkbookClass: typeof Workbook;
  export default WorkbookClass;
}

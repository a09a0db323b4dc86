// dcmjs ships no type declarations; this names the small part of it the build uses.
declare module 'dcmjs' {
  interface DicomElement {
    vr: string;
    Value?: unknown[];
  }
  type DicomDictionary = Record<string, DicomElement>;
  interface DicomDictEntry {
    tag: string;
    vr: string;
    name: string;
  }
  class DicomDict {
    constructor(meta: DicomDictionary);
    meta: DicomDictionary;
    dict: DicomDictionary;
    write(options?: Record<string, unknown>): ArrayBuffer;
  }
  const dcmjs: {
    data: {
      DicomMessage: {
        readFile(buffer: ArrayBuffer, options?: Record<string, unknown>): { meta: DicomDictionary; dict: DicomDictionary };
      };
      DicomDict: typeof DicomDict;
      DicomMetaDictionary: {
        naturalizeDataset(dict: DicomDictionary): Record<string, unknown>;
        denaturalizeDataset(dataset: Record<string, unknown>): DicomDictionary;
        uid(): string;
        nameMap: Record<string, DicomDictEntry>;
        dictionary: Record<string, DicomDictEntry>;
      };
    };
  };
  export default dcmjs;
}

import { writeFileSync } from 'node:fs';
import dcmjs from 'dcmjs';

export const IDENTITY = {
  PatientName: 'Doe^Johnathan',
  PatientID: 'MRN-884211',
  PatientBirthDate: '19580214',
  StudyDate: '20240117',
  StudyTime: '101530',
  InstitutionName: 'Saint Elsewhere Hospital',
  ReferringPhysicianName: 'Westphall^Donald',
  AccessionNumber: 'ACC99812',
  ImageComments: 'follow-up for Mr Doe, call 555-0199',
  StudyDescription: 'CT CHEST Johnathan Doe',
} as const;

export interface DicomSpec {
  readonly rows?: number;
  readonly columns?: number;
  /** Stored values, row by row; 16-bit unsigned. */
  readonly values?: Uint16Array;
  readonly extra?: Record<string, unknown>;
  readonly transferSyntax?: string;
  readonly withPrivateTag?: boolean;
}

/** A small CT-like DICOM file full of identifying attributes and a private tag, written with dcmjs. */
export function dicomBytes(spec: DicomSpec = {}): Uint8Array {
  const { DicomMetaDictionary, DicomDict } = dcmjs.data;
  const rows = spec.rows ?? 8;
  const columns = spec.columns ?? 10;
  const values = spec.values ?? Uint16Array.from({ length: rows * columns }, (_, i) => (i * 37) % 2000);
  const sop = DicomMetaDictionary.uid();
  const dataset: Record<string, unknown> = {
    _vrMap: { PixelData: 'OW' },
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.2',
    SOPInstanceUID: sop,
    StudyInstanceUID: DicomMetaDictionary.uid(),
    ...IDENTITY,
    Modality: 'CT',
    BodyPartExamined: 'CHEST',
    Rows: rows,
    Columns: columns,
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    RescaleSlope: '1',
    RescaleIntercept: '-1000',
    WindowCenter: '-200',
    WindowWidth: '1200',
    ...spec.extra,
    PixelData: [values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength)],
  };
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: dataset.SOPClassUID,
    MediaStorageSOPInstanceUID: sop,
    TransferSyntaxUID: spec.transferSyntax ?? '1.2.840.10008.1.2.1',
    ImplementationClassUID: '1.2.826.0.1.3680043.9.7433.1.1',
  };
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  if (spec.withPrivateTag !== false) {
    dict.dict['00091010'] = { vr: 'LO', Value: ['PRIVATE-CREATOR-X'] };
    dict.dict['00091011'] = { vr: 'LO', Value: ['private note Johnathan'] };
  }
  return new Uint8Array(dict.write());
}

export function writeDicom(path: string, spec: DicomSpec = {}): Uint8Array {
  const bytes = dicomBytes(spec);
  writeFileSync(path, bytes);
  return bytes;
}

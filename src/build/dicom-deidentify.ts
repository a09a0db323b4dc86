import dcmjs from 'dcmjs';

/**
 * Attributes kept from a DICOM header: what the pixels need to be read, and coded descriptors
 * that name no person, place or time. Everything else goes (an allowlist, not a list of known
 * identifiers, so an attribute nobody thought of is removed too): names, ids, dates and times,
 * institution and staff, every free-text description and comment, UIDs, and all private tags.
 */
const KEEP = new Set([
  'SamplesPerPixel', 'PhotometricInterpretation', 'Rows', 'Columns', 'BitsAllocated', 'BitsStored', 'HighBit',
  'PixelRepresentation', 'PlanarConfiguration', 'NumberOfFrames', 'RescaleIntercept', 'RescaleSlope', 'RescaleType',
  'WindowCenter', 'WindowWidth', 'VOILUTFunction', 'PixelSpacing', 'ImagerPixelSpacing', 'PixelAspectRatio',
  'SliceThickness', 'SpacingBetweenSlices', 'Modality', 'BodyPartExamined', 'ImageType', 'SOPClassUID', 'ViewPosition',
  'Laterality', 'ImageLaterality', 'BurnedInAnnotation', 'LossyImageCompression', 'PixelData',
]);

/** Read to find leaks: if any of these values survives in a kept attribute, the file is refused. */
const IDENTIFYING = [
  'PatientName', 'PatientID', 'OtherPatientIDs', 'PatientBirthDate', 'AccessionNumber', 'InstitutionName',
  'ReferringPhysicianName', 'PerformingPhysicianName', 'OperatorsName', 'StudyID',
];

/** Modalities whose pixels often carry printed patient details (ultrasound, screenshots, scans of paper, photos). */
const BURN_IN_PRONE = new Set(['US', 'SC', 'OT', 'XC', 'ES', 'DOC', 'GM', 'SM']);

const UNCOMPRESSED = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1']);

export const DEIDENTIFICATION_METHOD =
  'med-rewardbench allowlist: pixel and coded descriptors kept; names, ids, dates, times, institution, staff, descriptions, comments, UIDs and private tags removed';

export interface DeidentifiedDicom {
  /** The kept attributes, naturalised (keyword -> value), with PixelData. */
  readonly dataset: Record<string, unknown>;
  readonly removedAttributes: string[];
  readonly removedPrivateTags: number;
}

export type DeidentifyResult = { readonly ok: true; readonly dicom: DeidentifiedDicom } | { readonly ok: false; readonly reason: string };

export interface DeidentifyOptions {
  /** The user has checked that burn-in-prone images (US, SC...) carry no text in their pixels. */
  readonly assumeNoBurnedInText?: boolean;
}

const isPrivate = (key: string) => /^[0-9A-F]{8}$/i.test(key) && parseInt(key.slice(0, 4), 16) % 2 === 1;

function textsOf(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (typeof value === 'number') return [String(value)];
  if (Array.isArray(value)) return value.flatMap(textsOf);
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return [];
  if (typeof value === 'object') return Object.values(value).flatMap(textsOf);
  return [];
}

/** Name parts and ids worth looking for: `Doe^John` gives `Doe` and `John`; very short parts would match by chance. */
function identifyingTokens(dataset: Record<string, unknown>): Array<{ attribute: string; token: string }> {
  const tokens: Array<{ attribute: string; token: string }> = [];
  for (const attribute of IDENTIFYING) {
    for (const text of textsOf(dataset[attribute])) {
      for (const token of text.split(/[\^=\s,]+/)) if (token.trim().length >= 3) tokens.push({ attribute, token: token.trim().toLowerCase() });
    }
  }
  return tokens;
}

/**
 * Removes everything that could identify the patient from a DICOM file, or says why it cannot.
 * Pixel text cannot be removed reliably, so files that declare it, or that are of a kind that
 * usually has it without declaring otherwise, are refused; so is a file whose identity leaks into
 * an attribute that would be kept.
 */
export function deidentifyDicom(bytes: Uint8Array, options: DeidentifyOptions = {}): DeidentifyResult {
  const { DicomMessage, DicomMetaDictionary } = dcmjs.data;
  let parsed: ReturnType<typeof DicomMessage.readFile>;
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    parsed = DicomMessage.readFile(buffer, { ignoreErrors: false });
  } catch (error) {
    return { ok: false, reason: `not a readable DICOM file (${(error as Error).message})` };
  }
  const transferSyntax = String(parsed.meta['00020010']?.Value?.[0] ?? '1.2.840.10008.1.2');
  const full = DicomMetaDictionary.naturalizeDataset(parsed.dict);
  const burnedIn = String(full.BurnedInAnnotation ?? '').trim().toUpperCase();
  const modality = String(full.Modality ?? '').trim().toUpperCase();
  if (burnedIn === 'YES') return { ok: false, reason: 'BurnedInAnnotation is YES: identifying text is part of the pixels and cannot be removed reliably' };
  if (BURN_IN_PRONE.has(modality) && burnedIn !== 'NO' && !options.assumeNoBurnedInText) {
    return {
      ok: false,
      reason: `${modality} images often carry patient details in the pixels and BurnedInAnnotation is not NO; check the images and pass --assume-no-burned-in-text if they are clean`,
    };
  }
  if (!UNCOMPRESSED.has(transferSyntax)) {
    return { ok: false, reason: `pixels use transfer syntax ${transferSyntax} (compressed or big-endian), which cannot be checked here; decompress first (e.g. gdcmconv --raw or dcmdjpeg)` };
  }
  if (full.PixelData === undefined) return { ok: false, reason: 'no PixelData: nothing to show' };

  const dataset: Record<string, unknown> = {};
  const removedAttributes: string[] = [];
  let removedPrivateTags = 0;
  for (const [key, value] of Object.entries(full)) {
    if (key === '_vrMap') continue;
    if (KEEP.has(key)) dataset[key] = value;
    else if (isPrivate(key)) removedPrivateTags++;
    else removedAttributes.push(key);
  }

  const tokens = identifyingTokens(full);
  for (const [attribute, value] of Object.entries(dataset)) {
    if (attribute === 'PixelData') continue;
    const texts = textsOf(value).map((t) => t.toLowerCase());
    const leak = tokens.find(({ token }) => texts.some((t) => t.includes(token)));
    // Names the attribute the identity came from, never the value itself.
    if (leak) return { ok: false, reason: `the value of ${leak.attribute} appears in ${attribute}, which would be kept` };
  }
  dataset.PatientIdentityRemoved = 'YES';
  dataset.DeidentificationMethod = DEIDENTIFICATION_METHOD;
  return { ok: true, dicom: { dataset, removedAttributes: removedAttributes.sort(), removedPrivateTags } };
}

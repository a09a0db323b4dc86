import type { CaseRecord } from '../../dataset/case.js';
import { resolveDatasetSource } from '../../dataset/dataset-source.js';
import { readDataset } from '../../dataset/read-dataset.js';

export interface ImageBytes {
  readonly bytes: Uint8Array;
  readonly mime: string;
}

/** Why an image cannot be shown: the message names the dataset, never anything from the request. */
export class ImageUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageUnavailableError';
  }
}

/**
 * The images of stored cases. The store keeps each image's hash, not its bytes, so they are read from
 * the dataset the run was judged on (the path stored with the run), one organ system at a time, and
 * accepted only when their hash matches the stored one: a dataset edited since the run shows no image
 * rather than the wrong one. Images read on the way are kept (up to `maxBytes`), so paging through an
 * organ system reads its file once.
 */
export class CaseImages {
  private readonly cache = new Map<string, ImageBytes>();
  private cachedBytes = 0;
  private readonly scans = new Map<string, Promise<void>>();

  constructor(private readonly maxBytes = 256 * 1024 * 1024) {}

  async get(datasetPath: string, record: CaseRecord): Promise<ImageBytes> {
    const hit = this.cache.get(record.imageSha256);
    if (hit) {
      // Refresh its place: the map's order is the eviction order.
      this.cache.delete(record.imageSha256);
      this.cache.set(record.imageSha256, hit);
      return hit;
    }
    const scanKey = `${datasetPath}\n${record.organ}`;
    let scan = this.scans.get(scanKey);
    if (!scan) {
      scan = this.scan(datasetPath, record.organ).finally(() => this.scans.delete(scanKey));
      this.scans.set(scanKey, scan);
    }
    await scan;
    const found = this.cache.get(record.imageSha256);
    if (!found) throw new ImageUnavailableError(`the image of ${record.uid} is no longer in the dataset at ${datasetPath} (moved or changed since the run)`);
    return found;
  }

  private async scan(datasetPath: string, organ: string): Promise<void> {
    let source;
    try {
      source = resolveDatasetSource(datasetPath);
    } catch {
      throw new ImageUnavailableError(`the dataset of this run is no longer at ${datasetPath}`);
    }
    try {
      for await (const item of readDataset(source, { organs: [organ] })) {
        if (item.kind === 'case') this.put(item.case.image.sha256, { bytes: item.case.image.bytes, mime: item.case.image.mime });
      }
    } catch (error) {
      throw new ImageUnavailableError(`the dataset at ${datasetPath} cannot be read now: ${(error as Error).message}`);
    }
  }

  private put(sha256: string, image: ImageBytes) {
    if (this.cache.has(sha256)) return;
    this.cache.set(sha256, image);
    this.cachedBytes += image.bytes.length;
    for (const [key, old] of this.cache) {
      if (this.cachedBytes <= this.maxBytes || this.cache.size <= 1) break;
      this.cache.delete(key);
      this.cachedBytes -= old.bytes.length;
    }
  }
}

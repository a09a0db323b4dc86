import { createHash } from 'node:crypto';
import type { ChatImage } from '../providers/chat.js';
import { ProviderError } from '../providers/chat.js';
import { bmpPixels, type RawPixels } from '../dataset/bmp-pixels.js';


/** What one API accepts as an image, and how we shrink images before sending them. */
export interface ImagePolicy {
  /** Formats the API reads; anything else is converted to PNG first. */
  readonly accepts: readonly string[];
  /** The API's limit on one image's bytes (after base64 the request grows by a third). */
  readonly maxBytes: number;
  readonly maxPixels?: number;
}

const MB = 1024 * 1024;
// Published limits per API: OpenAI 20 MB per image; Anthropic 5 MB; Gemini 20 MB for the whole
// inline request, so the image itself must stay well under it.
export const IMAGE_POLICIES = {
  openai: { accepts: ['image/png', 'image/jpeg', 'image/webp', 'image/gif'], maxBytes: 20 * MB },
  'openai-compatible': { accepts: ['image/png', 'image/jpeg', 'image/webp', 'image/gif'], maxBytes: 20 * MB },
  anthropic: { accepts: ['image/png', 'image/jpeg', 'image/webp', 'image/gif'], maxBytes: 5 * MB },
  google: { accepts: ['image/png', 'image/jpeg', 'image/webp'], maxBytes: 14 * MB },
  reward: { accepts: ['image/png', 'image/jpeg', 'image/webp', 'image/gif'], maxBytes: 20 * MB },
  'reward-http': { accepts: ['image/png', 'image/jpeg', 'image/webp', 'image/gif'], maxBytes: 20 * MB },
} as const satisfies Record<string, Omit<ImagePolicy, 'maxPixels'>>;

/**
 * The image as this API should get it: resized to `maxPixels` (aspect kept), converted to PNG when
 * the API cannot read its format, and refused with the case named when it is still too large.
 * Unchanged images are passed through without decoding.
 */
export async function prepareImage(image: ChatImage, policy: ImagePolicy, caseId: string, provider: string): Promise<ChatImage> {
  let out = image;
  const needsFormat = !policy.accepts.includes(image.mime);
  if (policy.maxPixels !== undefined || needsFormat) {
    const sharp = (await import('sharp')).default;
    let pipeline: import('sharp').Sharp;
    let bmp: RawPixels | undefined;
    try {
      // libvips (sharp) has no BMP reader: BMPs are decoded here and handed over as raw pixels.
      bmp = image.mime === 'image/bmp' ? bmpPixels(image.bytes) : undefined;
      pipeline = bmp ? sharp(bmp.data, { raw: { width: bmp.width, height: bmp.height, channels: bmp.channels } }) : sharp(image.bytes, { failOn: 'error' });
    } catch (error) {
      throw new ProviderError(`case ${caseId}: cannot convert its ${image.mime} image for ${provider} (${(error as Error).message})`, 'client');
    }
    let resized = false;
    if (policy.maxPixels !== undefined) {
      const { width, height } = bmp ?? (await pipeline.metadata());
      if (width && height && width * height > policy.maxPixels) {
        const scale = Math.sqrt(policy.maxPixels / (width * height));
        pipeline = pipeline.resize(Math.max(1, Math.floor(width * scale)), Math.max(1, Math.floor(height * scale)));
        resized = true;
      }
    }
    if (resized || needsFormat) {
      const keepFormat = !needsFormat && (image.mime === 'image/jpeg' || image.mime === 'image/png');
      let bytes: Buffer;
      try {
        bytes = keepFormat && image.mime === 'image/jpeg' ? await pipeline.jpeg({ quality: 90 }).toBuffer() : await pipeline.png().toBuffer();
      } catch (error) {
        throw new ProviderError(`case ${caseId}: cannot convert its ${image.mime} image for ${provider} (${(error as Error).message})`, 'client');
      }
      const mime = keepFormat ? image.mime : 'image/png';
      out = { mime, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), sha256: createHash('sha256').update(bytes).digest('hex') };
    }
  }
  if (out.bytes.byteLength > policy.maxBytes) {
    throw new ProviderError(
      `case ${caseId}: its image is ${(out.bytes.byteLength / MB).toFixed(1)} MB, over ${provider}'s limit of ${policy.maxBytes / MB} MB; pass --max-pixels (e.g. 1000000) to send it smaller`,
      'client',
    );
  }
  return out;
}

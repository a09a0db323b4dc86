import { DIMENSIONS } from './dimensions.js';
import type { ReplySchema } from '../providers/chat.js';

const object = (properties: Record<string, unknown>) => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
});

/** `--structured`, pairwise: the paper's JSON verdict as a schema (no ties, as in the paper prompt). */
export const PAIRWISE_VERDICT_SCHEMA: ReplySchema = {
  name: 'pairwise_verdict',
  schema: object({ ...Object.fromEntries(DIMENSIONS.map((d) => [d, { type: 'string', enum: ['A', 'B'] }])), reason: { type: 'string' } }),
};

/** `--structured`, pointwise: a rating from 1 to 10 per dimension. */
export const POINTWISE_RATING_SCHEMA: ReplySchema = {
  name: 'pointwise_rating',
  schema: object({ ...Object.fromEntries(DIMENSIONS.map((d) => [d, { type: 'integer', minimum: 1, maximum: 10 }])), reason: { type: 'string' } }),
};

/** The 13 organ-system keys of Med-RewardBench: file stems and values of `modality_type`. */
export const ORGANS = [
  'abdomen',
  'brain',
  'breast',
  'chest',
  'eye',
  'foot',
  'gastrointestinal_tract',
  'heart',
  'lower_limb',
  'lung',
  'oral_cavity',
  'pelvic_cavity',
  'upper_limb',
] as const;

export type OfficialOrgan = (typeof ORGANS)[number];

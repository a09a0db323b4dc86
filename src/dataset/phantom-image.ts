import { deflateSync } from 'node:zlib';

/** Procedural grayscale phantoms that look vaguely like each organ system; synthetic, not clinical. */
export type PhantomKind =
  | 'abdomen' | 'brain' | 'breast' | 'chest' | 'eye' | 'foot' | 'gastrointestinal_tract'
  | 'heart' | 'lower_limb' | 'lung' | 'oral_cavity' | 'pelvic_cavity' | 'upper_limb';

export interface PhantomOptions {
  /** Width and height in pixels (square), 8..4096. Default 256. */
  size?: number;
  /** PRNG seed; the same kind and options give the same bytes. Default 1. */
  seed?: number;
  /** Add one bright or dark focal finding. Default true. */
  lesion?: boolean;
  /** Noise standard deviation as a fraction of full intensity, 0..1. Default 0.08. */
  noise?: number;
}

type Rng = () => number;
type Pt = readonly [number, number];
type Dist = (u: number, v: number) => number;
interface Canvas { readonly n: number; readonly px: Float32Array }
/** Where the focal finding may go (unit coordinates), and whether to mirror the image (laterality). */
interface Site { x: number; y: number; r: number; flip?: boolean }
/** An ellipse as data: x, y, rx, ry, value, edge softness, rotation. */
type E = readonly [number, number, number, number, number, number?, number?];

/** Shapes are soft, so drawing at up to this size and upscaling loses little and keeps big images fast. */
const DRAW_SIZE = 256;
const PI = Math.PI;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

const jit = (r: Rng, a: number): number => (r() * 2 - 1) * a;

/**
 * Paints `value` where `dist` is below 1 (1 = the shape's edge), blending over the outer `soft`
 * fraction. Only the bounding box is visited so cost scales with shape area, not image area.
 */
function paint(c: Canvas, box: readonly number[], value: number, soft: number, add: boolean, dist: Dist): void {
  const { n, px } = c;
  soft = Math.max(soft, 1e-3);
  const x0 = Math.max(0, Math.floor(box[0]! * n)), x1 = Math.min(n - 1, Math.ceil(box[2]! * n));
  const y0 = Math.max(0, Math.floor(box[1]! * n)), y1 = Math.min(n - 1, Math.ceil(box[3]! * n));
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const d = dist((x + 0.5) / n, (y + 0.5) / n);
      if (d >= 1) continue;
      const t = (1 - d) / soft, a = t >= 1 ? 1 : t * t * (3 - 2 * t), i = y * n + x;
      px[i] = add ? px[i]! + value * a : px[i]! + (value - px[i]!) * a;
    }
  }
}

function ellipseDist(cx: number, cy: number, rx: number, ry: number, rot = 0): Dist {
  const cos = Math.cos(rot), sin = Math.sin(rot);
  return (u, v) => {
    const dx = u - cx, dy = v - cy, a = (dx * cos + dy * sin) / rx, b = (dy * cos - dx * sin) / ry;
    return Math.sqrt(a * a + b * b);
  };
}

function el(c: Canvas, x: number, y: number, rx: number, ry: number, v: number, soft = 0.15, rot = 0, add = false): void {
  const R = Math.max(rx, ry);
  paint(c, [x - R, y - R, x + R, y + R], v, soft, add, ellipseDist(x, y, rx, ry, rot));
}

function els(c: Canvas, list: readonly E[]): void {
  for (const [x, y, rx, ry, v, soft, rot] of list) el(c, x, y, rx, ry, v, soft, rot);
}

function ring(c: Canvas, x: number, y: number, rx: number, ry: number, thick: number, v: number, soft: number, rot = 0): void {
  const R = Math.max(rx, ry) + thick, inner = ellipseDist(x, y, rx, ry, rot), k = Math.min(rx, ry) / (thick / 2);
  paint(c, [x - R, y - R, x + R, y + R], v, soft, false, (u, w) => Math.abs(inner(u, w) - 1) * k);
}

/** A line segment with round caps and half-width w. */
function seg(c: Canvas, [ax, ay]: Pt, [bx, by]: Pt, w: number, v: number, soft = 0.5): void {
  const dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy || 1e-12;
  const box = [Math.min(ax, bx) - w, Math.min(ay, by) - w, Math.max(ax, bx) + w, Math.max(ay, by) + w];
  paint(c, box, v, soft, false, (u, q) => {
    const t = Math.min(1, Math.max(0, ((u - ax) * dx + (q - ay) * dy) / len2));
    const ex = u - ax - t * dx, ey = q - ay - t * dy;
    return Math.sqrt(ex * ex + ey * ey) / w;
  });
}

function line(c: Canvas, pts: readonly Pt[], w: number, v: number, soft = 0.6): void {
  for (let i = 1; i < pts.length; i++) seg(c, pts[i - 1]!, pts[i]!, w, v, soft);
}

function arc(cx: number, cy: number, rx: number, ry: number, a0: number, a1: number, steps = 12): Pt[] {
  return Array.from({ length: steps + 1 }, (_, i) => {
    const a = a0 + ((a1 - a0) * i) / steps;
    return [cx + rx * Math.cos(a), cy + ry * Math.sin(a)] as const;
  });
}

/** Long bone: bright cortex around a dimmer medullary canal. */
function bone(c: Canvas, a: Pt, b: Pt, w: number, v = 0.8): void {
  seg(c, a, b, w, v, 0.25);
  seg(c, a, b, w * 0.5, v * 0.75, 0.6);
}

/** Chain of bones along one direction with joint gaps: fingers, toes, metatarsals. */
function digit(c: Canvas, [x, y]: Pt, angle: number, lengths: readonly number[], w: number): void {
  const dx = Math.sin(angle), dy = -Math.cos(angle);
  lengths.forEach((len, i) => {
    bone(c, [x, y], [x + dx * len, y + dy * len], w * (1 - i * 0.15));
    x += dx * (len + 0.012);
    y += dy * (len + 0.012);
  });
}

/** Blackens everything outside a shape, e.g. the round field of a fundus camera. */
function mask(c: Canvas, dist: Dist, soft = 0.02): void {
  const { n, px } = c;
  for (let i = 0; i < px.length; i++) {
    const d = dist(((i % n) + 0.5) / n, (Math.floor(i / n) + 0.5) / n);
    if (d >= 1) px[i] = 0;
    else if (d > 1 - soft) px[i]! *= (1 - d) / soft;
  }
}

/** Ultrasound fan opening downwards from an apex near the top edge. */
const fan = (ax: number, ay: number, radius: number, half: number): Dist => (u, v) =>
  Math.max(Math.sqrt((u - ax) ** 2 + (v - ay) ** 2) / radius, Math.abs(Math.atan2(u - ax, v - ay)) / half);

const DRAW: Record<PhantomKind, (c: Canvas, r: Rng) => Site> = {
  brain(c, r) {
    const x = 0.5 + jit(r, 0.01), y = 0.5;
    els(c, [[x, y, 0.4, 0.46, 0.95, 0.03], [x, y, 0.375, 0.435, 0.15, 0.03], [x, y, 0.36, 0.42, 0.48, 0.04],
      [x, y, 0.28, 0.34, 0.6, 0.5]]); // skull, CSF, grey matter, white matter
    for (let i = 0; i < 18; i++) { // sulci
      const a = (i / 18) * 2 * PI + jit(r, 0.1), ca = Math.cos(a), sa = Math.sin(a);
      seg(c, [x + 0.35 * ca, y + 0.41 * sa], [x + 0.29 * ca, y + 0.34 * sa], 0.005, 0.2, 0.6);
    }
    seg(c, [x, y - 0.42], [x, y - 0.14], 0.004, 0.8, 0.6);
    seg(c, [x, y + 0.16], [x, y + 0.42], 0.004, 0.8, 0.6);
    els(c, [[x - 0.05, y - 0.03, 0.035, 0.12, 0.12, 0.3, 0.25], [x + 0.05, y - 0.03, 0.035, 0.12, 0.12, 0.3, -0.25],
      [x, y + 0.08, 0.008, 0.03, 0.15, 0.4]]); // lateral and third ventricles
    return { x: x + (r() < 0.5 ? -0.18 : 0.18), y: y + jit(r, 0.1), r: 0.06 };
  },
  chest(c, r) {
    c.px.fill(0.03);
    el(c, 0.5, 0.62, 0.47, 0.55, 0.38, 0.1);
    for (const s of [-1, 1]) {
      el(c, 0.5 + s * 0.17, 0.5, 0.14, 0.27, 0.1, 0.2, s * -0.08);
      for (let k = 0; k < 8; k++) { // posterior ribs curve out and down from the spine
        const pts = arc(0.46, 0.27 + k * 0.07 + jit(r, 0.004), 0.26, 0.1, -0.55 * PI, -1.15 * PI);
        line(c, s < 0 ? pts : pts.map(([px, py]) => [1 - px, py] as const), 0.008, 0.42);
      }
      seg(c, [0.5 + s * 0.05, 0.23], [0.5 + s * 0.28, 0.19], 0.012, 0.6);
    }
    els(c, [[0.5, 0.42, 0.05, 0.22, 0.45, 0.4], [0.56 + jit(r, 0.01), 0.66, 0.15, 0.12, 0.5, 0.25, -0.3]]);
    seg(c, [0.5, 0.08], [0.5, 0.95], 0.026, 0.55);
    return { x: r() < 0.5 ? 0.3 : 0.7, y: 0.45 + jit(r, 0.1), r: 0.06 };
  },
  lung(c, r) {
    els(c, [[0.5, 0.52, 0.44, 0.32, 0.3, 0.04], [0.5, 0.52, 0.4, 0.28, 0.45, 0.06]]);
    for (const s of [-1, 1]) {
      const x = 0.5 + s * 0.19;
      el(c, x, 0.49, 0.15, 0.21, 0.04, 0.05, s * -0.1);
      for (let i = 0; i < 18; i++) { // vessels seen end-on
        const a = r() * 2 * PI, d = Math.sqrt(r()) * 0.85, w = 0.004 + r() * 0.006;
        el(c, x + Math.cos(a) * 0.13 * d, 0.49 + Math.sin(a) * 0.19 * d, w, w, 0.4, 0.6);
      }
    }
    els(c, [[0.53, 0.55, 0.12, 0.1, 0.5], [0.56, 0.69, 0.03, 0.03, 0.55, 0.2], [0.5, 0.74, 0.05, 0.045, 0.85]]);
    ring(c, 0.5, 0.8, 0.03, 0.025, 0.01, 0.75, 0.5);
    return { x: r() < 0.5 ? 0.31 : 0.69, y: 0.45 + jit(r, 0.1), r: 0.07 };
  },
  heart(c, r) { // echocardiogram, apical four-chamber view
    c.px.fill(0.16);
    els(c, [[0.5, 0.55, 0.28, 0.38, 0.55, 0.3], [0.59, 0.4, 0.1, 0.2, 0.04, 0.3, -0.15], [0.4, 0.43, 0.08, 0.16, 0.04, 0.3, 0.2],
      [0.59, 0.76, 0.09, 0.09, 0.04, 0.3], [0.41, 0.76, 0.08, 0.09, 0.04, 0.3]]);
    const open = jit(r, 0.02); // valve leaflets, slightly open or closed per seed
    seg(c, [0.51, 0.64], [0.56 + open, 0.62], 0.005, 0.85);
    seg(c, [0.67, 0.64], [0.62 - open, 0.62], 0.005, 0.85);
    seg(c, [0.33, 0.65], [0.38, 0.63], 0.005, 0.85);
    mask(c, fan(0.5, 0.05, 0.9, 0.5));
    return { x: 0.6, y: 0.3, r: 0.05 };
  },
  abdomen(c, r) {
    el(c, 0.5, 0.52, 0.45, 0.34, 0.3, 0.03);
    ring(c, 0.5, 0.52, 0.41, 0.3, 0.03, 0.45, 0.4);
    els(c, [[0.33, 0.46, 0.17, 0.15, 0.55, 0.1, 0.3], [0.74, 0.44, 0.065, 0.1, 0.52, 0.15, -0.4], // liver, spleen
      [0.6, 0.36, 0.09, 0.065, 0.18, 0.2], [0.65, 0.66, 0.05, 0.075, 0.62, 0.15, -0.3], [0.63, 0.66, 0.015, 0.03, 0.3, 0.5, -0.3],
      [0.35, 0.66, 0.05, 0.075, 0.62, 0.15, 0.3], [0.37, 0.66, 0.015, 0.03, 0.3, 0.5, 0.3], // stomach, kidneys
      [0.53, 0.62, 0.024, 0.024, 0.62, 0.2], [0.45, 0.61, 0.03, 0.022, 0.5, 0.2]]); // aorta, vena cava
    for (let i = 0; i < 9; i++) { // bowel loops, gas-filled or fluid-filled
      const x = 0.44 + r() * 0.26, y = 0.44 + r() * 0.14, w = 0.025 + r() * 0.02;
      el(c, x, y, w, w * 0.8, r() < 0.5 ? 0.12 : 0.5, 0.3, r() * 3);
    }
    els(c, [[0.5, 0.74, 0.055, 0.05, 0.85], [0.5, 0.8, 0.02, 0.02, 0.25, 0.3]]);
    seg(c, [0.5, 0.82], [0.5, 0.85], 0.012, 0.8, 0.4);
    return { x: 0.32, y: 0.45, r: 0.07 };
  },
  gastrointestinal_tract(c, r) { // colonoscopy view down the lumen
    el(c, 0.5, 0.5, 0.47, 0.47, 0.55, 0.05);
    el(c, 0.5, 0.5, 0.45, 0.45, 0.18, 1, 0, true);
    const lx = 0.55 + jit(r, 0.05), ly = 0.45 + jit(r, 0.05);
    for (let k = 5; k >= 1; k--) { // haustral folds: bright crest with a shadow on the lumen side
      const t = k / 5, fx = lx + (0.5 - lx) * t, fy = ly + (0.5 - ly) * t, rad = 0.07 + 0.08 * k;
      const squash = 0.8 + r() * 0.15, rot = jit(r, 0.4);
      ring(c, fx, fy, rad, rad * squash, 0.035, 0.35, 0.9, rot);
      ring(c, fx, fy, rad + 0.014, (rad + 0.014) * squash, 0.02, 0.72, 0.9, rot);
    }
    el(c, lx, ly, 0.09, 0.075, 0.02, 0.7);
    for (let i = 0; i < 5; i++) el(c, 0.2 + r() * 0.6, 0.2 + r() * 0.6, 0.008, 0.005, 1, 0.4, r() * 3); // specular glints
    mask(c, ellipseDist(0.5, 0.5, 0.47, 0.47));
    return { x: 0.3, y: 0.65, r: 0.06 };
  },
  eye(c, r) { // fundus photograph
    el(c, 0.5, 0.5, 0.46, 0.46, 0.36, 0.05);
    el(c, 0.5, 0.5, 0.44, 0.44, 0.14, 1, 0, true);
    const dx = 0.7 + jit(r, 0.02), dy = 0.48 + jit(r, 0.02);
    els(c, [[0.42, 0.5, 0.07, 0.07, 0.22, 0.9], [0.42, 0.5, 0.012, 0.012, 0.12, 0.8]]);
    for (const s of [-1, 1]) {
      for (const [rad, w, v] of [[0.25, 0.007, 0.16], [0.22, 0.005, 0.24]] as const) { // vein, artery
        const pts = arc(dx - rad, dy, rad, rad * 0.85, 0, s * 0.85 * PI, 16);
        line(c, pts, w, v);
        for (let i = 3; i < pts.length; i += 4) {
          const [px, py] = pts[i]!, a = r() * 2 * PI;
          seg(c, [px, py], [px + 0.08 * Math.cos(a), py + 0.08 * Math.sin(a)], w * 0.6, v, 0.6);
        }
      }
      line(c, [[dx, dy], [dx + 0.09, dy + s * 0.06], [dx + 0.16, dy + s * 0.08]], 0.005, 0.2);
    }
    els(c, [[dx, dy, 0.055, 0.062, 0.85, 0.35], [dx + 0.005, dy, 0.024, 0.028, 0.97, 0.5]]);
    mask(c, ellipseDist(0.5, 0.5, 0.46, 0.46));
    return { x: 0.45, y: 0.5, r: 0.1 };
  },
  breast(c, r) { // mammogram, mediolateral oblique
    c.px.fill(0.02);
    els(c, [[0, 0.5, 0.78, 0.55, 0.28, 0.05], [0, 0, 0.2, 0.55, 0.55, 0.05, -0.5]]);
    for (let i = 0; i < 18; i++) { // fibroglandular tissue
      const x = 0.1 + r() * 0.42, y = 0.32 + r() * 0.4;
      el(c, x, y, 0.04 + r() * 0.06, 0.025 + r() * 0.04, 0.58, 0.9, r() * 3);
    }
    for (let i = 0; i < 10; i++) { // Cooper's ligaments converge on the nipple
      const a = PI * (0.65 + 0.7 * (i / 9));
      seg(c, [0.74, 0.57], [0.74 + 0.55 * Math.cos(a), 0.57 + 0.4 * Math.sin(a)], 0.003, 0.42, 0.7);
    }
    el(c, 0.75, 0.57, 0.018, 0.024, 0.35, 0.4);
    mask(c, ellipseDist(0, 0.5, 0.78, 0.55), 0.01);
    return { x: 0.35 + jit(r, 0.08), y: 0.55 + jit(r, 0.08), r: 0.04, flip: r() < 0.5 };
  },
  foot(c, r) { // dorsoplantar radiograph
    els(c, [[0.5, 0.6, 0.17, 0.38, 0.25, 0.1], [0.5, 0.32, 0.23, 0.22, 0.25], // soft tissue
      [0.5, 0.88, 0.08, 0.09, 0.65, 0.2], [0.5, 0.75, 0.07, 0.06, 0.7, 0.2], [0.45, 0.64, 0.065, 0.03, 0.72, 0.25], // tarsals
      [0.58, 0.655, 0.05, 0.045, 0.7, 0.25], [0.39, 0.585, 0.027, 0.025, 0.72, 0.3], [0.45, 0.585, 0.027, 0.025, 0.72, 0.3],
      [0.51, 0.585, 0.027, 0.025, 0.72, 0.3]]);
    const rays = [[0.4, -0.12, 0.08], [0.46, -0.04, 0.06], [0.51, 0.03, 0.055], [0.56, 0.1, 0.05], [0.61, 0.18, 0.045]] as const;
    rays.forEach(([x, a, ph], i) => {
      digit(c, [x, 0.55], a, i === 0 ? [0.2, 0.08, 0.055] : [0.2 - i * 0.01, ph, 0.03, 0.02], i === 0 ? 0.022 : 0.015);
    });
    return { x: 0.5, y: 0.42, r: 0.06, flip: r() < 0.5 };
  },
  lower_limb(c, r) { // knee, anteroposterior radiograph
    seg(c, [0.5, -0.1], [0.5, 1.1], 0.27, 0.26, 0.2);
    bone(c, [0.5, -0.05], [0.5, 0.4], 0.065);
    els(c, [[0.42, 0.47, 0.08, 0.06, 0.75, 0.2], [0.58, 0.47, 0.08, 0.06, 0.75, 0.2], [0.5, 0.5, 0.02, 0.03, 0.45, 0.6]]);
    el(c, 0.5, 0.43, 0.055, 0.065, 0.12, 0.6, 0, true); // patella seen through the femur
    const gap = 0.575 + jit(r, 0.008); // joint space width varies per seed
    el(c, 0.5, gap, 0.16, 0.035, 0.75, 0.25);
    bone(c, [0.5, gap + 0.02], [0.49, 1.05], 0.062);
    el(c, 0.645, gap + 0.04, 0.03, 0.025, 0.72, 0.3);
    bone(c, [0.645, gap + 0.05], [0.63, 1.05], 0.02);
    return { x: 0.5, y: r() < 0.5 ? 0.25 : 0.78, r: 0.03, flip: r() < 0.5 };
  },
  upper_limb(c, r) { // hand and wrist, posteroanterior radiograph
    seg(c, [0.5, 0.8], [0.5, 1.1], 0.15, 0.25, 0.2);
    el(c, 0.5, 0.6, 0.2, 0.2, 0.25, 0.2);
    const digits = [[0.41, 0.74, -0.7, [0.1, 0.08, 0.06]], [0.44, 0.68, -0.22, [0.17, 0.1, 0.06, 0.045]],
      [0.5, 0.67, -0.04, [0.17, 0.11, 0.07, 0.045]], [0.56, 0.68, 0.13, [0.16, 0.1, 0.065, 0.04]],
      [0.61, 0.7, 0.3, [0.14, 0.08, 0.05, 0.035]]] as const;
    for (const [x, y, a, lens] of digits) {
      const reach = lens.reduce((t, l) => t + l, 0.03);
      seg(c, [x, y], [x + Math.sin(a) * reach, y - Math.cos(a) * reach], 0.035, 0.25, 0.3);
      digit(c, [x, y], a + jit(r, 0.04), lens, 0.018);
    }
    for (let i = 0; i < 8; i++) el(c, 0.42 + (i % 4) * 0.05, 0.73 + Math.floor(i / 4) * 0.05, 0.024, 0.021, 0.72, 0.3);
    bone(c, [0.44, 0.8], [0.45, 1.05], 0.036);
    bone(c, [0.57, 0.81], [0.56, 1.05], 0.025);
    return { x: 0.5, y: 0.55, r: 0.05, flip: r() < 0.5 };
  },
  oral_cavity(c, r) { // panoramic dental radiograph
    c.px.fill(0.03);
    els(c, [[0.5, 0.55, 0.5, 0.42, 0.2, 0.4], [0.32, 0.26, 0.1, 0.07, 0.08, 0.5], [0.68, 0.26, 0.1, 0.07, 0.08, 0.5]]);
    seg(c, [0.25, 0.34], [0.75, 0.34], 0.012, 0.55);
    line(c, arc(0.5, 0.4, 0.42, 0.42, 0.08 * PI, 0.92 * PI, 16), 0.05, 0.5, 0.4);
    for (const s of [-1, 1]) seg(c, [0.5 + s * 0.41, 0.48], [0.5 + s * 0.38, 0.15], 0.045, 0.5, 0.4);
    const missing = r() < 0.5 ? Math.floor(r() * 28) : -1;
    for (let i = 0; i < 28; i++) {
      if (i === missing) continue;
      const k = i % 14, x = 0.18 + (k * 0.64) / 13, up = i < 14 ? -1 : 1, molar = k < 3 || k > 10;
      const y = 0.52 - 0.1 * ((x - 0.5) / 0.34) ** 2 + up * 0.045, tilt = (x - 0.5) * 0.5 * -up, lean = Math.sin(tilt);
      for (const dr of molar ? [-0.011, 0.011] : [0]) { // roots taper towards the apex
        const mid: Pt = [x + dr + lean * 0.07, y + up * 0.07];
        seg(c, [x + dr, y], mid, molar ? 0.01 : 0.013, 0.6);
        seg(c, mid, [x + dr * 1.3 + lean * 0.14, y + up * 0.14], molar ? 0.006 : 0.008, 0.6);
      }
      el(c, x, y, molar ? 0.025 : 0.021, 0.045, 0.9, 0.25, tilt);
      el(c, x, y + up * 0.02, molar ? 0.009 : 0.007, 0.025, 0.45, 0.8, tilt); // pulp chamber
    }
    return { x: r() < 0.5 ? 0.3 : 0.7, y: 0.69, r: 0.025 };
  },
  pelvic_cavity(c, r) { // transabdominal pelvic ultrasound
    c.px.fill(0.3);
    el(c, 0.5, 0.36, 0.17, 0.11, 0.03);
    el(c, 0.5, 0.58, 0.2, 0.1, 0.1, 1, 0, true); // acoustic enhancement behind the full bladder
    const rot = -0.15 + jit(r, 0.1);
    els(c, [[0.52, 0.57, 0.18, 0.1, 0.5, 0.3, rot], [0.52, 0.57, 0.12, 0.018, 0.85, 0.6, rot]]);
    for (const [ox, oy] of [[0.24, 0.62], [0.79, 0.63]] as const) {
      el(c, ox, oy, 0.065, 0.045, 0.42, 0.3);
      for (let i = 0; i < 3; i++) el(c, ox + jit(r, 0.03), oy + jit(r, 0.015), 0.013, 0.013, 0.05, 0.3);
    }
    mask(c, fan(0.5, 0.04, 0.92, 0.55));
    return { x: 0.52, y: 0.58, r: 0.05 };
  },
};

/** Bilinear resampling of the square canvas to n x n. */
function upscale({ n: m, px }: Canvas, n: number): Float32Array {
  const out = new Float32Array(n * n), idx = new Int32Array(n), frac = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const s = Math.min(m - 1, Math.max(0, ((i + 0.5) * m) / n - 0.5));
    idx[i] = Math.min(m - 2, Math.floor(s));
    frac[i] = s - idx[i]!;
  }
  for (let y = 0; y < n; y++) {
    const r0 = idx[y]! * m, r1 = r0 + m, fy = frac[y]!;
    for (let x = 0; x < n; x++) {
      const i = idx[x]!, fx = frac[x]!;
      const top = px[r0 + i]! + (px[r0 + i + 1]! - px[r0 + i]!) * fx;
      const bot = px[r1 + i]! + (px[r1 + i + 1]! - px[r1 + i]!) * fx;
      out[y * n + x] = top + (bot - top) * fy;
    }
  }
  return out;
}

/** Adds noise and converts to bytes. The PRNG step is inlined: a call per pixel made this the slowest loop. */
function quantize(px: Float32Array, noise: number, seed: number): Uint8Array {
  const out = new Uint8Array(px.length);
  const k = (noise / 147.8) * 255; // the sum of a word's four bytes is a cheap bell curve: mean 510, sd ~147.8
  let a = seed | 0;
  for (let i = 0; i < out.length; i++) {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    t ^= t >>> 14;
    const v = px[i]! * 255 + ((t & 255) + ((t >>> 8) & 255) + ((t >>> 16) & 255) + ((t >>> 24) & 255) - 510) * k + 0.5;
    out[i] = v <= 0 ? 0 : v >= 255 ? 255 : v; // Uint8Array truncates, so the +0.5 rounds
  }
  return out;
}

export function phantomPng(kind: PhantomKind, options: PhantomOptions = {}): Uint8Array {
  const n = options.size ?? 256;
  if (!Number.isInteger(n) || n < 8 || n > 4096) throw new RangeError(`phantom size must be an integer in 8..4096, got ${n}`);
  const draw = DRAW[kind];
  if (!draw) throw new RangeError(`unknown phantom kind: ${String(kind)}`);
  const word = mulberry32(options.seed ?? 1), rng: Rng = () => word() / 4294967296;
  const m = Math.min(n, DRAW_SIZE), c: Canvas = { n: m, px: new Float32Array(m * m) };
  const site = draw(c, rng);
  if (options.lesion ?? true) {
    const a = rng() * 2 * PI, d = rng() * site.r, rad = site.r * (0.45 + rng() * 0.5), bright = rng() < 0.5;
    const ry = rad * (0.7 + rng() * 0.3);
    el(c, site.x + Math.cos(a) * d, site.y + Math.sin(a) * d, rad, ry, bright ? 0.35 : -0.3, 0.5, rng() * 3, true);
  }
  if (site.flip) for (let y = 0; y < m; y++) c.px.subarray(y * m, y * m + m).reverse();
  const noise = Math.min(1, Math.max(0, options.noise ?? 0.08));
  return encodeGrayscalePng(n, n, quantize(m === n ? c.px : upscale(c, n), noise, word()));
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, i) => {
  let c = i;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Encodes 8-bit grayscale pixels (row-major, width*height bytes) as a PNG file. */
export function encodeGrayscalePng(width: number, height: number, pixels: Uint8Array): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`PNG dimensions must be positive integers, got ${width}x${height}`);
  }
  if (pixels.length !== width * height) throw new RangeError(`expected ${width * height} pixels, got ${pixels.length}`);
  const raw = new Uint8Array(height * (width + 1)); // each row: filter byte 0 (None), then the pixels
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, width);
  new DataView(ihdr.buffer).setUint32(4, height);
  ihdr.set([8, 0, 0, 0, 0], 8); // bit depth 8, colour type 0 (grayscale), deflate, standard filters, no interlace
  const chunks: [string, Uint8Array][] = [['IHDR', ihdr], ['IDAT', deflateSync(raw)], ['IEND', new Uint8Array(0)]];
  const out = new Uint8Array(8 + chunks.reduce((s, [, d]) => s + 12 + d.length, 0));
  const view = new DataView(out.buffer);
  out.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let p = 8;
  for (const [type, data] of chunks) {
    view.setUint32(p, data.length);
    for (let i = 0; i < 4; i++) out[p + 4 + i] = type.charCodeAt(i);
    out.set(data, p + 8);
    view.setUint32(p + 8 + data.length, crc32(out.subarray(p + 4, p + 8 + data.length)));
    p += 12 + data.length;
  }
  return out;
}

import type { TopLevelSpec } from 'vega-lite';

/**
 * Colours that follow the page: axes, labels and gridlines are drawn in `currentColor`, so one SVG
 * reads in light mode, dark mode and print (the page's CSS sets `color`). The background stays
 * transparent for the same reason.
 */
export const CHART_CONFIG = {
  background: 'transparent',
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  view: { stroke: null },
  axis: {
    labelColor: 'currentColor',
    titleColor: 'currentColor',
    domainColor: 'currentColor',
    tickColor: 'currentColor',
    gridColor: 'currentColor',
    gridOpacity: 0.15,
    labelFontSize: 12,
    titleFontSize: 12,
    titleFontWeight: 600,
  },
  legend: { labelColor: 'currentColor', titleColor: 'currentColor', labelFontSize: 12, titleFontSize: 12, labelLimit: 320 },
  header: { labelColor: 'currentColor', titleColor: 'currentColor', labelFontSize: 12, labelFontWeight: 600 },
  title: { color: 'currentColor', fontSize: 13, anchor: 'start' },
  text: { fill: 'currentColor' },
  range: { category: ['#4c78a8', '#f58518', '#54a24b', '#b279a2', '#e45756', '#72b7b2', '#9d755d', '#eeca3b', '#ff9da6', '#bab0ac'] },
} as const;

/** Compiles a Vega-Lite spec and renders it to SVG text in Node: no browser, no canvas, no network. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  // Loaded on first use: the CLI should not pay for vega unless it draws.
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vegaLite.compile({ ...spec, config: { ...CHART_CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec).spec;
  // A loader that refuses everything: specs carry their data inline, and a report must not fetch.
  const loader = vega.loader();
  loader.load = async () => {
    throw new Error('charts carry their data inline; nothing is loaded');
  };
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', loader });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

import { el } from './dom.js';

/**
 * An image that can be looked at closely: buttons and the mouse wheel zoom (1x to 8x), dragging pans,
 * a double click toggles 2.5x, and keys + / - / 0 work while the image has focus.
 * @param {string} src @param {string} alt
 */
export function zoomableImage(src, alt) {
  let scale = 1;
  let x = 0;
  let y = 0;
  const img = /** @type {HTMLImageElement} */ (el('img', { src, alt, draggable: 'false', id: 'case-image' }));
  const level = el('span', { class: 'zoom-level', 'aria-live': 'polite' }, '100%');
  const stage = el('div', { class: 'zoom-stage', tabindex: '0', 'aria-label': `${alt}; use + and - to zoom, arrow keys with Shift to pan` }, img);
  const failed = el('div', { class: 'notice error image-error', hidden: true });

  const apply = () => {
    img.style.transform = `translate(${x}px, ${y}px) scale(${scale})`;
    level.textContent = `${Math.round(scale * 100)}%`;
    stage.classList.toggle('zoomed', scale > 1);
  };
  const zoom = (/** @type {number} */ next) => {
    scale = Math.min(8, Math.max(1, next));
    if (scale === 1) x = y = 0;
    apply();
  };
  stage.addEventListener('wheel', (e) => {
    e.preventDefault();
    zoom(scale * (e.deltaY < 0 ? 1.25 : 0.8));
  }, { passive: false });
  stage.addEventListener('dblclick', () => zoom(scale > 1 ? 1 : 2.5));
  stage.addEventListener('keydown', (e) => {
    if (e.key === '+' || e.key === '=') zoom(scale * 1.25);
    else if (e.key === '-') zoom(scale * 0.8);
    else if (e.key === '0') zoom(1);
    else return;
    e.stopPropagation();
  });
  let drag = null;
  stage.addEventListener('pointerdown', (e) => {
    if (scale === 1) return;
    drag = { startX: e.clientX - x, startY: e.clientY - y };
    stage.setPointerCapture(e.pointerId);
  });
  stage.addEventListener('pointermove', (e) => {
    if (!drag) return;
    x = e.clientX - drag.startX;
    y = e.clientY - drag.startY;
    apply();
  });
  stage.addEventListener('pointerup', () => (drag = null));
  img.addEventListener('error', () => {
    // The API says why (dataset moved or changed); fetch the message to show it.
    fetch(src).then((r) => r.json()).then((b) => { failed.textContent = b.error ?? 'The image could not be loaded.'; }).catch(() => { failed.textContent = 'The image could not be loaded.'; });
    failed.hidden = false;
    stage.hidden = true;
  });

  return el('figure', { class: 'image-viewer' },
    stage, failed,
    el('figcaption', { class: 'zoom-controls' },
      el('button', { type: 'button', onclick: () => zoom(scale * 0.8), 'aria-label': 'Zoom out' }, '−'),
      level,
      el('button', { type: 'button', onclick: () => zoom(scale * 1.25), 'aria-label': 'Zoom in' }, '+'),
      el('button', { type: 'button', onclick: () => zoom(1) }, 'Fit'),
      el('span', { class: 'muted small' }, 'scroll to zoom · drag to move')));
}

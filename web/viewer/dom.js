// Builds DOM from data. Strings always become text nodes and attributes are set one by one, so model
// output and dataset text can never become markup: there is no innerHTML anywhere in the viewer.

/**
 * @param {string} tag
 * @param {Record<string, unknown> | null} [attrs] class, dataset-*, aria-*, on<event> handlers, other attributes
 * @param {...unknown} children strings, numbers, nodes, arrays of them; null and false are skipped
 */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), /** @type {EventListener} */ (value));
    else if (key === 'class') node.className = String(value);
    // Through the CSSOM: the page's policy refuses style attributes.
    else if (key === 'style' && typeof value === 'object') Object.assign(node.style, value);
    else if (key === 'value' && 'value' in node) /** @type {HTMLInputElement} */ (node).value = String(value);
    else if (key === 'checked' && 'checked' in node) /** @type {HTMLInputElement} */ (node).checked = Boolean(value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

/** @param {Node} parent @param {unknown[]} children */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** @param {Node} node @param {...unknown} children */
export function replace(node, ...children) {
  node.textContent = '';
  append(node, children);
  return node;
}

// Shared by the annotation and admin pages. Plain browser JavaScript, no build step, nothing
// fetched from elsewhere. Text from the server is only ever put on the page with textContent.

/** The secret token from the link's #fragment, kept for this tab only, then removed from the address bar. */
export function takeToken() {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (match) {
    sessionStorage.setItem('mrb-token', match[1]);
    history.replaceState(null, '', location.pathname);
  }
  return sessionStorage.getItem('mrb-token');
}

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

export function api(token) {
  return async function call(method, path, body) {
    const response = await fetch(path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      let message = `${response.status} ${response.statusText}`;
      try {
        message = (await response.json()).error ?? message;
      } catch {}
      throw new ApiError(message, response.status);
    }
    const type = response.headers.get('content-type') ?? '';
    return type.includes('application/json') ? response.json() : response.blob();
  };
}

/** An element with text (never HTML) and attributes. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const child of children) node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  return node;
}

export function refuse(message) {
  document.body.replaceChildren(el('main', { class: 'refused', role: 'alert' }, el('h1', {}, 'No access'), el('p', {}, message)));
}

// A tiny element builder. Text always goes in through textContent, never as HTML: visitor
// messages are untrusted, and the page runs under a CSP without inline scripts or styles.

/**
 * el("li", { class: "item", "aria-current": "true", onclick: fn }, "text", childNode)
 * Attributes whose value is false, null or undefined are left out; `on*` keys add listeners.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (key.startsWith("on") && typeof value === "function") {
      node.addEventListener(key.slice(2), value);
    } else {
      node.setAttribute(key, value === true ? "" : String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces every child of `node`. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
}

/** Time of day for a message, in the agent's locale. */
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
export function clock(ms) {
  return timeFormat.format(new Date(ms));
}

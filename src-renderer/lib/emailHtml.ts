// An email's HTML made safe to show inside the app: DOMPurify removes scripts, event handlers,
// forms, frames and styles sheets; on top of that nothing may reach the network (a tracking pixel
// tells the sender the message was read, and when): remote images are dropped and counted, inline
// images (cid:<attachment id>) come from the attachments stored with the message, links keep their
// text and show where they pointed but do not navigate, and style attributes are applied through
// the CSSOM (which the app's CSP allows, unlike inline style markup) without any url() or positioning.
import DOMPurify from 'dompurify';

export interface SafeEmail {
  /** The sanitised body, ready to be appended to a container. */
  fragment: DocumentFragment;
  /** Remote images and backgrounds left out. */
  blockedRemote: number;
}

const FORBID_TAGS = ['style', 'link', 'meta', 'base', 'form', 'input', 'button', 'select', 'textarea', 'iframe', 'frame', 'frameset', 'object', 'embed', 'audio', 'video', 'source', 'track', 'svg', 'math', 'template'];
const FORBID_ATTR = ['srcset', 'background', 'poster', 'action', 'formaction', 'ping', 'lowsrc', 'dynsrc', 'longdesc'];
/** CSS properties an email may not set on its elements: they would reach outside its box or the network. */
const STYLE_CARRIER = 'data-kartoteka-style';
const FORBIDDEN_CSS = /^(position|z-index|inset|top|left|right|bottom|content|cursor|pointer-events|behavior|-moz-binding)$/i;

/**
 * @param cidSource the data: URL of the attachment a cid: reference names (null: not stored here).
 */
export function sanitiseEmailHtml(html: string, cidSource: (attachmentId: string) => string | null): SafeEmail {
  let blockedRemote = 0;
  const purify = DOMPurify(window);
  // A style attribute must not reach the app's document as markup (the CSP refuses it, loudly): it
  // is carried in a data attribute and applied through the CSSOM once the body is sanitised.
  const styles = new Map<Node, string>();
  purify.addHook('uponSanitizeAttribute', (node, data) => {
    if (data.attrName !== 'style') return;
    styles.set(node, data.attrValue);
    data.keepAttr = false;
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (!('setAttribute' in node)) return;
    const style = styles.get(node);
    if (style !== undefined) node.setAttribute(STYLE_CARRIER, style);
    if (node.hasAttribute('src')) {
      const src = node.getAttribute('src') ?? '';
      const cid = /^cid:(.+)$/i.exec(src.trim());
      const local = cid ? cidSource(cid[1]!) : /^data:image\/(png|gif|jpeg|webp|bmp);/i.test(src) ? src : null;
      if (local) node.setAttribute('src', local);
      else {
        if (/^(https?:)?\/\//i.test(src.trim())) blockedRemote += 1;
        node.removeAttribute('src');
        node.setAttribute('data-blocked', 'remote');
      }
    }
    if (node.tagName === 'A') {
      const href = node.getAttribute('href');
      node.removeAttribute('href');
      node.removeAttribute('target');
      if (href) node.setAttribute('title', href);
    }
  });
  const fragment = purify.sanitize(html, {
    FORBID_TAGS,
    FORBID_ATTR,
    ALLOW_DATA_ATTR: false,
    WHOLE_DOCUMENT: false,
    RETURN_DOM_FRAGMENT: true,
  });
  for (const el of fragment.querySelectorAll<HTMLElement>(`[${STYLE_CARRIER}]`)) {
    const css = el.getAttribute(STYLE_CARRIER) ?? '';
    el.removeAttribute(STYLE_CARRIER);
    if (/url\s*\(/i.test(css)) blockedRemote += (css.match(/url\s*\(\s*['"]?\s*(https?:)?\/\//gi) ?? []).length;
    applyStyle(el, css);
  }
  return { fragment, blockedRemote };
}

/** Sets each declaration through the CSSOM, leaving out any url() and anything that positions. */
function applyStyle(el: HTMLElement, css: string): void {
  const probe = document.createElement('div').style;
  probe.cssText = css.replace(/url\s*\([^)]*\)/gi, 'none');
  for (let i = 0; i < probe.length; i++) {
    const property = probe.item(i);
    if (FORBIDDEN_CSS.test(property)) continue;
    el.style.setProperty(property, probe.getPropertyValue(property), probe.getPropertyPriority(property));
  }
}

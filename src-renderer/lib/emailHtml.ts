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
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (!('setAttribute' in node)) return;
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
  const fragment = purify.sanitize(withoutInlineStyleMarkup(html), {
    FORBID_TAGS,
    FORBID_ATTR,
    ADD_ATTR: [STYLE_CARRIER],
    // Its value is CSS, not an address: not checked as one (applyStyle checks it declaration by declaration).
    ADD_URI_SAFE_ATTR: [STYLE_CARRIER],
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

/**
 * Inline style and script markup never reaches a parser: the parsing document inherits the app's
 * CSP, which refuses them (and says so on the console for each). Style and script elements go; a
 * style attribute is renamed to a data attribute, whose declarations are applied through the CSSOM
 * once sanitised; an event handler attribute is renamed to one DOMPurify then drops. DOMPurify
 * remains what makes the body safe: this only keeps the refusals quiet.
 */
function withoutInlineStyleMarkup(html: string): string {
  return html
    .replace(/<(style|script)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/(<[a-z][^>]*?[\s"'/])style(\s*=)/gi, `$1${STYLE_CARRIER}$2`)
    .replace(/(<[a-z][^>]*?[\s"'/])(on[a-z]+\s*=)/gi, '$1data-blocked-$2');
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

/**
 * Data on demand: a figure's static SVG needs no data, so the grids behind its interaction are fetched (from the
 * static data/ files, same origin) only when the reader approaches the figure — pointer, touch or keyboard focus —
 * or at once on a narrow screen, where the figure is redrawn at its real width. This keeps the first view small
 * however many figures the article has.
 */
const cache = new Map<string, Promise<unknown>>();

/** The `artifact` of a data/<experiment>/<artifact>.json file, fetched once per page. */
export function fetchArtifact<T>(url: string): Promise<T> {
  if (!cache.has(url))
    cache.set(url, fetch(url).then((r) => (r.ok ? r.json() : Promise.reject(new Error(`${url}: HTTP ${r.status}`)))).then((j) => (j as { artifact: T }).artifact));
  return cache.get(url) as Promise<T>;
}

/**
 * Run `fn` once, when `el` comes within a screen's height of the viewport: a phone's figure is redrawn at its real
 * width before the reader reaches it, without fetching the data of figures far down the page with the first view.
 */
export function onNearViewport(el: HTMLElement, fn: () => void): void {
  if (typeof IntersectionObserver === 'undefined') return fn();
  const io = new IntersectionObserver(
    (entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      io.disconnect();
      fn();
    },
    { rootMargin: '100% 0px' },
  );
  io.observe(el);
}

/** Run `fn` once, on the first pointer, touch or focus inside `el`. */
export function onFirstApproach(el: HTMLElement, fn: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    fn();
  };
  for (const type of ['pointerenter', 'touchstart', 'focusin'] as const) el.addEventListener(type, once, { once: true, passive: true });
}

/**
 * Make a static SVG focusable before its data arrives, and hand over to the interactive one: keys pressed while the
 * data loads are replayed on the replacement, and focus moves to it; a first tap is replayed as a tap on it.
 */
export function bridgeStaticSvg(svg: SVGSVGElement, label: string, whenReady: () => Promise<SVGSVGElement | null>): void {
  svg.setAttribute('tabindex', '0');
  svg.setAttribute('aria-label', label);
  svg.removeAttribute('aria-labelledby');
  const pending: KeyboardEvent[] = [];
  const onKey = (e: KeyboardEvent) => {
    if (!e.key.startsWith('Arrow') && e.key !== 'Home') return;
    e.preventDefault();
    pending.push(e);
  };
  svg.addEventListener('keydown', onKey);
  // A tap (or click) on the static drawing reads the value under it once the interactive one has replaced it: on a
  // phone the first touch is what loads the data, and it must not be lost.
  svg.addEventListener(
    'pointerdown',
    async (e) => {
      const next = await whenReady();
      if (next && next !== svg) next.dispatchEvent(new PointerEvent('pointerdown', { clientX: e.clientX, clientY: e.clientY, pointerType: e.pointerType, bubbles: true }));
    },
    { once: true },
  );
  svg.addEventListener(
    'focus',
    async () => {
      const next = await whenReady();
      if (!next || next === svg) return;
      next.focus();
      for (const e of pending.splice(0)) next.dispatchEvent(new KeyboardEvent('keydown', { key: e.key, shiftKey: e.shiftKey, bubbles: true }));
    },
    { once: true },
  );
}

/**
 * A toggle button that shows and hides `host`, mounting its content (a 3D view: three.js) on the first opening only:
 * the heavy module is imported when the reader asks for it, never with the page.
 */
export function lazyToggle(button: HTMLButtonElement, host: HTMLElement, mount: () => Promise<void>): void {
  let mounted = false;
  button.hidden = false;
  button.addEventListener('click', async () => {
    const open = button.getAttribute('aria-pressed') === 'true';
    button.setAttribute('aria-pressed', String(!open));
    host.hidden = open;
    if (open || mounted) return;
    mounted = true;
    host.textContent = 'Loading the 3D view…';
    await mount();
  });
}

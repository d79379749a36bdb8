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
 * data loads are replayed on the replacement, and focus moves to it.
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

/**
 * The one way a figure comes alive: every figure holding a payload <script type="application/json" class="…"> is
 * hydrated once, with its payload parsed here; and the width a plot is redrawn at, the width its host really has, so
 * its 11 px text stays 11 px on a phone instead of being scaled down with a 560 px drawing.
 */

/** Hydrate each figure that holds a `script.<payloadClass>` once (data-hydrated marks it; a second call is a no-op). */
export function hydrateFigures<P>(payloadClass: string, hydrate: (figure: HTMLElement, payload: P) => void | Promise<void>): void {
  document.querySelectorAll<HTMLScriptElement>(`script.${payloadClass}`).forEach((script) => {
    const figure = script.closest<HTMLElement>('figure');
    if (!figure || figure.dataset.hydrated === 'true' || figure.dataset.hydrating === 'true') return;
    figure.dataset.hydrating = 'true';
    const done = () => {
      figure.dataset.hydrated = 'true';
      delete figure.dataset.hydrating;
    };
    const r = hydrate(figure, JSON.parse(script.textContent ?? 'null') as P);
    if (r instanceof Promise) r.then(done);
    else done();
  });
}

/** The width to draw a plot at: its host's width, within [min, max] (the static drawing's width). */
export function plotWidth(host: HTMLElement, { max = 560, min = 280 } = {}): number {
  return Math.round(Math.min(max, Math.max(min, host.clientWidth || max)));
}

/** Whether the static drawing is wider than its host (it is then scaled down, and its text shrinks): redraw now. */
export function isNarrow(host: HTMLElement, staticWidth: number): boolean {
  return plotWidth(host, { max: staticWidth }) < staticWidth - 16;
}

/** Call `redraw` when the host's width changes by more than a few pixels (rotation, window resize). */
export function onWidthChange(host: HTMLElement, redraw: (width: number) => void): void {
  let last = host.clientWidth;
  new ResizeObserver(() => {
    if (Math.abs(host.clientWidth - last) <= 16) return;
    last = host.clientWidth;
    redraw(host.clientWidth);
  }).observe(host);
}

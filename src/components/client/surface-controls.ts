/** The view / metric / log switches of SurfaceControls.astro, found in a figure and wired to its redraw. */
export interface SurfaceControlElements {
  metricSel: HTMLSelectElement;
  viewSel: HTMLSelectElement;
  logBox: HTMLInputElement;
  /** Compared panels only: levels above each panel's minimum or absolute. */
  referenceSel: HTMLSelectElement | null;
}

export function surfaceControls(figure: HTMLElement): SurfaceControlElements {
  return {
    metricSel: figure.querySelector<HTMLSelectElement>('select.metric')!,
    viewSel: figure.querySelector<HTMLSelectElement>('select.view')!,
    logBox: figure.querySelector<HTMLInputElement>('input.log')!,
    referenceSel: figure.querySelector<HTMLSelectElement>('select.reference'),
  };
}

/** Redraw on every switch; the log box follows the metric (losses span decades, accuracies do not) until the reader sets it. */
export function onSurfaceControls({ metricSel, viewSel, logBox, referenceSel }: SurfaceControlElements, render: () => void): void {
  referenceSel?.addEventListener('change', render);
  metricSel.addEventListener('change', () => {
    if (!logBox.dataset.touched) logBox.checked = metricSel.value.endsWith('Loss');
    render();
  });
  viewSel.addEventListener('change', render);
  logBox.addEventListener('change', () => {
    logBox.dataset.touched = 'true';
    render();
  });
}

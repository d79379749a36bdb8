/**
 * Browser side of DirectionCurves: the radio switch shows one normalization's panels and hides the other's. Both are
 * static SVG in the page already, so nothing is fetched or redrawn; without this script the filter-normalized view
 * and a note stay, and the switch stays hidden.
 */
function show(figure: HTMLElement, state: string): void {
  figure.querySelectorAll<HTMLElement>('.direction-state').forEach((el) => (el.hidden = el.dataset.state !== state));
  figure.dataset.state = state;
}

function hydrate(figure: HTMLElement): void {
  const controls = figure.querySelector<HTMLFieldSetElement>('.direction-switch')!;
  controls.hidden = false;
  figure.querySelector<HTMLElement>('.direction-nojs')?.setAttribute('hidden', '');
  const radios = [...controls.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
  radios.forEach((r) => r.addEventListener('change', () => r.checked && show(figure, r.value)));
  // A reload may restore a checked radio other than the server's default: show what is checked.
  show(figure, radios.find((r) => r.checked)?.value ?? 'filter');
  figure.dataset.hydrated = 'true';
}

export function hydrateDirectionCurves(): void {
  document.querySelectorAll<HTMLElement>('figure.direction-curves').forEach((f) => f.dataset.hydrated !== 'true' && hydrate(f));
}

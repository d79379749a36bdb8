/** Browser side of ConvexityFigure: hover/keyboard readout of λmin, λmax and |λmin/λmax| on the static heatmap. */
import { contourLayout } from '../../lib/plots/contour';
import { formatCoord, formatTick } from '../../lib/format';
import { attachGridCursor } from './grid-cursor';
import { fetchArtifact, onFirstApproach } from './lazy';

interface ConvexityPayload {
  x: number[];
  y: number[];
  /** data/ file with lambdaMin, lambdaMax, ratio: fetched on first approach. */
  src: string;
  /** Sizes of the wide and narrow twins (ResponsivePlot), in document order. */
  sizes: Array<{ width: number; height: number }>;
}

interface ConvexityData {
  lambdaMin: Array<number | null>;
  lambdaMax: Array<number | null>;
  ratio: Array<number | null>;
}

const f = (v: number | null) => (v === null ? 'n/a' : formatTick(v));

function hydrate(figure: HTMLElement): void {
  const d = JSON.parse(figure.querySelector('script.convexity-data')!.textContent!) as ConvexityPayload;
  const readout = figure.querySelector<HTMLOutputElement>('.readout')!;
  readout.hidden = false;
  readout.textContent = 'Hover the map, or focus it and use the arrow keys.';
  const load = () => fetchArtifact<ConvexityData>(d.src);
  onFirstApproach(figure, () => void load());
  // The heatmap is not redrawn: the cursor goes on the static SVG, values arrive with the data.
  figure.querySelectorAll<SVGSVGElement>('.figure-plot svg').forEach((svg, n) => attachGridCursor(svg, {
    x: d.x,
    y: d.y,
    layout: contourLayout(d, d.sizes[n]),
    cursor: { i: Math.floor(d.x.length / 2), j: Math.floor(d.y.length / 2) },
    label: 'Convexity map. Arrow keys move the readout.',
    live: readout,
    onMove: async ({ i, j }) => {
      const v = await load();
      const k = j * d.x.length + i;
      readout.textContent = `α ${formatCoord(d.x[i])}, β ${formatCoord(d.y[j])}: λmin ${f(v.lambdaMin[k])}, λmax ${f(v.lambdaMax[k])}, |λmin/λmax| ${f(v.ratio[k])}`;
    },
  }));
  figure.dataset.hydrated = 'true';
}

export function hydrateConvexityFigures(): void {
  document.querySelectorAll<HTMLElement>('script.convexity-data').forEach((s) => {
    const fig = s.closest<HTMLElement>('figure');
    if (fig && fig.dataset.hydrated !== 'true') hydrate(fig);
  });
}

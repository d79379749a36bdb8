/** Browser side of ConvexityFigure: hover/tap/keyboard readout of λmin, λmax and |λmin/λmax| on the static heatmap. */
import { contourLayout } from '../../lib/plots/contour';
import { convexityReadout } from '../../lib/readout';
import { attachGridCursor } from './grid-cursor';
import { fetchArtifact, onFirstApproach } from './lazy';
import { hydrateFigures } from './hydrate';

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


function hydrate(figure: HTMLElement, d: ConvexityPayload): void {
  const readout = figure.querySelector<HTMLOutputElement>('.readout')!;
  readout.hidden = false;
  readout.textContent = 'Hover or tap the map, or focus it and use the arrow keys.';
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
      readout.textContent = convexityReadout({ x: d.x, y: d.y, ...v }, { i, j });
    },
  }));
}

export function hydrateConvexityFigures(): void {
  hydrateFigures<ConvexityPayload>('convexity-data', hydrate);
}

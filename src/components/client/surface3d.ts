/**
 * The 3D view of a surface (three.js), loaded only when the reader asks for it: a lit height field over (α, β) with
 * the same colors as the 2D figure, axes with ticks, a pin at θ* (α = β = 0), rotate by dragging or arrow keys, zoom
 * by wheel / pinch or + / −. Renders on demand, never in a loop.
 *
 * All views of a page share ONE WebGL renderer, offscreen: a view renders its scene there and copies the pixels into
 * its own 2D canvas, then draws its text on top. So a figure with six panels costs one WebGL context, not six
 * (browsers drop the oldest context past about 16), and labels are crisp canvas text at the page's font size.
 *
 * The camera never clips the picture: it orbits the centre of a sphere around everything drawn (box, axes, labels),
 * and never comes closer than the distance at which that sphere fits the narrower field of view (see cameraLimits).
 */
import { BufferAttribute, BufferGeometry, Color, DirectionalLight, DoubleSide, Float32BufferAttribute, HemisphereLight, LineBasicMaterial, LineSegments, Mesh, MeshBasicMaterial, MeshLambertMaterial, PerspectiveCamera, PlaneGeometry, Scene, Sphere, SphereGeometry, Vector3, WebGLRenderer } from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import { scaleLinear } from 'd3';
import { logTicks } from '../../lib/scales';
import { formatTick } from '../../lib/format';

export interface SurfaceValues {
  values: Array<number | null>;
  domain: [number, number];
  log: boolean;
  colorOf: (v: number) => string;
  /** What the height shows ("train loss"); kept from the last call when absent. */
  label?: string;
}
export type Surface3DInput = SurfaceValues & { x: number[]; y: number[] };

/** Height of the top of the value scale; the base is the square [-1, 1]² at height 0. */
export const TOP = 1;
const FOV = 30;
const ZOOM = 1 / 1.15; // step of the + / − keys
const FONT = '12px system-ui, sans-serif';
const TITLE_FONT = '600 13px system-ui, sans-serif';
/** Pixels kept free at the canvas edges at least: the top strip holds the value axis's title. */
const TITLE_STRIP = 24;

/** Height in [0, top] of a value on the (log) domain; missing values at the top, like the 2D figure. */
export function heightOf(v: number | null, [lo, hi]: [number, number], log: boolean, top = TOP): number {
  if (v === null || !Number.isFinite(v)) return top;
  const t = log ? (Math.log(Math.max(v, lo)) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)) : (v - lo) / (hi - lo);
  return top * Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
}

/** Position on the base ([-1, 1]) of a coordinate of an ascending axis. */
export const baseOf = (axis: number[], v: number) => -1 + (2 * (v - axis[0])) / (axis[axis.length - 1] - axis[0]);

/** α / β ticks: d3's nice linear ticks (-1, -0.5, 0, 0.5, 1 on [-1, 1]). */
export const axisTicks = (axis: number[]) => scaleLinear().domain([axis[0], axis[axis.length - 1]]).ticks(4);

/** Base position halfway between the two ticks nearest the axis's middle: where its title goes. */
export function between(axis: number[], ticks: number[]): number {
  const pos = ticks.map((t) => baseOf(axis, t)).sort((p, q) => Math.abs(p) - Math.abs(q));
  return pos.length < 2 ? 0 : (pos[0] + pos[1]) / 2;
}

/** Ticks of the value axis, log-spaced on a log scale (decades, or 1-2-5), inside the domain. */
export function valueTicks(domain: [number, number], log: boolean): number[] {
  const ts = log ? logTicks(domain, 4) : scaleLinear().domain(domain).ticks(4);
  const eps = 1e-9 * Math.abs(domain[1] - domain[0]);
  return ts.filter((t) => t >= domain[0] - eps && t <= domain[1] + eps);
}

/**
 * Where θ* (α = β = 0) sits on the surface: heights bilinearly interpolated, on the base's coordinates; null when 0
 * is outside the grid (a plane that does not contain the trained weights).
 */
export function markerAt(x: number[], y: number[], heights: ArrayLike<number>): Vector3 | null {
  const cell = (axis: number[]) => {
    if (!(axis[0] <= 0 && 0 <= axis[axis.length - 1])) return null;
    const k = Math.max(0, Math.min(axis.length - 2, axis.findIndex((v, n) => v <= 0 && 0 <= axis[n + 1])));
    return { k, t: axis[k + 1] === axis[k] ? 0 : -axis[k] / (axis[k + 1] - axis[k]) };
  };
  const [cx, cy] = [cell(x), cell(y)];
  if (!cx || !cy) return null;
  const h = (i: number, j: number) => heights[j * x.length + i];
  const z = (1 - cy.t) * ((1 - cx.t) * h(cx.k, cy.k) + cx.t * h(cx.k + 1, cy.k)) + cy.t * ((1 - cx.t) * h(cx.k, cy.k + 1) + cx.t * h(cx.k + 1, cy.k + 1));
  return new Vector3(baseOf(x, 0), baseOf(y, 0), z);
}

/** Colors of everything but the surface, for the page's light or dark scheme. */
export function theme3d(dark: boolean) {
  return dark
    ? { background: '#1b1b20', axis: '#a9a9b2', grid: '#3a3a42', text: '#e8e8ea', halo: '#1b1b20', marker: '#ff6b6b', missing: '#8a8a8a' }
    : { background: '#ffffff', axis: '#5b5b66', grid: '#d8d8d2', text: '#1b1b1f', halo: '#ffffff', marker: '#d62828', missing: '#888888' };
}

// Where labels go, outside the base square: α below its front edge, β right of its side edge, values at the left
// corner. Close to the square: every unit out here widens the sphere the camera must keep in view.
const OUT = 0.15;
const TITLE_OUT = 0.34;
/** α / β labels a little below the base: on screen they move down, away from the value axis's lowest label. */
const BELOW = -0.05;
const PIN_ABOVE = 0.14;
const PIN_TOP = TOP + PIN_ABOVE;

export type Label = { at: Vector3; text: string; font: string; marker?: boolean };

/** The α / β tick labels and titles of a grid (titles between the two middle ticks, clear of tick labels). */
export function baseLabels(x: number[], y: number[]): Label[] {
  const [xt, yt] = [axisTicks(x), axisTicks(y)];
  return [
    ...xt.map((t) => ({ at: new Vector3(baseOf(x, t), -1 - OUT, BELOW), text: formatTick(t), font: FONT })),
    ...yt.map((t) => ({ at: new Vector3(1 + OUT, baseOf(y, t), BELOW), text: formatTick(t), font: FONT })),
    { at: new Vector3(between(x, xt), -1 - TITLE_OUT, BELOW), text: 'α', font: TITLE_FONT },
    { at: new Vector3(1 + TITLE_OUT, between(y, yt), BELOW), text: 'β', font: TITLE_FONT },
  ];
}

/**
 * Every point the picture can reach, whatever the values: the box [-1, 1]² × [0, top], the α / β labels, the value
 * axis's labels (anywhere from 0 to top) and the pin's label: what the camera must keep in view.
 */
export function sceneAnchors(x: number[], y: number[], top = TOP): Vector3[] {
  const pts = baseLabels(x, y).map((l) => l.at);
  for (const a of [-1, 1]) for (const b of [-1, 1]) for (const z of [0, top]) pts.push(new Vector3(a, b, z));
  pts.push(new Vector3(-1 - OUT, -1, 0), new Vector3(-1 - OUT, -1, top), new Vector3(0, 0, top + PIN_ABOVE + 0.07));
  return pts;
}

/**
 * The sphere around points, centred on the middle of the box [-1, 1]² × [0, top] by default: the surface is what the
 * reader turns, so it stays in the middle of the picture, and the labels (spread around it) barely widen the sphere.
 */
export function boundingSphere(points: Vector3[], center = new Vector3(0, 0, TOP / 2)): Sphere {
  return new Sphere(center.clone(), Math.sqrt(Math.max(...points.map((p) => p.distanceToSquared(center)))));
}

/**
 * The least camera distance at which a sphere of `radius` (around the look-at point) stays inside the picture from
 * EVERY direction, with `margin` pixels left free on each side for text drawn around its anchors: the sphere fits
 * the cone inscribed in the frustum, whose half-angle is the smaller of the vertical and horizontal half-fields of
 * view (shrunk by the margin), when distance ≥ radius / sin(half-angle).
 */
export function fitDistance(radius: number, { fovY, width, height, margin = 0 }: { fovY: number; width: number; height: number; margin?: number }): number {
  const tanV = Math.tan((fovY * Math.PI) / 360);
  const tanHalf = Math.min(tanV * (1 - (2 * margin) / height), tanV * (width / height) * (1 - (2 * margin) / width));
  if (!(tanHalf > 0)) throw new Error(`fitDistance: a ${width}×${height} view has no room inside a ${margin} px margin`);
  return radius / Math.sin(Math.atan(tanHalf));
}

/**
 * Orbit limits that never clip: no closer than the fit, at most 3× as far, clip planes around the sphere at every
 * allowed distance, and a polar limit that keeps the camera above the base plane (z = 0) even at the far limit.
 */
export function cameraLimits(sphere: Sphere, view: { fovY: number; width: number; height: number; margin?: number }) {
  const minDistance = fitDistance(sphere.radius, view);
  const maxDistance = 3 * minDistance;
  const lift = Math.max(0, sphere.center.z - 0.02);
  return { minDistance, maxDistance, near: Math.max(0.01, 0.5 * (minDistance - sphere.radius)), far: maxDistance + 2 * sphere.radius, maxPolarAngle: Math.acos(-Math.min(1, lift / maxDistance)) };
}

let shared: WebGLRenderer | null | undefined;
/** The page's one WebGL renderer (null where WebGL 2 is unavailable); drawn into at the size of the largest view. */
function sharedRenderer(): WebGLRenderer | null {
  if (shared === undefined) {
    try {
      shared = new WebGLRenderer({ antialias: true });
      shared.setPixelRatio(1);
    } catch {
      shared = null;
    }
  }
  return shared;
}

export interface SurfaceView {
  canvas: HTMLCanvasElement;
  camera: PerspectiveCamera;
  controls: OrbitControls;
  update(v: SurfaceValues): void;
  /** Take another view's camera (linked views): its direction, and its zoom relative to its fit. */
  follow(other: SurfaceView): void;
}

const segments = (pts: number[], color: string) => new LineSegments(new BufferGeometry().setAttribute('position', new Float32BufferAttribute(pts, 3)), new LineBasicMaterial({ color }));

/**
 * A view in `slot` (its canvas fills the slot's width): null where WebGL is unavailable. `onCamera` runs whenever the
 * camera moves, by the reader or by follow().
 */
export function createSurfaceView(slot: HTMLElement, input: Surface3DInput, { name = 'the surface', onCamera }: { name?: string; onCamera?: () => void } = {}): SurfaceView | null {
  const gl = sharedRenderer();
  if (!gl) return null;
  const { x, y } = input;
  const [nx, ny] = [x.length, y.length];
  const canvas = document.createElement('canvas');
  canvas.tabIndex = 0;
  canvas.setAttribute('role', 'img');
  slot.append(canvas);
  const ctx = canvas.getContext('2d')!;
  const dark = window.matchMedia('(prefers-color-scheme: dark)');
  let theme = theme3d(dark.matches);
  let current: SurfaceValues = { ...input, label: input.label ?? 'value' };

  const scene = new Scene();
  const sun = new DirectionalLight(0xffffff, 1.7);
  sun.position.set(0.4, -1.2, 2);
  scene.add(new HemisphereLight(0xffffff, 0x3c3c46, 2.1), sun);
  // The surface: one vertex per grid point, at its own (α, β) (grids need not be evenly spaced).
  const geometry = new PlaneGeometry(2, 2, nx - 1, ny - 1);
  const colors = new Float32Array(nx * ny * 3);
  geometry.setAttribute('color', new BufferAttribute(colors, 3)); // shares `colors` (Float32BufferAttribute would copy it)
  const surface = new Mesh(geometry, new MeshLambertMaterial({ vertexColors: true, side: DoubleSide }));
  const pinHead = new Mesh(new SphereGeometry(0.035, 20, 12), new MeshBasicMaterial());
  scene.add(surface);

  // Base, floor grid and α / β axes: fixed for the grid. Floor a hair below 0, so the lowest point does not flicker.
  const [xt, yt] = [axisTicks(x), axisTicks(y)];
  const [floor, axes]: number[][] = [[], []];
  const fz = -0.004;
  for (const t of xt) floor.push(baseOf(x, t), -1, fz, baseOf(x, t), 1, fz), axes.push(baseOf(x, t), -1, 0, baseOf(x, t), -1 - 0.04, 0);
  for (const t of yt) floor.push(-1, baseOf(y, t), fz, 1, baseOf(y, t), fz), axes.push(1, baseOf(y, t), 0, 1 + 0.04, baseOf(y, t), 0);
  axes.push(-1, -1, 0, 1, -1, 0, 1, -1, 0, 1, 1, 0, -1, 1, 0, 1, 1, 0, -1, -1, 0, -1, 1, 0, -1, -1, 0, -1, -1, TOP);
  const floorLines = segments(floor, theme.grid);
  const axisLines = segments(axes, theme.axis);
  let valueLines = segments([], theme.axis);
  let pin: LineSegments | null = null;
  scene.add(floorLines, axisLines, valueLines);

  let labels: Label[] = [];
  const fixedLabels = baseLabels(x, y);

  const camera = new PerspectiveCamera(FOV, 1, 0.1, 50);
  camera.up.set(0, 0, 1); // before the controls, which take "up" from the camera once
  const controls = new OrbitControls(camera, canvas);
  controls.enablePan = false; // the target stays the sphere's centre: panning could push the picture off the canvas
  const sphere = boundingSphere(sceneAnchors(x, y));
  controls.target.copy(sphere.center);
  camera.position.copy(sphere.center).add(new Vector3(1.25, -1.45, 1.05));
  let [size, margin] = [{ width: 0, height: 0 }, TITLE_STRIP];

  const fit = () => {
    const width = Math.max(200, Math.min(560, Math.round(slot.clientWidth || 560)));
    size = { width, height: Math.round(width * 0.9) };
    canvas.style.width = `${size.width}px`;
    canvas.style.height = `${size.height}px`;
    const limits = cameraLimits(sphere, { fovY: FOV, ...size, margin });
    // Keep the zoom relative to the fit, so a resized canvas (or a label that changed the margin) frames the same.
    const zoom = controls.minDistance > 0 ? controls.getDistance() / controls.minDistance : 1;
    Object.assign(controls, { minDistance: limits.minDistance, maxDistance: limits.maxDistance, maxPolarAngle: limits.maxPolarAngle });
    Object.assign(camera, { near: limits.near, far: limits.far, aspect: size.width / size.height });
    camera.updateProjectionMatrix();
    camera.position.sub(controls.target).setLength(Math.min(3, Math.max(1, zoom)) * limits.minDistance).add(controls.target);
    controls.update();
  };

  const project = new Vector3();
  const draw = () => {
    frame = 0;
    const dpr = Math.min(window.devicePixelRatio || 1, 2);
    const [w, h] = [Math.round(size.width * dpr), Math.round(size.height * dpr)];
    if (canvas.width !== w || canvas.height !== h) Object.assign(canvas, { width: w, height: h });
    const buffer = gl.domElement;
    if (buffer.width < w || buffer.height < h) gl.setSize(Math.max(buffer.width, w), Math.max(buffer.height, h), false);
    gl.setClearColor(theme.background);
    gl.setViewport(0, 0, w, h);
    gl.render(scene, camera);
    // GL's viewport is the buffer's bottom-left corner; copy it before the browser may discard the buffer.
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(buffer, 0, buffer.height - h, w, h, 0, 0, w, h);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    Object.assign(ctx, { textAlign: 'center', textBaseline: 'middle', lineJoin: 'round' });
    for (const l of labels) {
      project.copy(l.at).project(camera);
      if (project.z > 1) continue;
      const px = ((project.x + 1) / 2) * size.width;
      const py = ((1 - project.y) / 2) * size.height;
      ctx.font = l.font;
      // A halo in the background color keeps text readable where it crosses the surface or a line.
      Object.assign(ctx, { lineWidth: 3, strokeStyle: theme.halo, fillStyle: l.marker ? theme.marker : theme.text });
      ctx.strokeText(l.text, px, py);
      ctx.fillText(l.text, px, py);
    }
    // The value axis's title, fixed in the top strip the camera keeps free: as a label in 3D it would be the widest
    // text of all and push the camera away; here it is always upright and readable.
    Object.assign(ctx, { font: TITLE_FONT, textAlign: 'left', textBaseline: 'top', fillStyle: theme.text });
    ctx.fillText(`↑ ${current.label}${current.log ? ', log scale' : ''}`, 6, 5, size.width - 12);
  };
  // The camera as "azimuth polar distance", for tests and linked views; set at once, not on the next frame.
  const report = () => (canvas.dataset.camera = [controls.getAzimuthalAngle(), controls.getPolarAngle(), controls.getDistance()].map((v) => v.toFixed(3)).join(' '));
  let frame = 0;
  const invalidate = () => void (frame ||= requestAnimationFrame(draw));

  const paint = () => {
    (floorLines.material as LineBasicMaterial).color.set(theme.grid);
    for (const l of [axisLines, valueLines]) (l.material as LineBasicMaterial).color.set(theme.axis);
    (pin?.material as LineBasicMaterial | undefined)?.color.set(theme.marker);
    pinHead.material.color.set(theme.marker);
    invalidate();
  };

  const update = (v: SurfaceValues) => {
    current = { ...v, label: v.label ?? current.label };
    const { values, domain, log, colorOf } = current;
    const pos = geometry.getAttribute('position');
    const heights = new Float32Array(nx * ny);
    const c = new Color();
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const k = j * nx + i;
        const vtx = (ny - 1 - j) * nx + i; // PlaneGeometry runs row by row from the top (β = max)
        const val = values[k];
        heights[k] = heightOf(val, domain, log);
        pos.setXYZ(vtx, baseOf(x, x[i]), baseOf(y, y[j]), heights[k]);
        c.set(val === null || !Number.isFinite(val) ? theme.missing : colorOf(val));
        colors.set([c.r, c.g, c.b], vtx * 3);
      }
    pos.needsUpdate = geometry.getAttribute('color').needsUpdate = true;
    geometry.computeVertexNormals();
    geometry.computeBoundingSphere();
    // The value axis: ticks at the left corner, log-spaced on a log scale.
    const vt = valueTicks(domain, log);
    scene.remove(valueLines);
    valueLines = segments(vt.flatMap((t) => [-1, -1, heightOf(t, domain, log), -1 - 0.04, -1, heightOf(t, domain, log)]), theme.axis);
    scene.add(valueLines);
    labels = [
      ...fixedLabels,
      // Offset along -α only: up and left of the corner on screen, clear of the α and β labels below it.
      ...vt.map((t) => ({ at: new Vector3(-1 - OUT, -1, heightOf(t, domain, log)), text: formatTick(t), font: FONT })),
    ];
    // The pin at θ*: a head on the surface and a stem up past the top, so it shows even inside a deep valley.
    const m = markerAt(x, y, heights);
    if (pin) scene.remove(pin, pinHead);
    pin = null;
    if (m) {
      pin = segments([m.x, m.y, m.z, m.x, m.y, PIN_TOP], theme.marker);
      pinHead.position.copy(m);
      scene.add(pin, pinHead);
      labels.push({ at: new Vector3(m.x, m.y, PIN_TOP + 0.07), text: 'θ*', font: TITLE_FONT, marker: true });
    }
    // Text needs room at the canvas edge: the margin is half the widest label (labels are centred on their anchors),
    // and at least the strip the value axis's title takes at the top.
    ctx.font = TITLE_FONT;
    margin = Math.max(TITLE_STRIP, Math.ceil(Math.max(...labels.map((l) => ctx.measureText(l.text).width)) / 2) + 6);
    canvas.setAttribute('aria-label', `3D view of ${current.label} for ${name}. Drag or use the arrow keys to rotate, + and − to zoom.`);
    fit();
    paint();
  };

  controls.addEventListener('change', () => {
    report();
    invalidate();
    onCamera?.();
  });
  canvas.addEventListener('keydown', (e) => {
    const step = e.shiftKey ? 0.4 : 0.12;
    // The same directions as dragging: ArrowLeft turns the picture as a drag to the left does.
    // OrbitControls multiplies the distance by the factor on "dolly in" (its wheel passes 0.95): < 1 comes closer.
    const keys: Record<string, () => void> = { ArrowLeft: () => controls.rotateLeft(-step), ArrowRight: () => controls.rotateLeft(step), ArrowUp: () => controls.rotateUp(-step), ArrowDown: () => controls.rotateUp(step) };
    for (const k of ['+', '=']) keys[k] = () => controls.dollyIn(ZOOM);
    for (const k of ['-', '_']) keys[k] = () => controls.dollyOut(ZOOM);
    if (!(e.key in keys)) return;
    e.preventDefault();
    keys[e.key]();
  });
  dark.addEventListener('change', () => {
    theme = theme3d(dark.matches);
    update(current); // missing values take the theme's grey
  });
  // Refit on a real change of width only (a hidden view measures 0: it keeps its size until shown again).
  new ResizeObserver(() => slot.clientWidth > 0 && Math.abs(Math.min(560, slot.clientWidth) - size.width) > 8 && (fit(), invalidate())).observe(slot);

  update(current);
  report();
  return {
    ...{ canvas, camera, controls, update },
    // Same direction and the same zoom relative to each one's fit: canvases of different sizes frame alike.
    follow(other) {
      const zoom = other.controls.getDistance() / other.controls.minDistance;
      const direction = other.camera.position.clone().sub(other.controls.target).normalize();
      camera.position.copy(controls.target).addScaledVector(direction, zoom * controls.minDistance);
      controls.update();
      invalidate();
    },
  };
}

/** Wording under every 3D view: how to turn it, on a desktop and on touch. */
export const HOW_TO_TURN = 'Drag, or focus the view and use the arrow keys, to rotate; scroll or + / − to zoom. On touch, drag with one finger to rotate, pinch to zoom.';

/** SurfaceFigure's 3D view: one surface, with a note; where WebGL is unavailable it says so instead of failing. */
export function mountSurface3D(host: HTMLElement, input: Surface3DInput) {
  host.textContent = '';
  const view = createSurfaceView(host, input);
  if (!view) {
    host.innerHTML = '<p class="note">The 3D view needs WebGL, which this browser has disabled. The 2D views show the same data.</p>';
    host.dataset.state = 'no-webgl';
    return { update() {} };
  }
  const note = document.createElement('p');
  note.className = 'note note3d';
  let label = input.label ?? 'the value';
  const describe = (v: SurfaceValues) =>
    (note.textContent = `Height and color: ${(label = v.label ?? label)}${v.log ? ' on a log scale' : ''}, same colors as the 2D view; ${v.values.some((u) => u === null || !Number.isFinite(u)) ? 'grey: not finite, drawn at the top; ' : ''}red pin: θ*, the trained weights (α = β = 0). ${HOW_TO_TURN}`);
  describe(input);
  host.append(note);
  host.dataset.state = 'ready';
  return {
    update(v: SurfaceValues) {
      view.update(v);
      describe(v);
    },
  };
}

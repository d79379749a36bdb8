/**
 * The 3D view of a surface (three.js), loaded only when the reader asks for it: a height field over (α, β) with the
 * same colors as the 2D figure, rotate by dragging (or arrow keys when focused), zoom by wheel/pinch (or +/−).
 * Renders on demand, not in a loop. Where WebGL is unavailable it says so instead of failing.
 */
import { BufferAttribute, Color, DirectionalLight, AmbientLight, DoubleSide, Mesh, MeshLambertMaterial, PerspectiveCamera, PlaneGeometry, Scene, WebGLRenderer } from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';

export interface Surface3DInput {
  x: number[];
  y: number[];
  values: Array<number | null>;
  domain: [number, number];
  log: boolean;
  colorOf: (v: number) => string;
}

/** Height in [0, 0.8] of a value on the (log) domain; missing values at the top, like the 2D figure. */
export function heightOf(v: number | null, [lo, hi]: [number, number], log: boolean): number {
  if (v === null || !Number.isFinite(v)) return 0.8;
  const t = log ? (Math.log(Math.max(v, lo)) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)) : (v - lo) / (hi - lo);
  return 0.8 * Math.min(1, Math.max(0, t));
}

export function mountSurface3D(host: HTMLElement, input: Surface3DInput) {
  host.textContent = '';
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
  if (!context) {
    host.innerHTML = '<p class="note">The 3D view needs WebGL, which this browser has disabled. The 2D views show the same data.</p>';
    host.dataset.state = 'no-webgl';
    return { update() {} };
  }
  canvas.tabIndex = 0;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', '3D view of the surface. Drag or use arrow keys to rotate, wheel or + and − to zoom.');
  const note = document.createElement('p');
  note.className = 'note';
  note.textContent = `Height and color: the value${input.log ? ' on a log scale' : ''}, same colors as the 2D view. Drag or arrow keys to rotate, wheel or + / − to zoom.`;
  host.append(canvas, note);
  const width = Math.min(host.clientWidth || 560, 560);
  const height = Math.round(width * 0.7);
  const renderer = new WebGLRenderer({ canvas, context: context as WebGL2RenderingContext, antialias: true, preserveDrawingBuffer: true });
  renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2));
  renderer.setSize(width, height);
  const scene = new Scene();
  const camera = new PerspectiveCamera(40, width / height, 0.1, 50);
  camera.up.set(0, 0, 1);
  camera.position.set(1.7, -1.9, 1.6);
  const sun = new DirectionalLight(0xffffff, 1.4);
  sun.position.set(1, -1, 2);
  scene.add(new AmbientLight(0xffffff, 1.6), sun);
  const nx = input.x.length;
  const ny = input.y.length;
  // PlaneGeometry's vertices run row by row from the top (y = +1): vertex (row, col) is sample (i = col, j = ny-1-row).
  const geometry = new PlaneGeometry(2, 2, nx - 1, ny - 1);
  const colors = new Float32Array(nx * ny * 3);
  geometry.setAttribute('color', new BufferAttribute(colors, 3));
  const mesh = new Mesh(geometry, new MeshLambertMaterial({ vertexColors: true, side: DoubleSide }));
  scene.add(mesh);
  const controls = new OrbitControls(camera, canvas);
  controls.target.set(0, 0, 0.3);
  const draw = () => renderer.render(scene, camera);
  controls.addEventListener('change', draw);
  canvas.addEventListener('keydown', (e) => {
    const rot: Record<string, number> = { ArrowLeft: 0.1, ArrowRight: -0.1 };
    if (e.key in rot) mesh.rotation.z += rot[e.key];
    else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') camera.position.z += e.key === 'ArrowUp' ? 0.15 : -0.15;
    else if (e.key === '+' || e.key === '=' || e.key === '-') camera.position.multiplyScalar(e.key === '-' ? 1.1 : 1 / 1.1);
    else return;
    e.preventDefault();
    camera.lookAt(controls.target);
    draw();
  });
  const update = ({ values, domain, log, colorOf }: Omit<Surface3DInput, 'x' | 'y'>) => {
    const pos = geometry.getAttribute('position');
    const c = new Color();
    for (let row = 0; row < ny; row++)
      for (let col = 0; col < nx; col++) {
        const vtx = row * nx + col;
        const v = values[(ny - 1 - row) * nx + col];
        pos.setZ(vtx, heightOf(v, domain, log));
        c.set(v === null || !Number.isFinite(v) ? '#888888' : colorOf(v));
        colors.set([c.r, c.g, c.b], vtx * 3);
      }
    pos.needsUpdate = true;
    geometry.getAttribute('color').needsUpdate = true;
    geometry.computeVertexNormals();
    draw();
  };
  update(input);
  host.dataset.state = 'ready';
  return { update };
}

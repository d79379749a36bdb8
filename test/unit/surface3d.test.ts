/**
 * The pure parts of the 3D views (src/components/client/surface3d.ts, compare3d.ts): heights (missing values at the
 * top), ticks, the θ* pin, the camera limits — above all that the bounding sphere's distance keeps everything drawn
 * inside the canvas at every rotation and zoom the controls allow — theme colors, and camera linking.
 */
import { describe, expect, it } from 'vitest';
import { PerspectiveCamera, Sphere, Spherical, Vector3 } from 'three';
import { TOP, axisTicks, baseLabels, baseOf, between, boundingSphere, cameraLimits, fitDistance, heightOf, markerAt, sceneAnchors, theme3d, valueTicks } from '../../src/components/client/surface3d';
import { linkCameras } from '../../src/components/client/compare3d';

/** WCAG relative luminance of a #rrggbb color. */
const luminance = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};

describe('heights', () => {
  it('maps the domain onto [0, TOP], linearly or in log(value), clamped', () => {
    expect(heightOf(1, [1, 3], false)).toBe(0);
    expect(heightOf(2, [1, 3], false)).toBeCloseTo(TOP / 2);
    expect(heightOf(3, [1, 3], false)).toBeCloseTo(TOP);
    expect(heightOf(10, [1, 100], true)).toBeCloseTo(TOP / 2);
    expect(heightOf(1000, [1, 100], true)).toBeCloseTo(TOP);
    expect(heightOf(0.5, [1, 100], true)).toBe(0);
    expect(heightOf(-5, [1, 3], false)).toBe(0);
  });
  it('draws missing values at the top of the scale, never as a hole that looks low', () => {
    for (const v of [null, NaN, Infinity, -Infinity]) expect(heightOf(v, [0.1, 10], true)).toBe(TOP);
  });
  it('puts grid coordinates on the base square [-1, 1]', () => {
    const axis = [-0.5, 0, 0.5, 1.5];
    expect(axis.map((v) => baseOf(axis, v))).toEqual([-1, -0.5, 0, 1]);
  });
});

describe('ticks', () => {
  it('α and β: -1, -0.5, 0, 0.5, 1 on [-1, 1], the title between the middle two', () => {
    expect(axisTicks([-1, -0.5, 0, 0.5, 1])).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(Math.abs(between([-1, 1], [-1, -0.5, 0, 0.5, 1]))).toBe(0.25);
    const labels = baseLabels([-1, 1], [-2, 2]);
    expect(labels.map((l) => l.text)).toEqual(['-1', '-0.5', '0', '0.5', '1', '-2', '-1', '0', '1', '2', 'α', 'β']);
  });
  it('values: log-spaced on a log scale, nice linear steps otherwise, all inside the domain', () => {
    expect(valueTicks([0.01, 10], true)).toEqual([0.01, 0.1, 1, 10]);
    const lin = valueTicks([0.2, 2.3], false);
    expect(lin).toEqual([0.5, 1, 1.5, 2]);
    for (const [d, log] of [[[0.013, 4.7], true], [[0.3, 0.9], true], [[0, 1], false], [[2.31, 2.39], false]] as const) {
      const ts = valueTicks([d[0], d[1]], log);
      expect(ts.length, `${d} ${log}`).toBeGreaterThanOrEqual(2);
      for (const t of ts) expect(t >= d[0] && t <= d[1]).toBe(true);
    }
  });
});

describe('the θ* pin', () => {
  const axis = [-1, -0.5, 0, 0.5, 1];
  const heights = axis.flatMap((b) => axis.map((a) => a * a + b * b));
  it('sits on the surface at α = β = 0', () => {
    const m = markerAt(axis, axis, heights)!;
    expect([m.x, m.y, m.z]).toEqual([0, 0, 0]);
  });
  it('interpolates when 0 falls between grid points', () => {
    const even = [-0.75, -0.25, 0.25, 0.75];
    const m = markerAt(even, even, even.flatMap(() => even.map((a) => (a < 0 ? 0 : 1))))!;
    expect(m.z).toBeCloseTo(0.5);
    expect(m.x).toBeCloseTo(0);
  });
  it('is absent when the grid does not contain 0 (a plane away from the trained weights)', () => {
    expect(markerAt([0.2, 0.4, 0.6], axis, heights)).toBeNull();
  });
});

describe('camera limits that never clip', () => {
  const axis = Array.from({ length: 21 }, (_, k) => -1 + k / 10);
  const sphere = boundingSphere(sceneAnchors(axis, axis));

  it('the bounding sphere holds every anchor: box corners, tick labels, titles, the pin', () => {
    const anchors = sceneAnchors(axis, axis);
    expect(anchors.length).toBeGreaterThan(8 + 10);
    for (const p of anchors) expect(sphere.distanceToPoint(p)).toBeLessThanOrEqual(1e-9);
    for (const l of baseLabels(axis, axis)) expect(sphere.containsPoint(l.at)).toBe(true);
    // At least the box's half-diagonal, and not much more: labels hug the box.
    expect(sphere.radius).toBeGreaterThanOrEqual(Math.hypot(1, 1, TOP / 2));
    expect(sphere.radius).toBeLessThan(1.15 * Math.hypot(1, 1, TOP / 2));
    expect(sphere.center.toArray()).toEqual([0, 0, TOP / 2]);
  });

  it('fitDistance is r / sin(half the narrower field of view), the margin narrowing it', () => {
    const wide = fitDistance(1, { fovY: 40, width: 800, height: 400 });
    expect(wide).toBeCloseTo(1 / Math.sin((20 * Math.PI) / 180), 9);
    const tall = fitDistance(1, { fovY: 40, width: 200, height: 400 });
    expect(tall).toBeCloseTo(1 / Math.sin(Math.atan(0.5 * Math.tan((20 * Math.PI) / 180))), 9);
    expect(fitDistance(1, { fovY: 40, width: 800, height: 400, margin: 40 })).toBeGreaterThan(wide);
    expect(() => fitDistance(1, { fovY: 40, width: 60, height: 400, margin: 40 })).toThrow(/no room/);
  });

  /** Pixel position of p seen by a camera at `spherical` around the sphere's centre. */
  function pixelsAt(view: { width: number; height: number }, clip: { near: number; far: number }, spherical: Spherical, points: Vector3[]) {
    const camera = new PerspectiveCamera(35, view.width / view.height, clip.near, clip.far);
    camera.up.set(0, 0, 1);
    // Spherical is y-up in three.js; the views are z-up: swap y and z.
    const off = new Vector3().setFromSpherical(spherical);
    camera.position.copy(sphere.center).add(new Vector3(off.x, off.z, off.y));
    camera.lookAt(sphere.center);
    camera.updateMatrixWorld();
    const v = new Vector3();
    return points.map((p) => {
      v.copy(p).project(camera);
      return { x: ((v.x + 1) / 2) * view.width, y: ((1 - v.y) / 2) * view.height, z: v.z };
    });
  }

  it('keeps every point of the sphere inside the canvas, margin included, at every allowed angle and distance', () => {
    // Points all over the sphere's surface: if they are inside, everything drawn (inside the sphere) is.
    const onSphere: Vector3[] = [];
    for (let k = 0; k < 150; k++) {
      const z = 1 - (2 * (k + 0.5)) / 150;
      const r = Math.sqrt(1 - z * z);
      const phi = k * Math.PI * (3 - Math.sqrt(5));
      onSphere.push(new Vector3(r * Math.cos(phi), r * Math.sin(phi), z).multiplyScalar(sphere.radius).add(sphere.center));
    }
    for (const view of [{ width: 560, height: 448, margin: 40 }, { width: 330, height: 264, margin: 40 }, { width: 200, height: 160, margin: 20 }, { width: 300, height: 600, margin: 30 }]) {
      const limits = cameraLimits(sphere, { fovY: 35, ...view });
      let worst = Infinity;
      let depth = 0;
      for (const distance of [limits.minDistance, 1.7 * limits.minDistance, limits.maxDistance])
        for (let polar = 0.05; polar <= limits.maxPolarAngle + 1e-9; polar += (limits.maxPolarAngle - 0.05) / 8)
          for (let az = 0; az < 2 * Math.PI; az += 0.4) {
            const px = pixelsAt(view, limits, new Spherical(distance, polar, az), onSphere);
            for (const p of px) {
              worst = Math.min(worst, p.x - view.margin, view.width - view.margin - p.x, p.y - view.margin, view.height - view.margin - p.y);
              depth = Math.max(depth, Math.abs(p.z)); // between the clip planes: |z| < 1
            }
          }
      expect(worst, `${view.width}×${view.height}`).toBeGreaterThanOrEqual(-1e-6);
      expect(depth).toBeLessThan(1);
      expect(worst, 'and no farther than needed: at the closest, the sphere reaches the margin').toBeLessThan(0.05 * view.height);
    }
  });

  it('the near and far planes hold the sphere at every allowed distance', () => {
    const l = cameraLimits(sphere, { fovY: 35, width: 330, height: 264, margin: 40 });
    expect(l.near).toBeGreaterThan(0);
    expect(l.near).toBeLessThan(l.minDistance - sphere.radius);
    expect(l.far).toBeGreaterThan(l.maxDistance + sphere.radius);
    expect(l.maxDistance).toBeCloseTo(3 * l.minDistance);
  });

  it('never lets the camera under the base plane, even at the far limit', () => {
    const l = cameraLimits(sphere, { fovY: 35, width: 330, height: 264, margin: 40 });
    expect(l.maxPolarAngle).toBeGreaterThan(Math.PI / 2); // a little below the centre's height is allowed
    for (const d of [l.minDistance, l.maxDistance]) expect(sphere.center.z + d * Math.cos(l.maxPolarAngle)).toBeGreaterThanOrEqual(0);
    // A sphere centred on the base: the camera stays at or above it.
    expect(cameraLimits(new Sphere(new Vector3(0, 0, 0), 1), { fovY: 35, width: 300, height: 300 }).maxPolarAngle).toBeCloseTo(Math.PI / 2);
  });
});

describe('theme colors', () => {
  it('light mode: light background, dark text; dark mode: dark background, light text', () => {
    const light = theme3d(false);
    const dark = theme3d(true);
    expect(luminance(light.background)).toBeGreaterThan(0.9);
    expect(luminance(dark.background)).toBeLessThan(0.05);
    expect(luminance(light.text)).toBeLessThan(0.05);
    expect(luminance(dark.text)).toBeGreaterThan(0.7);
    // Text and axes stand out from their background in both (WCAG-like contrast of luminances).
    for (const t of [light, dark]) {
      const contrast = (a: string, b: string) => (Math.max(luminance(a), luminance(b)) + 0.05) / (Math.min(luminance(a), luminance(b)) + 0.05);
      expect(contrast(t.text, t.background)).toBeGreaterThan(7);
      expect(contrast(t.axis, t.background)).toBeGreaterThan(3);
      expect(t.halo).toBe(t.background);
    }
  });
});

describe('linked cameras', () => {
  it('copy one view to the others, once, without recursing when the followers report their own change', () => {
    const calls: string[] = [];
    const views: Array<{ name: number; follow(o: { name: number }): void }> = [];
    const link = linkCameras(views);
    for (let n = 0; n < 3; n++)
      views.push({
        name: n,
        follow(o) {
          calls.push(`${n}<-${o.name}`);
          link(n); // a follower's controls fire 'change' too
        },
      });
    link(1);
    expect(calls).toEqual(['0<-1', '2<-1']);
    calls.length = 0;
    link(2);
    expect(calls).toEqual(['0<-2', '1<-2']);
  });
});

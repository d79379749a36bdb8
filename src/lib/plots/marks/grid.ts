/** A sampled 2D grid (a loss surface, a convexity map) and the checks every mark that draws one makes. */
export interface Grid {
  x: number[];
  y: number[];
  /** Row-major values, index j·nx + i; null = not finite / not computed. */
  values: Array<number | null>;
}

export function checkGrid(grid: Grid, who: string): void {
  const n = grid.x.length * grid.y.length;
  if (grid.values.length !== n) throw new Error(`${who}: ${grid.values.length} values for a ${grid.x.length}×${grid.y.length} grid`);
  if (grid.x.length < 2 || grid.y.length < 2) throw new Error(`${who}: a grid needs at least 2 coordinates on each axis`);
}

/** The data extent of a grid's axes: the frame of a surface plot. */
export function gridExtent(grid: Pick<Grid, 'x' | 'y'>): { x: [number, number]; y: [number, number] } {
  return { x: [grid.x[0], grid.x[grid.x.length - 1]], y: [grid.y[0], grid.y[grid.y.length - 1]] };
}

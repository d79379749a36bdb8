/** Browser side of Figure: copy citations, export the figure's plot as SVG or PNG. No network: blobs only. */

const EXPORT_STYLE = { color: '#1b1b1f', background: '#ffffff' };

/** The figure's plots as one standalone SVG string: several panels are laid side by side. */
export function figureSvg(figure: HTMLElement): string {
  // Only what is shown: a hidden panel (the narrow twin of a chart on a wide screen) is not exported.
  const svgs = [...figure.querySelectorAll<SVGSVGElement>('.figure-plot svg')].filter((s) => s.getClientRects().length > 0);
  if (svgs.length === 0) throw new Error('figure has no SVG plot to export');
  const sizes = svgs.map((s) => ({ w: s.viewBox.baseVal?.width || s.width.baseVal.value, h: s.viewBox.baseVal?.height || s.height.baseVal.value }));
  const width = sizes.reduce((a, s) => a + s.w, 0);
  const height = Math.max(...sizes.map((s) => s.h));
  let x = 0;
  const inner = svgs.map((s, k) => {
    const clone = s.cloneNode(true) as SVGSVGElement;
    clone.setAttribute('x', String(x));
    clone.setAttribute('width', String(sizes[k].w));
    clone.setAttribute('height', String(sizes[k].h));
    x += sizes[k].w;
    clone.querySelectorAll('.cursor').forEach((c) => c.remove());
    return new XMLSerializer().serializeToString(clone);
  });
  // currentColor resolves against the root's color: export the light theme, on white, whatever the page theme.
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" color="${EXPORT_STYLE.color}" style="color:${EXPORT_STYLE.color}"><rect width="100%" height="100%" fill="${EXPORT_STYLE.background}"/>${inner.join('')}</svg>`;
}

function download(blob: Blob, name: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** Rasterize at 2× for sharp prints and slides. */
export async function svgToPng(svg: string, scale = 2): Promise<Blob> {
  const img = new Image();
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('could not rasterize the SVG'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(img.width * scale);
    canvas.height = Math.ceil(img.height * scale);
    const ctx = canvas.getContext('2d')!;
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

async function copy(text: string, button: HTMLButtonElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = 'Copied';
  } catch {
    // Clipboard refused (no permission, insecure context): select the text so the reader can copy it by hand.
    const pre = button.closest('p')?.nextElementSibling;
    if (pre) window.getSelection()?.selectAllChildren(pre);
    button.textContent = 'Selected';
  }
  setTimeout(() => (button.textContent = 'Copy'), 1500);
}

function hydrate(figure: HTMLElement): void {
  figure.querySelectorAll<HTMLButtonElement>('button.copy').forEach((b) => {
    b.hidden = false;
    b.addEventListener('click', () => copy(figure.querySelector(b.dataset.copy === 'bibtex' ? '.cite-bibtex' : '.cite-text')!.textContent ?? '', b));
  });
  const exp = figure.querySelector<HTMLElement>('.export');
  if (exp) exp.hidden = false;
  figure.querySelectorAll<HTMLButtonElement>('button[data-export]').forEach((b) =>
    b.addEventListener('click', async () => {
      const svg = figureSvg(figure);
      const name = figure.dataset.slug ?? figure.id;
      if (b.dataset.export === 'svg') download(new Blob([svg], { type: 'image/svg+xml' }), `${name}.svg`);
      else download(await svgToPng(svg), `${name}.png`);
    }),
  );
  figure.dataset.tools = 'ready';
}

export function hydrateFigureTools(): void {
  document.querySelectorAll<HTMLElement>('[data-figure]').forEach((f) => f.dataset.tools !== 'ready' && hydrate(f));
}
